# ScaleBox function-call stub for Elixir (placed after the submitted code). Reads the call's
# arguments as tokens on stdin, calls the function and answers on file descriptor 3 (see
# verification/harness/calls).
defmodule ScaleboxCall do
  @max_depth 100

  defmodule Refusal do
    defexception [:message]
  end

  defp refuse(message), do: raise(Refusal, message: message)

  defp parse(_lines, depth) when depth > @max_depth,
    do: refuse("the arguments are nested too deeply")

  defp parse([], _depth), do: refuse("the arguments end too soon")

  defp parse([line | rest], depth) do
    {kind, text} =
      case String.split(line, " ", parts: 2) do
        [kind, text] -> {kind, text}
        [kind] -> {kind, ""}
      end

    case kind do
      "n" -> {nil, rest}
      "b" -> {text == "1", rest}
      "i" -> {String.to_integer(text), rest}
      "f" -> {parse_float(text), rest}
      "s" -> {Base.decode16!(text, case: :mixed), rest}
      "l" -> parse_items(String.to_integer(text), rest, depth + 1, [])
      "m" -> parse_entries(String.to_integer(text), rest, depth + 1, %{})
      _ -> refuse("unreadable argument token #{inspect(String.slice(line, 0, 40))}")
    end
  end

  defp parse_float(text) do
    case Float.parse(text) do
      {value, ""} -> value
      _ -> refuse("the float #{inspect(text)} has no Elixir value")
    end
  end

  defp parse_items(0, rest, _depth, acc), do: {Enum.reverse(acc), rest}

  defp parse_items(n, rest, depth, acc) do
    {item, rest} = parse(rest, depth)
    parse_items(n - 1, rest, depth, [item | acc])
  end

  defp parse_entries(0, rest, _depth, acc), do: {acc, rest}

  defp parse_entries(n, rest, depth, acc) do
    {key, rest} = parse(rest, depth)
    {value, rest} = parse(rest, depth)
    parse_entries(n - 1, rest, depth, Map.put(acc, key, value))
  end

  defp emit(_value, depth) when depth > @max_depth,
    do: refuse("the returned value is nested too deeply")

  defp emit(nil, _depth), do: ["n\n"]
  defp emit(true, _depth), do: ["b 1\n"]
  defp emit(false, _depth), do: ["b 0\n"]
  defp emit(value, _depth) when is_integer(value), do: ["i ", Integer.to_string(value), "\n"]
  defp emit(value, _depth) when is_float(value), do: ["f ", Float.to_string(value), "\n"]
  defp emit(value, _depth) when is_binary(value), do: ["s ", Base.encode16(value, case: :lower), "\n"]
  defp emit(value, depth) when is_atom(value), do: emit(Atom.to_string(value), depth)
  defp emit(value, depth) when is_tuple(value), do: emit(Tuple.to_list(value), depth)

  defp emit(value, depth) when is_list(value) do
    if not proper_list?(value), do: refuse("the function returned an improper list")
    ["l #{length(value)}\n" | Enum.map(value, &emit(&1, depth + 1))]
  end

  defp emit(%MapSet{} = value, depth), do: emit(MapSet.to_list(value), depth)

  defp emit(%{__struct__: struct}, _depth) when is_atom(struct),
    do: refuse("the function returned a #{inspect(struct)} struct, not a value")

  defp emit(value, depth) when is_map(value) do
    ["m #{map_size(value)}\n" | Enum.map(value, fn {k, v} -> [emit(k, depth + 1), emit(v, depth + 1)] end)]
  end

  defp emit(value, _depth) when is_function(value),
    do: refuse("the function returned a function, not a value")

  defp emit(value, _depth) do
    refuse("the function returned #{kind(value)}; return integers, floats, binaries, " <>
             "atoms, true, false, nil, lists, tuples, maps or MapSets")
  end

  defp kind(value) when is_pid(value), do: "a pid"
  defp kind(value) when is_port(value), do: "a port"
  defp kind(value) when is_reference(value), do: "a reference"
  defp kind(value) when is_bitstring(value), do: "a bitstring that is not whole bytes"
  defp kind(_value), do: "a value with no JSON form"

  defp proper_list?([]), do: true
  defp proper_list?([_ | tail]), do: proper_list?(tail)
  defp proper_list?(_), do: false

  # The module defining the function: Solution when it does, else the first of the
  # program's modules that exports it.
  defp target(modules, fn_name, arity) do
    name = String.to_atom(fn_name)
    candidates = if Solution in modules, do: [Solution | modules -- [Solution]], else: modules

    Enum.find(candidates, fn module ->
      Code.ensure_loaded?(module) and function_exported?(module, name, arity)
    end) ||
      refuse("the program defines no public function #{fn_name}/#{arity} " <>
               "(def in a module, or at the top level)")
  end

  def run(modules, fn_name, arity) do
    reply =
      try do
        {args, _rest} = parse(String.split(IO.binread(:stdio, :eof), "\n"), 0)
        if not is_list(args), do: refuse("the arguments are not a list")
        module = target(modules, fn_name, arity)
        ["ok\n" | emit(apply(module, String.to_atom(fn_name), args), 0)]
      rescue
        error in Refusal -> raised(error.message)
        error -> raised(Exception.format_banner(:error, error, __STACKTRACE__))
      catch
        kind, reason -> raised(Exception.format_banner(kind, reason, __STACKTRACE__))
      end

    port = :erlang.open_port({:fd, 0, 3}, [:out, :binary])
    :erlang.port_command(port, reply)
    System.halt(0)
  end

  defp raised(message), do: ["raised ", Base.encode16(message, case: :lower), "\n"]
end

ScaleboxCall.run(__ENV__.context_modules -- [ScaleboxCall, ScaleboxCall.Refusal],
