--[[
  A transaction arriving after a fraud label for it replaces the parked entry with its own,
  carrying the parked report time, so a retry after a crash still finds the report.

  KEYS[1] txn index entry   string  "P|<reported>" (parked) or a known entry
  ARGV[1] the entry's head "<content>|<t>|" (times in base 36, txn-entry.ts)
  ARGV[2] the entry's tail "|<terminal>"
  ARGV[3] txn index TTL, ms (wall clock)

  Returns the entry stored afterwards (another writer's known entry is left as it is).
]]
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, 2) ~= 'P|' then return v end
local entry = ARGV[1] .. (v and string.sub(v, 3) or '') .. ARGV[2]
redis.call('SET', KEYS[1], entry, 'PX', ARGV[3])
return entry
