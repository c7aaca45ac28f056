(* 64-bit integers are int64 (int has 63 bits); debug output goes to stdout. *)
let add (a : int64) (b : int64) : int64 =
  Printf.printf "adding %Ld and %Ld\n" a b;
  Int64.add a b
