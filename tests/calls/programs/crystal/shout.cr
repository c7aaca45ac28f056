class Solution
  def self.shout(s : String) : String
    s + "!"
  end
end
