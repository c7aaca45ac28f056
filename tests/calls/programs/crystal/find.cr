def find(xs : Array(Int64), target : Int64) : Int32?
  xs.index(target)
end
