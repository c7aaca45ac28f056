func scale(xs []float64, k float64) []float64 {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		out = append(out, x*k)
	}
	return out
}
