defmodule Solution do
  @spec negate(boolean) :: boolean
  def negate(b), do: not b
end
