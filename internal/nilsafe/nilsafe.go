// Package nilsafe lets endpoint methods treat nil params as empty ones.
package nilsafe

// Ptr returns p, or a pointer to a new zero T when p is nil, so that a method
// can read the fields of params its caller left nil.
func Ptr[T any](p *T) *T {
	if p == nil {
		return new(T)
	}
	return p
}
