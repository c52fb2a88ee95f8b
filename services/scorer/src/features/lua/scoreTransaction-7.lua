--[[
  Records one transaction and returns its raw aggregates as of its own event time t.
  Idempotent: for a transaction id already recorded it changes nothing and returns the
  aggregates stored the first time, so a redelivery yields the same decision.

  KEYS[1] txn record        hash  card, terminal, t, agg (the reply below, comma-joined)
  KEYS[2] card events       zset  member "<amount>|<txid>", score = event time (ms)
  KEYS[3] terminal events   zset  member "<txid>", score = event time (ms)
  KEYS[4] terminal frauds   zset  member "<txid>", score = event time of that transaction (ms)
  KEYS[5] terminal reports  hash  txid -> earliest label_time (ms) of a fraud label for it
  KEYS[6] pending labels    hash  label_id -> label_time (ms): fraud labels that arrived before this txn
  KEYS[7] pending index     zset  txid -> wall-clock ms the first pending label was parked

  ARGV[1]  transaction id
  ARGV[2]  event time t, ms since epoch
  ARGV[3]  amount, integer minor units
  ARGV[4]  card token (stored in the record for labels)
  ARGV[5]  terminal id (stored in the record for labels)
  ARGV[6]  card windows, ms, comma-separated, ascending ("3600000,86400000,...")
  ARGV[7]  terminal windows, "window_ms:delay_ms" comma-separated
  ARGV[8]  card horizon, ms: card events older than t - horizon are trimmed
  ARGV[9]  terminal horizon, ms: terminal events older than t - horizon are trimmed
  ARGV[10] most events kept per card (bounds memory under card-testing bursts)
  ARGV[11] txn record TTL, ms (wall clock)
  ARGV[12] entity TTL, ms (wall clock: an idle card or terminal is forgotten)

  Returns an array of integers:
    [1] 0 = first time, 1 = redelivery (the rest is what the first time returned)
    [2] event time of the card's latest transaction strictly before t, or -1
    then per card window:     count, sum, max of amounts in (t - w, t], this one included
    then per terminal window: transactions in [t - d - w, t - d), and how many of them had a
                              fraud label with label_time <= t
  No script calls TIME: every time arrives in ARGV, so replays equal live.
]]
local stored = redis.call('HGET', KEYS[1], 'agg')
if stored then
  local out = { 1 }
  for v in string.gmatch(stored, '[^,]+') do out[#out + 1] = tonumber(v) end
  return out
end

local txid, t, amount = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local cardHorizon, termHorizon = tonumber(ARGV[8]), tonumber(ARGV[9])
local entityTtl = tonumber(ARGV[12])

-- Fraud labels that arrived before the transaction are applied now that its terminal is known.
local pending = redis.call('HGETALL', KEYS[6])
if #pending > 0 then
  local earliest = nil
  for i = 2, #pending, 2 do
    local lt = tonumber(pending[i])
    if earliest == nil or lt < earliest then earliest = lt end
  end
  redis.call('ZADD', KEYS[4], t, txid)
  local known = tonumber(redis.call('HGET', KEYS[5], txid))
  if known == nil or earliest < known then redis.call('HSET', KEYS[5], txid, earliest) end
  redis.call('DEL', KEYS[6])
  redis.call('ZREM', KEYS[7], txid)
end

-- Card: exact sliding windows over the card's own events.
redis.call('ZADD', KEYS[2], t, ARGV[3] .. '|' .. txid)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (t - cardHorizon))
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[10])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1) end
redis.call('PEXPIRE', KEYS[2], entityTtl)

local prev = redis.call('ZREVRANGEBYSCORE', KEYS[2], '(' .. t, '-inf', 'WITHSCORES', 'LIMIT', 0, 1)
local out = { 0, prev[2] and tonumber(prev[2]) or -1 }

local windows, lower = {}, {}
for w in string.gmatch(ARGV[6], '[^,]+') do
  windows[#windows + 1] = tonumber(w)
  lower[#lower + 1] = t - tonumber(w)
end
local n = #windows
local count, sum, max = {}, {}, {}
for k = 1, n do count[k], sum[k], max[k] = 0, 0, 0 end
-- One pass over the widest window; each member is parsed once (hot path).
local events = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. lower[n], t, 'WITHSCORES')
for i = 1, #events, 2 do
  local s = tonumber(events[i + 1])
  local m = events[i]
  local a = tonumber(string.sub(m, 1, string.find(m, '|', 1, true) - 1))
  for k = 1, n do
    if s > lower[k] then
      count[k] = count[k] + 1
      sum[k] = sum[k] + a
      if a > max[k] then max[k] = a end
    end
  end
end
for k = 1, n do
  out[#out + 1] = count[k]
  out[#out + 1] = sum[k]
  out[#out + 1] = max[k]
end

-- Terminal: exact counts over delayed windows, shared by every card that uses the terminal.
redis.call('ZADD', KEYS[3], t, txid)
local cutoff = '(' .. (t - termHorizon)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', cutoff)
local hasFrauds = redis.call('ZCARD', KEYS[4]) > 0
if hasFrauds then
  local expired = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', cutoff)
  if #expired > 0 then
    redis.call('HDEL', KEYS[5], unpack(expired))
    redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', cutoff)
  end
end
for _, k in ipairs({ KEYS[3], KEYS[4], KEYS[5] }) do redis.call('PEXPIRE', k, entityTtl) end

local spans, lo, hi = {}, nil, nil
for spec in string.gmatch(ARGV[7], '[^,]+') do
  local w, d = string.match(spec, '(%d+):(%d+)')
  local h = t - tonumber(d)
  local l = h - tonumber(w)
  spans[#spans + 1] = { l, h }
  if lo == nil or l < lo then lo = l end
  if hi == nil or h > hi then hi = h end
end
-- Frauds are few: fetch those of the widest span once, with their report times.
local fraudTimes, fraudReported = {}, {}
if hasFrauds then
  local frauds = redis.call('ZRANGEBYSCORE', KEYS[4], lo, '(' .. hi, 'WITHSCORES')
  if #frauds > 0 then
    local ids = {}
    for i = 1, #frauds, 2 do ids[#ids + 1] = frauds[i] end
    local reported = redis.call('HMGET', KEYS[5], unpack(ids))
    for i = 1, #ids do
      fraudTimes[i] = tonumber(frauds[2 * i])
      fraudReported[i] = reported[i] and tonumber(reported[i]) <= t
    end
  end
end
for _, span in ipairs(spans) do
  out[#out + 1] = redis.call('ZCOUNT', KEYS[3], span[1], '(' .. span[2])
  local known = 0
  for i = 1, #fraudTimes do
    if fraudReported[i] and fraudTimes[i] >= span[1] and fraudTimes[i] < span[2] then known = known + 1 end
  end
  out[#out + 1] = known
end

redis.call('HSET', KEYS[1], 'card', ARGV[4], 'terminal', ARGV[5], 't', ARGV[2],
  'agg', table.concat(out, ',', 2))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[11]))
return out
