-- No type signature: the compiler infers Bool -> Bool.
negate' = not

negate b = negate' b
