let negate = not
