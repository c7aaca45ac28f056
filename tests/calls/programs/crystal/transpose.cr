def transpose(grid : Array(Array(Int32))) : Array(Array(Int32))
  grid.transpose
end
