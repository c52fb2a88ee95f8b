--[[
  Records one transaction at its terminal and counts the terminal's delayed windows as of
  the transaction's event time. Idempotent: recording the same member again changes
  nothing, so a redelivery counts exactly what the first time counted.

  KEYS[1] terminal events   zset  txn fingerprint -> event time (ms)
  KEYS[2] terminal frauds   zset  fraud txn fingerprint -> event time (ms)
  KEYS[3] terminal reports  hash  fraud txn fingerprint -> earliest report time (ms)

  ARGV[1] txn fingerprint (member)
  ARGV[2] event time t, ms
  ARGV[3] trim: events (and frauds) before this time, ms, are removed
  ARGV[4] reported-by: a fraud counts only if reported at or before this time, ms (= t)
  ARGV[5] TTL, ms (wall clock: an idle terminal is forgotten)
  ARGV[6..] windows as pairs lo, hi (ms): count members with lo <= time < hi

  Returns per window: transactions in it, and frauds in it reported by ARGV[4].
  No script calls TIME: every time arrives in ARGV, so replays equal live.
]]
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
local cutoff = '(' .. ARGV[3]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff)
redis.call('PEXPIRE', KEYS[1], ARGV[5])

local hasFrauds = redis.call('EXISTS', KEYS[2]) == 1
if hasFrauds then
  local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', cutoff)
  if #expired > 0 then
    redis.call('HDEL', KEYS[3], unpack(expired))
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', cutoff)
  end
end

local by = tonumber(ARGV[4])
local out = {}
for i = 6, #ARGV, 2 do
  out[#out + 1] = redis.call('ZCOUNT', KEYS[1], ARGV[i], '(' .. ARGV[i + 1])
  local known = 0
  if hasFrauds then
    -- Frauds are few: list the window's frauds and check their report times.
    local ids = redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[i], '(' .. ARGV[i + 1])
    if #ids > 0 then
      local reported = redis.call('HMGET', KEYS[3], unpack(ids))
      for j = 1, #ids do
        if reported[j] and tonumber(reported[j]) <= by then known = known + 1 end
      end
    end
  end
  out[#out + 1] = known
end
return out
