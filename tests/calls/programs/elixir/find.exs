defmodule Solution do
  def find(xs, target), do: Enum.find_index(xs, &(&1 == target))
end
