package stytchapi

import "iter"

// Paginate walks a cursor-paginated listing. fetch returns the page that
// starts at cursor ("" for the first page) with the cursor of the next page,
// which is "" on the last one. Paginate yields every item in order and stops
// at the first error, which it yields once with a zero item. Stopping the
// range loop early stops fetching.
func Paginate[Item any](first string, fetch func(cursor string) (items []Item, next string, err error)) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		cursor := first
		for {
			items, next, err := fetch(cursor)
			if err != nil {
				var zero Item
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			cursor = next
		}
	}
}
