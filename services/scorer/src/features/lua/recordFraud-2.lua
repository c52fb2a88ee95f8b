--[[
  Records that a transaction of this terminal was reported as fraud. Idempotent: the
  earliest report time is kept, so labels applied again (redelivery, crash retry) or in
  another order end in the same state.

  KEYS[1] terminal frauds   zset  fraud txn fingerprint -> event time (ms)
  KEYS[2] terminal reports  hash  fraud txn fingerprint -> earliest report time (ms)

  ARGV[1] txn fingerprint (member)
  ARGV[2] event time of the transaction, ms
  ARGV[3] report (label) time, ms
  ARGV[4] TTL, ms (wall clock)

  Returns 1 when the stored report time changed, 0 when it was already as early.
]]
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local known = tonumber(redis.call('HGET', KEYS[2], ARGV[1]))
local changed = 0
if known == nil or tonumber(ARGV[3]) < known then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
  changed = 1
end
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return changed
