package httpkit

// adminResponse carries request_id and status_code like every API answer.
type Ack struct {
	RequestID  string `json:"request_id"`
	StatusCode int    `json:"status_code"`
}
