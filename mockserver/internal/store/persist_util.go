package store

import (
	"errors"
	"slices"
	"strconv"
	"time"

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

// sized sets *dst to a new slice as long as src, nil when src is nil (the
// API renders a nil list as null and an empty one as []), and returns it.
// Records are copied to and from state fields through it element by
// element, so the store never names the state's element types (some are
// SDK types, which the store must not import).
func sized[S ~[]E, E any, R any](dst *S, src []R) S {
	if src == nil {
		*dst = nil
		return nil
	}
	*dst = make(S, len(src))
	return *dst
}

// alloc sets *p to a new zero value and returns it; see sized.
func alloc[T any](p **T) *T {
	*p = new(T)
	return *p
}

// cloneTime copies an optional time.
func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}
