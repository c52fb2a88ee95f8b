--[[
  A fraud label looks up its transaction in the txn index. When the transaction is not
  known yet, the label's report time is parked on the index entry (the earliest one is
  kept) until the transaction arrives and adopts it (adoptParked-1.lua).

  KEYS[1] txn index entry   string  "<content>|<t>|<reported>|<terminal>" or "P|<reported>"
                                    (times in base 36, txn-entry.ts)
  ARGV[1] report (label) time, ms, in base 36
  ARGV[2] pending TTL, ms (wall clock): how long a parked label waits

  Returns the known entry, or nil when the label is (now) parked.
]]
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, 2) ~= 'P|' then return v end
if v == false then
  redis.call('SET', KEYS[1], 'P|' .. ARGV[1], 'PX', ARGV[2])
elseif tonumber(ARGV[1], 36) < tonumber(string.sub(v, 3), 36) then
  redis.call('SET', KEYS[1], 'P|' .. ARGV[1], 'KEEPTTL')
end
return false
