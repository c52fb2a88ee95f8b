--[[
  Records one transaction at its terminal and counts the terminal's delayed windows as of
  the transaction's event time, exactly. Events live in one small sorted set per day
  (compact listpack encoding below zset-max-listpack-entries) plus a per-day count, so a
  window is: part of its first day + whole days from the counts + part of its last day.
  The day counts are a ring of 64 slots in one string (8 bytes each: day index, count;
  little-endian u32), read with one GET: far cheaper than a hash read field by field.
  Idempotent: recording the same member again changes nothing, so a redelivery counts
  exactly what the first time counted.

  KEYS[1] day counts        string  slot (day mod 64) -> day index (floor(time / ARGV[6])), members
                                  in that day's zset; a slot of another day counts 0
  KEYS[2] terminal frauds   zset  fraud txn fingerprint -> event time (ms)
  KEYS[3] terminal reports  hash  fraud txn fingerprint -> earliest report time (ms)
  KEYS[4] the event's day   zset  txn fingerprint -> event time (ms)
  KEYS[5..] per window, the day zsets holding its lo and its hi (pairs, in ARGV order):
          4 + 2 per window keys; 10 with the shipped feature set's three terminal windows

  ARGV[1] txn fingerprint (member)
  ARGV[2] event time t, ms
  ARGV[3] trim: frauds before this time (ms) are removed; 0 = not this time (the caller
          trims when the terminal's event day moves on; day zsets expire by their own TTL,
          ARGV[7], and ring slots are reused; the caller keeps windows within 62 days)
  ARGV[4] reported-by: a fraud counts only if reported at or before this time, ms (= t)
  ARGV[5] TTL of KEYS[1..3], ms (wall clock); 0 = leave it (the caller refreshes it when
          the terminal's event day moves on, not once per transaction)
  ARGV[6] day length, ms (the bucket size)
  ARGV[7] TTL of a day zset, ms, set when the day's first event is recorded
  ARGV[8..] windows as pairs lo, hi (ms): count events with lo <= time < hi

  Returns per window: transactions in it, and frauds in it reported by ARGV[4].
  No script calls TIME: every time arrives in ARGV, so replays equal live.
]]
local D = tonumber(ARGV[6])
local SLOTS = 64
local function slot(day) return (day % SLOTS) * 8 end

if redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1]) == 1 then
  local day = math.floor(tonumber(ARGV[2]) / D)
  local raw = redis.call('GETRANGE', KEYS[1], slot(day), slot(day) + 7)
  local sd, sc = -1, 0
  if #raw == 8 then sd, sc = struct.unpack('<I4I4', raw) end
  if sd > day then
    -- The slot holds a later day: this event is over 63 days late and no window needs it.
    redis.call('ZREM', KEYS[4], ARGV[1])
  else
    if sd < day then
      sc = 0
      redis.call('PEXPIRE', KEYS[4], ARGV[7])
    end
    redis.call('SETRANGE', KEYS[1], slot(day), struct.pack('<I4I4', day, sc + 1))
  end
end

local hasFrauds = redis.call('EXISTS', KEYS[2]) == 1
if ARGV[3] ~= '0' and hasFrauds then
  local cutoff = '(' .. ARGV[3]
  local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', cutoff)
  if #expired > 0 then
    redis.call('HDEL', KEYS[3], unpack(expired))
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', cutoff)
  end
end
if ARGV[5] ~= '0' then
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  if hasFrauds then
    redis.call('PEXPIRE', KEYS[2], ARGV[5])
    redis.call('PEXPIRE', KEYS[3], ARGV[5])
  end
end

-- Whole days strictly inside the widest window, read once.
local minLo, maxHi = nil, nil
for i = 8, #ARGV, 2 do
  local lo, hi = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  if minLo == nil or lo < minLo then minLo = lo end
  if maxHi == nil or hi > maxHi then maxHi = hi end
end
local fromDay, toDay = math.floor(minLo / D) + 1, math.floor(maxHi / D) - 1
local perDay = {}
if toDay >= fromDay then
  local ring = redis.call('GET', KEYS[1]) or ''
  for d = fromDay, toDay do
    local off = slot(d) + 1
    local n = 0
    if #ring >= off + 7 then
      local sd, sc = struct.unpack('<I4I4', ring, off)
      if sd == d then n = sc end
    end
    perDay[d] = n
  end
end

-- Frauds are few: list those of the widest window once, with their report times.
local times, known = {}, {}
if hasFrauds then
  local frauds = redis.call('ZRANGEBYSCORE', KEYS[2], minLo, '(' .. maxHi, 'WITHSCORES')
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

-- Windows sharing an edge (the same delay) share its partial-day count: computed once.
local partial = {}
local function zcount(key, lo, hi)
  local memo = key .. ' ' .. lo .. ' ' .. hi
  if partial[memo] == nil then partial[memo] = redis.call('ZCOUNT', key, lo, hi) end
  return partial[memo]
end

local out = {}
for i = 8, #ARGV, 2 do
  local lo, hi = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  local loKey, hiKey = KEYS[5 + (i - 8)], KEYS[6 + (i - 8)]
  local dlo, dhi = math.floor(lo / D), math.floor(hi / D)
  local n
  if dlo == dhi then
    n = zcount(loKey, ARGV[i], '(' .. ARGV[i + 1])
  else
    n = zcount(loKey, ARGV[i], '+inf') + zcount(hiKey, '-inf', '(' .. ARGV[i + 1])
    for d = dlo + 1, dhi - 1 do n = n + perDay[d] end
  end
  out[#out + 1] = n
  local f = 0
  for j = 1, #times do
    if known[j] and times[j] >= lo and times[j] < hi then f = f + 1 end
  end
  out[#out + 1] = f
end
return out
