-- Debug output on stdout does not disturb the answer.
print("loading")

local function shout(s)
    print("shout called with " .. #s .. " bytes")
    return s .. "!"
end

-- A script's own test run: it reads nothing, as the call's input is not its to read.
local line = io.read("l")
print("stdin gave", line)
