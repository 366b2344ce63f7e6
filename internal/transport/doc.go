// Package transport is the retrying HTTP layer every stytch-go client shares.
//
// It is built on go-retryablehttp, with a retry policy tuned for an
// authentication API: it never repeats a call that may have consumed a
// single-use token or sent an email, and it always hands the caller the final
// response so that the real Stytch error reaches them.
package transport
