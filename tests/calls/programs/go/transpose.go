package main

type Grid [][]int

func transpose(grid Grid) Grid {
	out := make(Grid, len(grid[0]))
	for j := range out {
		out[j] = make([]int, len(grid))
		for i := range grid {
			out[j][i] = grid[i][j]
		}
	}
	return out
}
