package search

import "bytes"

// TextColumn keeps one short text per item ID, packed into one buffer, so
// that testing the texts of many items reads memory in order instead of
// following a pointer to each item and then to its text. A search that
// must test every item (to count its matches) does that through a column.
//
// Set appends the new text and leaves the old bytes behind; the buffer is
// compacted once more than half of it is dead, so a change costs amortised
// O(len(text)). The zero value is an empty column. It is not safe for
// concurrent use: callers hold their project's lock, for writing in Set
// and at least for reading in Contains.
type TextColumn struct {
	buf  []byte
	span []textSpan // by item ID
	dead int        // bytes of buf that no span points to
}

// textSpan is where one item's text lies in the buffer.
type textSpan struct{ start, end int }

// minCompact is the dead bytes below which the column never compacts.
const minCompact = 4096

// Set makes s the text of item id ("" for an item removed).
func (c *TextColumn) Set(id uint32, s string) {
	for int(id) >= len(c.span) {
		c.span = append(c.span, textSpan{})
	}
	old := c.span[id]
	c.dead += old.end - old.start
	if s == "" {
		c.span[id] = textSpan{}
	} else {
		start := len(c.buf)
		c.buf = append(c.buf, s...)
		c.span[id] = textSpan{start, len(c.buf)}
	}
	if c.dead > minCompact && 2*c.dead > len(c.buf) {
		c.compact()
	}
}

// compact copies the live texts into a new buffer, in ID order.
func (c *TextColumn) compact() {
	buf := make([]byte, 0, len(c.buf)-c.dead)
	for id, sp := range c.span {
		start := len(buf)
		buf = append(buf, c.buf[sp.start:sp.end]...)
		c.span[id] = textSpan{start, len(buf)}
	}
	c.buf, c.dead = buf, 0
}

// Text returns the text of item id ("" for an unknown item).
func (c *TextColumn) Text(id uint32) string {
	if int(id) >= len(c.span) {
		return ""
	}
	sp := c.span[id]
	return string(c.buf[sp.start:sp.end])
}

// Contains reports whether the text of item id contains needle, byte for
// byte, as strings.Contains(text, needle) does.
func (c *TextColumn) Contains(id uint32, needle []byte) bool {
	if int(id) >= len(c.span) {
		return len(needle) == 0
	}
	sp := c.span[id]
	return bytes.Contains(c.buf[sp.start:sp.end], needle)
}

// CountContaining returns how many of the items ids have a text that
// contains needle.
func (c *TextColumn) CountContaining(ids []uint32, needle []byte) (n int) {
	for _, id := range ids {
		if c.Contains(id, needle) {
			n++
		}
	}
	return n
}
