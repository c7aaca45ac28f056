func mixed(n int, s string) []interface{} {
	return []interface{}{n, s, true, nil, 1.5}
}
