Solution = {}

function Solution.negate(b)
    return not b
end
