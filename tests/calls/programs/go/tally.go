import "errors"

type Solution struct{ seen int }

func (s Solution) tally(words []string) (map[string]int, error) {
	var counts map[string]int
	for _, w := range words {
		if counts == nil {
			counts = map[string]int{}
		}
		counts[w]++
	}
	if len(counts) > len(words) {
		return nil, errors.New("impossible")
	}
	return counts, nil
}
