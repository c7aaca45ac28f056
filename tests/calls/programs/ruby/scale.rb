scale = lambda do |xs, k|
  xs.map { |x| x * k }
end
