class Solution
  def tally(words)
    words.each_with_object(Hash.new(0)) { |w, counts| counts[w] += 1 }
  end
end
