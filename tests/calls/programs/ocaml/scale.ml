let scale (xs : float array) (k : float) = Array.map (fun x -> x *. k) xs
