package main

func add(a int64, b int64) int64 {
	return a + b
}

func main() {
	println(add(1, 2))
}
