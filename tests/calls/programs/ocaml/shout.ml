module Solution = struct
  let shout s = s ^ "!"
end
