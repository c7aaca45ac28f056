class Solution
  def scale(xs : Array(Float64), k : Float64) : Array(Float64)
    xs.map { |x| x * k }
  end
end
