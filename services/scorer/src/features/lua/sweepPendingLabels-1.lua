--[[
  Takes out of the pending index the transactions whose parked labels have waited past
  their TTL, so the caller can report each one (log, metric) instead of letting Redis
  expire them silently.

  KEYS[1] pending index  zset txid fingerprint -> wall-clock ms the first label was parked
  ARGV[1] cutoff, wall-clock ms: entries parked before this are expired
  ARGV[2] most entries to take in one call

  Returns the expired transaction id fingerprints (at most ARGV[2]).
]]
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #ids > 0 then redis.call('ZREM', KEYS[1], unpack(ids)) end
return ids
