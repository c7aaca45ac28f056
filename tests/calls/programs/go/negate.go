package main

type Solution struct{}

func (s *Solution) negate(b bool) bool {
	return !b
}
