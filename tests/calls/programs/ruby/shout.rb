class Solution
  # @param {String} s
  # @return {String}
  def shout(s)
    puts "shouting #{s.bytesize} bytes"
    s + "!"
  end
end
