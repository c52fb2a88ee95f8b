--[[
  Replaces a card's history (packed 16-byte records, card-history.ts) after a trim, only
  if its stored length is what the writer last saw: a compare-and-set, so a previous
  owner's late append (a zombie scorer) is never overwritten unnoticed. Appends, the
  common case, need no script: APPEND returns the new length, and a length other than
  expected + appended tells the writer that someone else wrote in between.

  KEYS[1] card history      string of packed records
  ARGV[1] expected length, bytes
  ARGV[2] the whole new history (binary)
  ARGV[3] TTL, ms (wall clock: an idle card is forgotten)

  Returns the new length in bytes, or -1 when the stored length differs (nothing written).
]]
if redis.call('STRLEN', KEYS[1]) ~= tonumber(ARGV[1]) then return -1 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return #ARGV[2]
