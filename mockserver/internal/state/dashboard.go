package state

// len returns the number of messages in the outbox.
func (o *outbox) Len() int {
	o.Mu.Lock()
	defer o.Mu.Unlock()
	return len(o.Messages)
}
