def scale(xs, k), do: Enum.map(xs, &(&1 * k * 1.0))
