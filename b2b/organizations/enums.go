package organizations

// Values of the organization settings that take ALL_ALLOWED, RESTRICTED or
// NOT_ALLOWED (sso_jit_provisioning, email_jit_provisioning, email_invites,
// oauth_tenant_jit_provisioning, the connected-apps types) and of
// auth_methods and mfa_methods (ALL_ALLOWED or RESTRICTED).
const (
	AllAllowed = "ALL_ALLOWED"
	Restricted = "RESTRICTED"
	NotAllowed = "NOT_ALLOWED"
)

// Values of mfa_policy.
const (
	MFAPolicyOptional       = "OPTIONAL"
	MFAPolicyRequiredForAll = "REQUIRED_FOR_ALL"
)

// Member statuses.
const (
	StatusActive  = "active"
	StatusPending = "pending"
	StatusInvited = "invited"
	StatusDeleted = "deleted"
)

// SearchOperator joins the operands of a SearchQuery.
type SearchOperator string

// Search operators. OR is deprecated by Stytch but still answered.
const (
	SearchAND SearchOperator = "AND"
	SearchOR  SearchOperator = "OR"
)

// SearchOperand is one filter of a SearchQuery: FilterName names the filter
// (such as "organization_slugs") and FilterValue is its argument, a string,
// a list of strings or a boolean depending on the filter.
type SearchOperand struct {
	FilterName  string `json:"filter_name"`
	FilterValue any    `json:"filter_value"`
}

// Filter returns the operand filterName = value.
func Filter(filterName string, value any) SearchOperand {
	return SearchOperand{FilterName: filterName, FilterValue: value}
}

// And returns a query matching what every operand matches.
func And(operands ...SearchOperand) *SearchQuery {
	return &SearchQuery{Operator: SearchAND, Operands: operands}
}

// Or returns a query matching what any operand matches.
func Or(operands ...SearchOperand) *SearchQuery {
	return &SearchQuery{Operator: SearchOR, Operands: operands}
}
