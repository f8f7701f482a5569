package main

func add(a, b int) int {
	if a < 0 {
		return 0
	}
	return a + b
}

func main() {
	println(add(1, 2))
}
