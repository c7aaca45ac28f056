func find(xs []int32, target int32) *int {
	for i, x := range xs {
		if x == target {
			return &i
		}
	}
	return nil
}
