package httpkit

import (
	"io"
	"net/http"
)

// Stream is a 200 answer whose body is written as it is rendered, for
// documents too large to build in memory first (GET /mock/export). The
// engine sends Header, then calls Write with the response body. An error
// from Write after bytes were sent cannot become an error answer: the
// engine drops the connection, so the client never takes a cut-off body
// for a whole one.
type Stream struct {
	Header http.Header
	Write  func(w io.Writer) error
}
