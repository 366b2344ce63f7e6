package search

// CompareSeq orders two creation sequence numbers for slices.SortFunc.
func CompareSeq(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
