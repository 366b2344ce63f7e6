package store

import (
	"errors"
	"slices"
	"strconv"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
)

func itoa(i int) string { return strconv.Itoa(i) }

// sortBySeq sorts snapshot entries by their creation sequence, so that
// snapshots are stable and restore in creation order.
func sortBySeq[T any](s []T, seq func(T) uint64) {
	slices.SortStableFunc(s, func(a, b T) int {
		x, y := seq(a), seq(b)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
}

// apiMessage returns the message of an *apiError, or the error's text.
func apiMessage(err error) string {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	return err.Error()
}
