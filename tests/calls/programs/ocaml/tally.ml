let tally (words : string list) : (string, int) Hashtbl.t =
  let counts = Hashtbl.create 16 in
  List.iter
    (fun w ->
      let n = Option.value (Hashtbl.find_opt counts w) ~default:0 in
      Hashtbl.replace counts w (n + 1))
    words;
  counts
