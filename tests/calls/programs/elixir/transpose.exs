defmodule Solution do
  def transpose(grid) do
    grid |> Enum.zip() |> Enum.map(&Tuple.to_list/1)
  end
end
