--[[
  A fraud label looks up its transaction in the txn index. When the transaction is known,
  the earliest report time is kept on its entry (as a parked label's would be, so the
  entry ends the same whichever came first); when it is not known yet, the label's report
  time is parked on the index entry (the earliest one is kept) until the transaction
  arrives and adopts it (adoptParked-1.lua).

  KEYS[1] txn index entry   string  "<content>|<t>|<reported>|<terminal>" or "P|<reported>"
                                    (times in base 36, txn-entry.ts)
  ARGV[1] report (label) time, ms, in base 36
  ARGV[2] pending TTL, ms (wall clock): how long a parked label waits

  Returns the known entry (as stored afterwards), or nil when the label is (now) parked.
]]
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, 2) ~= 'P|' then
  local a = string.find(v, '|', 1, true)
  local b = string.find(v, '|', a + 1, true)
  local c = string.find(v, '|', b + 1, true)
  local known = string.sub(v, b + 1, c - 1)
  if known == '' or tonumber(ARGV[1], 36) < tonumber(known, 36) then
    v = string.sub(v, 1, b) .. ARGV[1] .. string.sub(v, c)
    redis.call('SET', KEYS[1], v, 'KEEPTTL')
  end
  return v
end
if v == false then
  redis.call('SET', KEYS[1], 'P|' .. ARGV[1], 'PX', ARGV[2])
elseif tonumber(ARGV[1], 36) < tonumber(string.sub(v, 3), 36) then
  redis.call('SET', KEYS[1], 'P|' .. ARGV[1], 'KEEPTTL')
end
return false
