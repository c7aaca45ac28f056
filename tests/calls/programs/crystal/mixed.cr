alias Item = Int64 | String | Bool | Float64 | Nil

def mixed(n : Int64, s : String) : Array(Item)
  [n, s, true, nil, 1.5] of Item
end
