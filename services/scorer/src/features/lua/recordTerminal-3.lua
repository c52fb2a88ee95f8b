--[[
  Records one transaction at its terminal and counts the terminal's delayed windows as of
  the transaction's event time. Idempotent: recording the same member again changes
  nothing, so a redelivery counts exactly what the first time counted.

  KEYS[1] terminal events   zset  txn fingerprint -> event time (ms)
  KEYS[2] terminal frauds   zset  fraud txn fingerprint -> event time (ms)
  KEYS[3] terminal reports  hash  fraud txn fingerprint -> earliest report time (ms)

  ARGV[1] txn fingerprint (member)
  ARGV[2] event time t, ms
  ARGV[3] trim: events (and frauds) before this time, ms, are removed; 0 = not this time
  ARGV[4] reported-by: a fraud counts only if reported at or before this time, ms (= t)
  ARGV[5] TTL, ms (wall clock: an idle terminal is forgotten); 0 = leave it (the caller
          refreshes it once per batch, not once per transaction)
  ARGV[6..] windows as pairs lo, hi (ms): count members with lo <= time < hi

  Returns per window: transactions in it, and frauds in it reported by ARGV[4].
  No script calls TIME: every time arrives in ARGV, so replays equal live.
]]
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
local hasFrauds = redis.call('EXISTS', KEYS[2]) == 1
if ARGV[3] ~= '0' then
  local cutoff = '(' .. ARGV[3]
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff)
  if hasFrauds then
    local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', cutoff)
    if #expired > 0 then
      redis.call('HDEL', KEYS[3], unpack(expired))
      redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', cutoff)
    end
  end
end
if ARGV[5] ~= '0' then
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  if hasFrauds then
    redis.call('PEXPIRE', KEYS[2], ARGV[5])
    redis.call('PEXPIRE', KEYS[3], ARGV[5])
  end
end

-- Frauds are few: list those of the widest span once, with their report times.
local times, known = {}, {}
if hasFrauds then
  local lo, hi = tonumber(ARGV[6]), tonumber(ARGV[7])
  for i = 8, #ARGV, 2 do
    lo = math.min(lo, tonumber(ARGV[i]))
    hi = math.max(hi, tonumber(ARGV[i + 1]))
  end
  local frauds = redis.call('ZRANGEBYSCORE', KEYS[2], lo, '(' .. hi, 'WITHSCORES')
  if #frauds > 0 then
    local ids = {}
    for i = 1, #frauds, 2 do ids[#ids + 1] = frauds[i] end
    local reported = redis.call('HMGET', KEYS[3], unpack(ids))
    local by = tonumber(ARGV[4])
    for i = 1, #ids do
      times[i] = tonumber(frauds[2 * i])
      known[i] = reported[i] and tonumber(reported[i]) <= by
    end
  end
end

local out = {}
for i = 6, #ARGV, 2 do
  local lo, hi = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  out[#out + 1] = redis.call('ZCOUNT', KEYS[1], lo, '(' .. hi)
  local n = 0
  for j = 1, #times do
    if known[j] and times[j] >= lo and times[j] < hi then n = n + 1 end
  end
  out[#out + 1] = n
end
return out
