def tally(words : Array(String)) : Hash(String, Int64)
  counts = Hash(String, Int64).new(0_i64)
  words.each { |w| counts[w] += 1 }
  counts
end
