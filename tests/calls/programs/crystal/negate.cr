def negate(b : Bool)
  !b
end
