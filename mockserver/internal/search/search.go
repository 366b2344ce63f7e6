package search

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
)

// Search limits, as the real API applies them.
const (
	defaultSearchLimit = 100
	maxSearchLimit     = 1000
	minFuzzyLen        = 3
)

// FilterKind is the type of value a search filter takes.
type FilterKind int

// The kinds of filter value.
const (
	KindStrings FilterKind = iota // a list of strings
	KindString                    // one string
	KindFuzzy                     // one string of at least minFuzzyLen characters
	KindBool                      // a boolean
	KindRaw                       // any JSON value, passed to Match as json.RawMessage
)

// FilterDef defines one search filter over items of type T: the value it
// takes and how a value becomes a predicate.
type FilterDef[T any] struct {
	Kind FilterKind
	// TooShort is the error type for a KindFuzzy value shorter than
	// minFuzzyLen, such as "member_search_member_email_fuzzy_too_short".
	TooShort string
	Match    func(value any) (func(T) bool, *apierr.Error)
}

// NarrowFunc returns every item a filter with the given (validated) value
// can match, found through an index, so that an AND search need not scan
// everything; it may return more. ok is false when the index cannot narrow
// this value usefully (too many candidates, say): the search then scans.
type NarrowFunc[T any] func(value any) (candidates []T, ok bool)

// CountFunc counts exactly the items that a filter with the given
// (validated) value matches among all the items of the search, through an
// index, faster than testing each item; ok is false when it cannot.
type CountFunc func(value any) (n int, ok bool)

// SearchBody is the body of the search endpoints.
type SearchBody struct {
	Cursor string          `json:"cursor"`
	Limit  json.Number     `json:"limit"`
	Query  json.RawMessage `json:"query"`
}

type searchQuery struct {
	Operator string            `json:"operator"`
	Operands []json.RawMessage `json:"operands"`
}

// CompiledSearch is a validated search: a predicate, a page size and where
// to start.
type CompiledSearch[T any] struct {
	Match    func(T) bool
	limit    int
	afterSeq uint64
	// narrowed says that every match is among candidates (an AND operand
	// with an index narrowed the search); page then scans only those.
	Narrowed   bool
	Candidates []T
	// count, when set, counts the matches among the items Page is given
	// without testing them (a search of one counted filter); countAll says
	// that every item matches (a search with no filter). Both are set only
	// by CompileCountedSearch.
	count    func() (int, bool)
	countAll bool
}

// Vocabulary names the error types of one search endpoint, each spelled out
// so that every type the mock can answer with is visible in its source.
type Vocabulary struct {
	Name                    string // the endpoint's subject, for messages: "organization", "member", ...
	MissingFilterName       string
	FilterNameMustBeString  string
	FilterNameNotRecognized string
	MissingFilterValue      string
	ExpectedStrings         string
	ExpectedString          string
	ExpectedBool            string
	ExpectedObject          string
	InvalidLimit            string
	InvalidCursor           string
	InvalidOperator         string
}

// OrganizationVocabulary are the error types of Search Organizations.
var OrganizationVocabulary = Vocabulary{
	Name:                    "organization",
	MissingFilterName:       "organization_search_missing_filter_name",
	FilterNameMustBeString:  "organization_search_filter_name_must_be_string",
	FilterNameNotRecognized: "organization_search_filter_name_not_recognized",
	MissingFilterValue:      "organization_search_missing_filter_value",
	ExpectedStrings:         "organization_search_expected_array_of_strings",
	ExpectedString:          "organization_search_expected_string",
	ExpectedBool:            "organization_search_expected_boolean",
	ExpectedObject:          "invalid_request_value",
	InvalidLimit:            "invalid_request_value",
	InvalidCursor:           "invalid_request_value",
	InvalidOperator:         "invalid_request_value",
}

// MemberVocabulary are the error types of Search Members.
var MemberVocabulary = Vocabulary{
	Name:                    "member",
	MissingFilterName:       "member_search_missing_filter_name",
	FilterNameMustBeString:  "member_search_filter_name_must_be_string",
	FilterNameNotRecognized: "member_search_filter_name_not_recognized",
	MissingFilterValue:      "member_search_missing_filter_value",
	ExpectedStrings:         "member_search_expected_array_of_strings",
	ExpectedString:          "member_search_expected_string",
	ExpectedBool:            "member_search_expected_boolean",
	ExpectedObject:          "invalid_request_value",
	InvalidLimit:            "invalid_request_value",
	InvalidCursor:           "invalid_request_value",
	InvalidOperator:         "invalid_request_value",
}

// M2MVocabulary are the error types of Search M2M Clients; where Stytch
// publishes no m2m_search type, the generic invalid_request_value.
var M2MVocabulary = Vocabulary{
	Name:                    "M2M client",
	MissingFilterName:       "m2m_search_missing_filter_name",
	FilterNameMustBeString:  "m2m_search_filter_name_must_be_string",
	FilterNameNotRecognized: "m2m_search_filter_name_not_recognized",
	MissingFilterValue:      "m2m_search_missing_filter_value",
	ExpectedStrings:         "m2m_search_expected_array_of_strings",
	ExpectedString:          "invalid_request_value",
	ExpectedBool:            "invalid_request_value",
	ExpectedObject:          "invalid_request_value",
	InvalidLimit:            "invalid_request_value",
	InvalidCursor:           "invalid_request_value",
	InvalidOperator:         "invalid_request_value",
}

// CompileSearch validates a search body against filters, answering with the
// error types of voc.
func CompileSearch[T any](b *SearchBody, voc Vocabulary, filters map[string]FilterDef[T]) (*CompiledSearch[T], *apierr.Error) {
	return CompileIndexedSearch(b, voc, filters, nil)
}

// CompileIndexedSearch is CompileSearch with indexes: narrowers maps filter
// names to a NarrowFunc.
func CompileIndexedSearch[T any](b *SearchBody, voc Vocabulary, filters map[string]FilterDef[T], narrowers map[string]NarrowFunc[T]) (*CompiledSearch[T], *apierr.Error) {
	return compile(b, voc, filters, narrowers, nil)
}

// CompileCountedSearch is CompileIndexedSearch with counters, which map
// filter names to a CountFunc. A search of one counted filter, or of none,
// then finds its total without testing every item, and tests items only
// to fill its page. The caller promises that Page will be given every item
// the counters count, and that it will not replace Match.
func CompileCountedSearch[T any](b *SearchBody, voc Vocabulary, filters map[string]FilterDef[T], narrowers map[string]NarrowFunc[T], counters map[string]CountFunc) (*CompiledSearch[T], *apierr.Error) {
	if counters == nil {
		counters = map[string]CountFunc{}
	}
	return compile(b, voc, filters, narrowers, counters)
}

// compile is CompileCountedSearch; nil counters count nothing, not even a
// search with no filter.
func compile[T any](b *SearchBody, voc Vocabulary, filters map[string]FilterDef[T], narrowers map[string]NarrowFunc[T], counters map[string]CountFunc) (*CompiledSearch[T], *apierr.Error) {
	cs := &CompiledSearch[T]{Match: func(T) bool { return true }, limit: defaultSearchLimit}
	if b.Limit != "" {
		n, err := strconv.Atoi(b.Limit.String())
		if err != nil || n < 0 || n > maxSearchLimit {
			return nil, apierr.BadRequest(voc.InvalidLimit, "limit must be a whole number from 1 to %d.", maxSearchLimit)
		}
		if n > 0 {
			cs.limit = n
		}
	}
	if b.Cursor != "" {
		seq, ok := decodeCursor(b.Cursor)
		if !ok {
			return nil, apierr.BadRequest(voc.InvalidCursor, "cursor is not a cursor this search returned.")
		}
		cs.afterSeq = seq
	}
	cs.countAll = counters != nil
	raw := bytes.TrimSpace(b.Query)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return cs, nil
	}
	var q searchQuery
	if err := json.Unmarshal(raw, &q); err != nil {
		return nil, apierr.BadRequest(voc.ExpectedObject, "query must be an object with operator and operands.")
	}
	if len(q.Operands) == 0 {
		return cs, nil
	}
	cs.countAll = false
	op := strings.ToUpper(q.Operator)
	if op != "AND" && op != "OR" {
		return nil, apierr.BadRequest(voc.InvalidOperator, "query.operator must be AND or OR, not %q.", q.Operator)
	}
	preds := make([]func(T) bool, 0, len(q.Operands))
	canNarrow := op == "AND" || len(q.Operands) == 1
	for _, rawOp := range q.Operands {
		pred, candidates, narrowed, count, err := compileOperand(rawOp, voc, filters, narrowers, counters)
		if err != nil {
			return nil, err
		}
		preds = append(preds, pred)
		if len(q.Operands) == 1 {
			cs.count = count
		}
		if canNarrow && narrowed && (!cs.Narrowed || len(candidates) < len(cs.Candidates)) {
			cs.Narrowed, cs.Candidates = true, candidates
		}
	}
	if op == "AND" {
		cs.Match = func(t T) bool {
			for _, p := range preds {
				if !p(t) {
					return false
				}
			}
			return true
		}
	} else {
		cs.Match = func(t T) bool {
			for _, p := range preds {
				if p(t) {
					return true
				}
			}
			return false
		}
	}
	return cs, nil
}

func compileOperand[T any](raw json.RawMessage, voc Vocabulary, filters map[string]FilterDef[T], narrowers map[string]NarrowFunc[T], counters map[string]CountFunc) (pred func(T) bool, candidates []T, narrowed bool, count func() (int, bool), aerr *apierr.Error) {
	var o map[string]json.RawMessage
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, nil, false, nil, apierr.BadRequest(voc.ExpectedObject, "Each operand must be an object with filter_name and filter_value.")
	}
	rawName, ok := o["filter_name"]
	if !ok {
		return nil, nil, false, nil, apierr.BadRequest(voc.MissingFilterName, "An operand has no filter_name.")
	}
	var name string
	if json.Unmarshal(rawName, &name) != nil {
		return nil, nil, false, nil, apierr.BadRequest(voc.FilterNameMustBeString, "filter_name must be a string.")
	}
	if name == "" {
		return nil, nil, false, nil, apierr.BadRequest(voc.MissingFilterName, "An operand has an empty filter_name.")
	}
	def, ok := filters[name]
	if !ok {
		return nil, nil, false, nil, apierr.BadRequest(voc.FilterNameNotRecognized, "%q is not a filter of %s search.", name, voc.Name)
	}
	rawVal, ok := o["filter_value"]
	if !ok || bytes.Equal(bytes.TrimSpace(rawVal), []byte("null")) {
		return nil, nil, false, nil, apierr.BadRequest(voc.MissingFilterValue, "The %s filter has no filter_value.", name)
	}
	var value any
	switch def.Kind {
	case KindStrings:
		var v []string
		if json.Unmarshal(rawVal, &v) != nil {
			return nil, nil, false, nil, apierr.BadRequest(voc.ExpectedStrings, "The %s filter takes an array of strings.", name)
		}
		if len(v) == 0 {
			return nil, nil, false, nil, apierr.BadRequest(voc.MissingFilterValue, "The %s filter needs at least one value.", name)
		}
		value = v
	case KindString, KindFuzzy:
		var v string
		if json.Unmarshal(rawVal, &v) != nil {
			return nil, nil, false, nil, apierr.BadRequest(voc.ExpectedString, "The %s filter takes a string.", name)
		}
		if def.Kind == KindFuzzy && len([]rune(v)) < minFuzzyLen {
			if def.TooShort == "" {
				return nil, nil, false, nil, apierr.BadRequest("invalid_request_value", "The %s filter needs at least %d characters.", name, minFuzzyLen)
			}
			return nil, nil, false, nil, apierr.BadRequest(def.TooShort, "The %s filter needs at least %d characters.", name, minFuzzyLen)
		}
		if v == "" {
			return nil, nil, false, nil, apierr.BadRequest(voc.MissingFilterValue, "The %s filter needs a value.", name)
		}
		value = v
	case KindRaw:
		value = rawVal
	case KindBool:
		var v bool
		if json.Unmarshal(rawVal, &v) != nil {
			return nil, nil, false, nil, apierr.BadRequest(voc.ExpectedBool, "The %s filter takes a boolean.", name)
		}
		value = v
	}
	pred, aerr = def.Match(value)
	if aerr != nil {
		return nil, nil, false, nil, aerr
	}
	if counter := counters[name]; counter != nil {
		count = func() (int, bool) { return counter(value) }
	}
	if narrow := narrowers[name]; narrow != nil {
		if candidates, ok := narrow(value); ok {
			return pred, candidates, true, count, nil
		}
	}
	return pred, nil, false, count, nil
}

// Page runs a compiled search over items, which are in ascending seq order,
// and returns one page, the total number of matches and the next cursor.
// A narrowed search scans its candidates instead, in seq order; a counted
// one takes its total from the index and tests items only from its cursor
// on, until its page is full and one more match is found.
func (cs *CompiledSearch[T]) Page(items []T, seqOf func(T) uint64) (page []T, total int, next string) {
	if cs.Narrowed {
		items = slices.Clone(cs.Candidates)
		slices.SortFunc(items, func(a, b T) int { return CompareSeq(seqOf(a), seqOf(b)) })
		items = slices.CompactFunc(items, func(a, b T) bool { return seqOf(a) == seqOf(b) })
	} else if cs.countAll {
		return cs.pageCounted(items, seqOf, len(items))
	} else if cs.count != nil {
		if n, ok := cs.count(); ok {
			return cs.pageCounted(items, seqOf, n)
		}
	}
	page = []T{}
	var lastSeq uint64
	more := false
	for _, it := range items {
		if !cs.Match(it) {
			continue
		}
		total++
		if seqOf(it) <= cs.afterSeq {
			continue
		}
		if len(page) < cs.limit {
			page = append(page, it)
			lastSeq = seqOf(it)
		} else {
			more = true
		}
	}
	if more {
		next = encodeCursor(lastSeq)
	}
	return page, total, next
}

// pageCounted is Page for a search whose total is known: it tests items
// from the first one after the cursor, and stops at the first match that
// does not fit in the page.
func (cs *CompiledSearch[T]) pageCounted(items []T, seqOf func(T) uint64, total int) (page []T, _ int, next string) {
	start, _ := slices.BinarySearchFunc(items, cs.afterSeq, func(it T, seq uint64) int { return CompareSeq(seqOf(it), seq) })
	page = []T{}
	var lastSeq uint64
	for _, it := range items[start:] {
		if seqOf(it) <= cs.afterSeq || !cs.Match(it) {
			continue
		}
		if len(page) == cs.limit {
			next = encodeCursor(lastSeq)
			break
		}
		page = append(page, it)
		lastSeq = seqOf(it)
	}
	return page, total, next
}

// Cursors are opaque to clients: a versioned, base64-encoded position.
func encodeCursor(seq uint64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("v1:" + strconv.FormatUint(seq, 10)))
}

func decodeCursor(c string) (uint64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !bytes.HasPrefix(b, []byte("v1:")) {
		return 0, false
	}
	seq, err := strconv.ParseUint(string(b[3:]), 10, 64)
	return seq, err == nil
}

// Helpers that turn a filter value into a predicate.

// AnyOf turns a list filter value into a set, lower-cased when fold.
func AnyOf(value any, fold bool) map[string]bool {
	set := map[string]bool{}
	for _, s := range value.([]string) {
		if fold {
			s = strings.ToLower(s)
		}
		set[s] = true
	}
	return set
}

// Fuzzy turns a fuzzy filter value into the lower-cased needle.
func Fuzzy(value any) string { return strings.ToLower(value.(string)) }

// ContainsFold reports whether s contains lowerNeedle, ignoring case.
func ContainsFold(s, lowerNeedle string) bool {
	return strings.Contains(strings.ToLower(s), lowerNeedle)
}
