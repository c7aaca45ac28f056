def tally(words) do
  Enum.reduce(words, %{}, fn word, counts -> Map.update(counts, word, 1, &(&1 + 1)) end)
end
