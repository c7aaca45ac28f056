def find(xs, target)
  xs.index(target)
end
