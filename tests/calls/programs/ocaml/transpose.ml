let transpose (grid : int list list) : int list list =
  let rec go rows =
    match rows with
    | [] | [] :: _ -> []
    | _ -> List.map List.hd rows :: go (List.map List.tl rows)
  in
  go grid
