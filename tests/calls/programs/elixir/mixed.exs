defmodule Solution do
  def mixed(n, s), do: [n, s, true, nil, 1.5]
end

IO.puts("top-level code runs before the call")
