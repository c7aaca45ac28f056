function transpose(grid)
    local out = {}
    for r, row in ipairs(grid) do
        for c, v in ipairs(row) do
            out[c] = out[c] or {}
            out[c][r] = v
        end
    end
    return out
end
