local function find(xs, target)
    for i, x in ipairs(xs) do
        if x == target then
            return i - 1
        end
    end
    return nil
end
