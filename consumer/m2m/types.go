package m2m

// Status is the status of an M2M client. An inactive client cannot obtain
// tokens.
type Status string

// M2M client statuses.
const (
	StatusActive   Status = "active"
	StatusInactive Status = "inactive"
)

// M2MClient is an M2M client as the API returns it: never with its secret,
// only the secret's last four characters (and those of the next secret
// while a rotation is in progress).
type M2MClient struct {
	ClientID                 string         `json:"client_id"`
	ClientName               string         `json:"client_name"`
	ClientDescription        string         `json:"client_description"`
	Status                   Status         `json:"status"`
	Scopes                   []string       `json:"scopes"`
	ClientSecretLastFour     string         `json:"client_secret_last_four"`
	TrustedMetadata          map[string]any `json:"trusted_metadata,omitempty"`
	NextClientSecretLastFour string         `json:"next_client_secret_last_four,omitempty"`
}

// M2MClientWithClientSecret is a newly created M2M client with its secret,
// which the API shows this once.
type M2MClientWithClientSecret struct {
	ClientID                 string         `json:"client_id"`
	ClientSecret             string         `json:"client_secret"`
	ClientName               string         `json:"client_name"`
	ClientDescription        string         `json:"client_description"`
	Status                   Status         `json:"status"`
	Scopes                   []string       `json:"scopes"`
	ClientSecretLastFour     string         `json:"client_secret_last_four"`
	TrustedMetadata          map[string]any `json:"trusted_metadata,omitempty"`
	NextClientSecretLastFour string         `json:"next_client_secret_last_four,omitempty"`
}

// M2MClientWithNextClientSecret is an M2M client whose secret rotation has
// started, with the next secret, which the API shows this once.
type M2MClientWithNextClientSecret struct {
	ClientID                 string         `json:"client_id"`
	NextClientSecret         string         `json:"next_client_secret"`
	ClientName               string         `json:"client_name"`
	ClientDescription        string         `json:"client_description"`
	Status                   Status         `json:"status"`
	Scopes                   []string       `json:"scopes"`
	ClientSecretLastFour     string         `json:"client_secret_last_four"`
	TrustedMetadata          map[string]any `json:"trusted_metadata,omitempty"`
	NextClientSecretLastFour string         `json:"next_client_secret_last_four,omitempty"`
}

// SearchOperator joins the operands of a SearchQuery.
type SearchOperator string

// Search operators.
const (
	SearchAND SearchOperator = "AND"
	SearchOR  SearchOperator = "OR"
)

// SearchQuery filters a client search. Operands are joined by Operator; an
// empty query matches every client.
type SearchQuery struct {
	Operator SearchOperator  `json:"operator"`
	Operands []SearchOperand `json:"operands"`
}

// SearchOperand is one filter of a SearchQuery. The filters are
// "client_id", "client_name" and "scopes", each taking a list of strings
// (any of which matches).
type SearchOperand struct {
	FilterName  string `json:"filter_name"`
	FilterValue any    `json:"filter_value"`
}

// Filter returns the operand filterName = values.
func Filter(filterName string, values ...string) SearchOperand {
	return SearchOperand{FilterName: filterName, FilterValue: values}
}

// And returns a query matching what every operand matches.
func And(operands ...SearchOperand) *SearchQuery {
	return &SearchQuery{Operator: SearchAND, Operands: operands}
}

// Or returns a query matching what any operand matches.
func Or(operands ...SearchOperand) *SearchQuery {
	return &SearchQuery{Operator: SearchOR, Operands: operands}
}

// ResultsMetadata describes a page of search results: the number of matches
// in all pages, and the cursor of the next page ("" on the last).
type ResultsMetadata struct {
	Total      int32  `json:"total"`
	NextCursor string `json:"next_cursor,omitempty"`
}
