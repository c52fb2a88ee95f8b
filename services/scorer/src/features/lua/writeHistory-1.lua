--[[
  Writes a card's history (packed 24-byte records, card-history.ts) only if its stored
  length is what the writer last saw: a compare-and-set that stops a previous owner of
  the card's partition (a zombie scorer) from interleaving late appends unnoticed.

  KEYS[1] card history      string of packed records
  ARGV[1] expected length, bytes (0 when the card was unknown)
  ARGV[2] records to write (binary)
  ARGV[3] 1 = replace the whole history (after a trim), 0 = append
  ARGV[4] TTL, ms (wall clock: an idle card is forgotten)

  Returns the new length in bytes, or -1 when the stored length differs (nothing written).
]]
if redis.call('STRLEN', KEYS[1]) ~= tonumber(ARGV[1]) then return -1 end
local n
if ARGV[3] == '1' then
  redis.call('SET', KEYS[1], ARGV[2])
  n = #ARGV[2]
else
  n = redis.call('APPEND', KEYS[1], ARGV[2])
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return n
