(* ScaleBox function-call stub for OCaml (placed before the submitted code). Reads the
   call's arguments as tokens on stdin; the call after the submitted code converts them
   with the decoders here chosen for the function's type, and answers on file descriptor
   3 (see verification/harness/calls). *)
module Scalebox_stub = struct
  exception Call_failure of string

  let fail message = raise (Call_failure message)

  type tokens = { lines : string array; mutable pos : int }

  let kind_name = function
    | 'n' -> "null" | 'b' -> "a bool" | 'i' -> "an integer" | 'f' -> "a float"
    | 's' -> "a string" | 'l' -> "a list" | 'm' -> "an object" | _ -> "a value"

  let peek input =
    if input.pos < Array.length input.lines && input.lines.(input.pos) <> "" then
      input.lines.(input.pos).[0]
    else '?'

  let next input kind =
    if input.pos >= Array.length input.lines then fail "the arguments end too soon";
    let line = input.lines.(input.pos) in
    input.pos <- input.pos + 1;
    if line = "" || line.[0] <> kind then
      fail ("expected " ^ kind_name kind ^ ", got "
            ^ (if line = "" then "a blank line" else kind_name line.[0]));
    if String.length line > 2 then String.sub line 2 (String.length line - 2) else ""

  let count input kind =
    match int_of_string_opt (next input kind) with
    | Some n when n >= 0 -> n
    | _ -> fail "bad count"

  let unhex text =
    String.init (String.length text / 2) (fun i ->
        Char.chr (int_of_string ("0x" ^ String.sub text (2 * i) 2)))

  let hex text =
    let buffer = Buffer.create (2 * String.length text) in
    String.iter (fun c -> Buffer.add_string buffer (Printf.sprintf "%02x" (Char.code c))) text;
    Buffer.contents buffer

  (* -- decoders: tokens to a value of the parameter's type -------------------------- *)

  let d_int input =
    let text = next input 'i' in
    match int_of_string_opt text with
    | Some n -> n
    | None -> fail ("integer " ^ text ^ " does not fit in OCaml's 63-bit int (use int64)")

  let d_int64 input =
    let text = next input 'i' in
    match Int64.of_string_opt text with
    | Some n -> n
    | None -> fail ("integer " ^ text ^ " does not fit in int64")

  let d_int32 input =
    let text = next input 'i' in
    match Int32.of_string_opt text with
    | Some n when Int32.to_string n = text -> n
    | _ -> fail ("integer " ^ text ^ " does not fit in int32")

  let d_float input =
    let kind = if peek input = 'i' then 'i' else 'f' in
    match next input kind with
    | "nan" -> Float.nan
    | "inf" -> Float.infinity
    | "-inf" -> Float.neg_infinity
    | text -> float_of_string text

  let d_bool input = next input 'b' = "1"
  let d_string input = unhex (next input 's')

  let d_char input =
    let text = d_string input in
    if String.length text <> 1 then fail "a char parameter needs a string of one byte";
    text.[0]

  let d_unit input = ignore (next input 'n')

  let d_option d input =
    if peek input = 'n' then (ignore (next input 'n'); None) else Some (d input)

  let d_list d input = List.init (count input 'l') (fun _ -> d input)
  let d_array d input = Array.of_list (d_list d input)

  let d_tuple n input =
    let m = count input 'l' in
    if m <> n then fail (Printf.sprintf "a list of %d for a tuple of %d" m n)

  (* Keys of objects arrive as strings; other key types are read from that text. *)
  let k_string text = text
  let k_of what parse text =
    match parse text with Some v -> v | None -> fail (Printf.sprintf "key %S is not %s" text what)
  let k_int = k_of "an int" int_of_string_opt
  let k_int64 = k_of "an int64" Int64.of_string_opt
  let k_int32 = k_of "an int32" Int32.of_string_opt
  let k_float = k_of "a float" float_of_string_opt
  let k_bool = k_of "a bool" bool_of_string_opt
  let k_char = k_of "a char" (fun text -> if String.length text = 1 then Some text.[0] else None)

  let d_hashtbl dk dv input =
    let n = count input 'm' in
    let table = Hashtbl.create (max n 1) in
    for _ = 1 to n do
      let key = dk (d_string input) in
      Hashtbl.replace table key (dv input)
    done;
    table

  let d_none what (_ : tokens) = fail ("parameters cannot be of type " ^ what)

  (* -- encoders: a value of the result's type to tokens ------------------------------ *)

  let e_int out n = Buffer.add_string out (Printf.sprintf "i %d\n" n)
  let e_int64 out n = Buffer.add_string out (Printf.sprintf "i %Ld\n" n)
  let e_int32 out n = Buffer.add_string out (Printf.sprintf "i %ld\n" n)

  let e_float out x =
    Buffer.add_string out
      (if Float.is_nan x then "f nan\n"
       else if x = Float.infinity then "f inf\n"
       else if x = Float.neg_infinity then "f -inf\n"
       else Printf.sprintf "f %.17g\n" x)

  let e_bool out b = Buffer.add_string out (if b then "b 1\n" else "b 0\n")
  let e_string out s = Buffer.add_string out ("s " ^ hex s ^ "\n")
  let e_char out c = e_string out (String.make 1 c)
  let e_unit out () = Buffer.add_string out "n\n"
  let e_option e out = function None -> Buffer.add_string out "n\n" | Some v -> e out v

  let e_list e out items =
    Buffer.add_string out (Printf.sprintf "l %d\n" (List.length items));
    List.iter (e out) items

  let e_array e out items = e_list e out (Array.to_list items)
  let e_tuple out n = Buffer.add_string out (Printf.sprintf "l %d\n" n)

  let ke_string text = text
  let ke_int = string_of_int
  let ke_int64 = Int64.to_string
  let ke_int32 = Int32.to_string
  let ke_float = Printf.sprintf "%.17g"
  let ke_bool = string_of_bool
  let ke_char = String.make 1

  let e_hashtbl ek ev out table =
    Buffer.add_string out (Printf.sprintf "m %d\n" (Hashtbl.length table));
    Hashtbl.iter (fun key value -> e_string out (ek key); ev out value) table

  let e_none what _ _ = fail ("the function returned a value of type " ^ what ^ ", which has no JSON form")

  (* -- the call ------------------------------------------------------------------------ *)

  let request () =
    let buffer = Buffer.create 4096 in
    let chunk = Bytes.create 65536 in
    let rec loop () =
      let n = input stdin chunk 0 (Bytes.length chunk) in
      if n > 0 then (Buffer.add_subbytes buffer chunk 0 n; loop ())
    in
    loop ();
    { lines = Array.of_list (String.split_on_char '\n' (Buffer.contents buffer)); pos = 0 }

  let arg position d input =
    try d input with Call_failure message -> fail (Printf.sprintf "argument %d: %s" position message)

  let run name arity call =
    let reply =
      try
        let input = request () in
        if count input 'l' <> arity then fail (Printf.sprintf "%s takes %d arguments" name arity);
        let out = Buffer.create 256 in
        Buffer.add_string out "ok\n";
        call input out;
        Buffer.contents out
      with
      | Call_failure message -> "raised " ^ hex message ^ "\n"
      | e -> "raised " ^ hex (Printexc.to_string e) ^ "\n"
    in
    flush stdout;
    let answer = open_out_bin "/dev/fd/3" in
    output_string answer reply;
    close_out answer;
    exit 0
end
