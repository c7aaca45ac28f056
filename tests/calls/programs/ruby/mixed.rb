class Solution
  def self.mixed(n, s)
    [n, s, true, nil, 1.5]
  end
end
