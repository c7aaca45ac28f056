let find (xs : int list) target =
  let rec go i = function
    | [] -> None
    | x :: rest -> if x = target then Some i else go (i + 1) rest
  in
  go 0 xs

let () = assert (find [ 1; 2 ] 2 = Some 1)
