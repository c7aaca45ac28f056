-- ScaleBox function-call stub for Lua, joined into the first line of the solver (so the
-- submitted code keeps its line numbers); the call is made after the submitted code.
-- Reads the call's arguments as tokens on stdin, calls the function and answers on file
-- descriptor 3 (see verification/harness/calls). No line comments below this header.
local scalebox_call = (function()
    local M = {}
    local type, pairs, next, tostring, tonumber = type, pairs, next, tostring, tonumber
    local getmetatable, setmetatable, rawlen, pcall, error = getmetatable, setmetatable, rawlen, pcall, error
    local pack, unpack, concat, sort = table.pack, table.unpack, table.concat, table.sort
    local format, gsub, byte, char, gmatch, match = string.format, string.gsub, string.byte, string.char, string.gmatch, string.match
    local mathtype, huge, getlocal = math.type, math.huge, debug.getlocal
    local stdout = io.stdout
    local request = io.read("a") or ""
    local answer = io.open("/dev/fd/3", "wb")

    local function unhex(text)
        return (gsub(text, "%x%x", function(h) return char(tonumber(h, 16)) end))
    end
    local function hex(text)
        return (gsub(text, ".", function(c) return format("%02x", byte(c)) end))
    end

    local function parse(lines, depth)
        if depth > 200 then error("the arguments are nested too deeply", 0) end
        local line = lines[lines.pos]
        if line == nil then error("the arguments end too soon", 0) end
        lines.pos = lines.pos + 1
        local kind, text = match(line, "^(%a) ?(.*)$")
        if kind == "n" then return nil end
        if kind == "b" then return text == "1" end
        if kind == "i" then
            local v = tonumber(text)
            if mathtype(v) ~= "integer" then error("integer " .. text .. " does not fit in 64 bits", 0) end
            return v
        end
        if kind == "f" then
            if text == "nan" then return -(0.0 / 0.0) end
            if text == "inf" then return huge end
            if text == "-inf" then return -huge end
            return tonumber(text) + 0.0
        end
        if kind == "s" then return unhex(text) end
        if kind == "l" or kind == "m" then
            local t = {}
            for i = 1, tonumber(text) do
                if kind == "l" then
                    t[i] = parse(lines, depth + 1)
                else
                    local key = parse(lines, depth + 1)
                    t[key] = parse(lines, depth + 1)
                end
            end
            return t
        end
        error("unreadable argument token " .. line, 0)
    end

    local function float(v)
        if v ~= v then return "nan" end
        if v == huge then return "inf" end
        if v == -huge then return "-inf" end
        return format("%.17g", v)
    end

    local emit
    local function key_token(k, out)
        local t = type(k)
        if t == "string" or t == "number" or t == "boolean" then return emit(k, out, 0) end
        error("a table returned has a " .. t .. " key, which JSON cannot hold", 0)
    end

    emit = function(v, out, depth)
        if depth > 200 then error("the returned value is nested too deeply", 0) end
        local t = type(v)
        if t == "nil" then
            out[#out + 1] = "n"
        elseif t == "boolean" then
            out[#out + 1] = v and "b 1" or "b 0"
        elseif t == "number" then
            out[#out + 1] = mathtype(v) == "integer" and format("i %d", v) or "f " .. float(v)
        elseif t == "string" then
            out[#out + 1] = "s " .. hex(v)
        elseif t == "table" then
            if getmetatable(v) ~= nil then
                error("the function returned a table with a metatable (an object), which has no JSON value", 0)
            end
            local count = 0
            for _ in next, v do count = count + 1 end
            if rawlen(v) == count then
                out[#out + 1] = "l " .. count
                for i = 1, count do emit(v[i], out, depth + 1) end
            else
                out[#out + 1] = "m " .. count
                for k, item in next, v do
                    key_token(k, out)
                    emit(item, out, depth + 1)
                end
            end
        else
            error("the function returned a " .. t .. ", which has no JSON value", 0)
        end
    end

    local function has_self(f)
        return getlocal(f, 1) == "self"
    end

    local function target(fn, solution, name)
        if type(fn) == "function" then return fn, nil end
        if type(solution) == "table" and type(solution[name]) == "function" then
            local method = solution[name]
            if not has_self(method) then return method, nil end
            local new = solution.new
            local object
            if type(new) == "function" then
                if has_self(new) then object = new(solution) else object = new() end
            else
                object = setmetatable({}, { __index = solution })
            end
            return method, object
        end
        error("the program defines no function " .. name, 0)
    end

    local function reply(text)
        stdout:flush()
        answer:write(text)
        answer:flush()
    end

    local function message_of(err)
        if type(err) == "string" then return err end
        return "an error value of type " .. type(err)
    end

    function M.run(get_fn, get_solution, name)
        local out = {}
        local ok, err = pcall(function()
            local lines = { pos = 2 }
            for line in gmatch(request, "[^\n]+") do lines[#lines + 1] = line end
            local count = tonumber(match(lines[1] or "", "^l (%d+)$"))
            if count == nil then error("the arguments are not a list", 0) end
            local args = { n = count }
            for i = 1, count do args[i] = parse(lines, 1) end
            local f, object = target(get_fn(), get_solution(), name)
            local results
            if object ~= nil then
                results = pack(f(object, unpack(args, 1, count)))
            else
                results = pack(f(unpack(args, 1, count)))
            end
            if results.n <= 1 then
                emit(results[1], out, 0)
            else
                local list = {}
                for i = 1, results.n do list[i] = results[i] end
                emit(list, out, 0)
            end
        end)
        if ok then
            reply("ok\n" .. concat(out, "\n") .. "\n")
        else
            reply("raised " .. hex(message_of(err)) .. "\n")
        end
    end

    return M
end)();
