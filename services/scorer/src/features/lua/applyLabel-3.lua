--[[
  Applies one fraud label to the risk features of its transaction's terminal.
  Idempotent per label id. A label for a transaction not seen yet is parked on the
  transaction (scoreTransaction applies it when the transaction arrives) and indexed so
  that labels that never find their transaction are reported, not dropped silently.

  KEYS[1] label marker      string, set once per label id (TTL ARGV[7])
  KEYS[2] txn record        hash written by scoreTransaction: card, terminal, t
  KEYS[3] pending labels    hash label_id -> label_time (ms) for this transaction

  ARGV[1] label id
  ARGV[2] label time, ms since epoch
  ARGV[3] 1 = fraud, 0 = cleared (recorded for idempotency, changes no feature)
  ARGV[4] transaction id
  ARGV[5] terminal frauds key template, "{id}" stands for the terminal id (keys.ts builds it)
  ARGV[6] terminal reports key template, same
  ARGV[7] label marker TTL, ms
  ARGV[8] pending TTL, ms
  ARGV[9] pending index key (zset txid -> parked-at wall clock, ms)
  ARGV[10] wall-clock now, ms (only for the pending index; features never use it)
  ARGV[11] entity TTL, ms (wall clock), refreshed on the terminal keys it writes

  The terminal keys are named from the stored record, so this script needs all keys on
  one Redis node (standalone or primary/replica; not Redis Cluster).

  Returns: 0 applied, 1 duplicate label, 2 parked (transaction not seen yet), 3 not fraud
]]
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[7]) == false then return 1 end
if ARGV[3] ~= '1' then return 3 end

local labelTime = tonumber(ARGV[2])
local rec = redis.call('HMGET', KEYS[2], 'terminal', 't')
if not rec[1] then
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[3], ARGV[8])
  redis.call('ZADD', ARGV[9], 'NX', ARGV[10], ARGV[4])
  return 2
end

local function key(template) return (string.gsub(template, '{id}', function() return rec[1] end)) end
local frauds, reports = key(ARGV[5]), key(ARGV[6])
redis.call('ZADD', frauds, tonumber(rec[2]), ARGV[4])
local known = tonumber(redis.call('HGET', reports, ARGV[4]))
if known == nil or labelTime < known then redis.call('HSET', reports, ARGV[4], labelTime) end
redis.call('PEXPIRE', frauds, ARGV[11])
redis.call('PEXPIRE', reports, ARGV[11])
return 0
