defmodule Shouter do
  def shout(s) when is_binary(s), do: s <> "!"
end
