defmodule Solution do
  def add(a, b) do
    IO.puts("adding #{a} and #{b}")
    a + b
  end
end
