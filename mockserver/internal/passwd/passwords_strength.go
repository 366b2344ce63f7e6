package passwd

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
)

// Password strength: a small zxcvbn-style estimator (the default policy),
// the LUDS policy as the alternative, and breach detection against a
// built-in list of the most common passwords. See docs/mock-behaviour.md.

// Strength policies.
const (
	policyZxcvbn = "zxcvbn"
	PolicyLUDS   = "luds"
)

// commonPasswords are very common passwords and keyboard walks: a password
// that is one of them (ignoring case) scores 0, and one containing one
// counts it as a single dictionary word.
var commonPasswords = []string{
	"123456", "123456789", "12345678", "password", "qwerty", "123123", "111111", "1234567890", "1234567",
	"qwerty123", "000000", "1q2w3e", "aa12345678", "abc123", "password1", "1234", "qwertyuiop", "123321",
	"password123", "1q2w3e4r5t", "iloveyou", "654321", "666666", "987654321", "123", "123456a", "qwe123",
	"1q2w3e4r", "7777777", "1qaz2wsx", "123qwe", "zxcvbnm", "121212", "asdasd", "a123456", "555555",
	"dragon", "112233", "123123123", "monkey", "11111111", "qazwsx", "159753", "asdfghjkl", "222222",
	"1234qwer", "qwerty1", "123654", "123abc", "asdfgh", "777777", "aaaaaa", "myspace1", "88888888",
	"fuckyou", "123456789a", "999999", "888888", "football", "princess", "sunshine", "superman",
	"welcome", "shadow", "master", "letmein", "baseball", "trustno1", "starwars", "admin", "login",
	"passw0rd", "hello", "freedom", "whatever", "qwerty12", "michael", "charlie", "donald", "secret",
	"changeme", "stytch",
}

// breachedPasswords are the passwords the mock's breach detection knows:
// the common list. A real breach corpus is far larger.
var breachedPasswords = commonPasswords

// IsBreached reports whether the password is on the mock's breached list.
func IsBreached(password string) bool {
	return slices.Contains(breachedPasswords, strings.ToLower(password))
}

// PasswordPolicy is a project's password settings (PUT
// /mock/password_policy). The zero value is not valid: use
// defaultPasswordPolicy.
type PasswordPolicy struct {
	StrengthPolicy string `json:"strength_policy"`
	// LUDS settings: minimum length (8-32) and how many of the four
	// character classes are needed (0-4).
	LUDSMinLength  int `json:"luds_min_length"`
	LUDSComplexity int `json:"luds_complexity"`
	// BreachDetectionOnCreate refuses breached passwords when they are set;
	// BreachCheckOnLogin refuses logins with them (member_reset_password).
	BreachDetectionOnCreate bool `json:"breach_detection_on_create"`
	BreachCheckOnLogin      bool `json:"breach_check_on_login"`
	// CrossOrgPasswords shares one password between all memberships of an
	// email address and enables the discovery and require-reset endpoints.
	CrossOrgPasswords bool `json:"cross_org_passwords"`
	// LockThreshold consecutive failed logins lock the member for
	// LockMinutes (5-10080).
	LockThreshold int `json:"lock_threshold"`
	LockMinutes   int `json:"lock_minutes"`
	// BcryptCost is the cost of the hashes the mock makes (4-14).
	BcryptCost int `json:"bcrypt_cost"`
}

// DefaultPasswordPolicy is the policy of a project that never set one.
func DefaultPasswordPolicy() PasswordPolicy {
	return PasswordPolicy{
		StrengthPolicy: policyZxcvbn, LUDSMinLength: 8, LUDSComplexity: 3,
		BreachDetectionOnCreate: true, BreachCheckOnLogin: true, LockThreshold: 10, LockMinutes: 60, BcryptCost: defaultBcryptCost,
	}
}

// Validate checks the policy's settings.
func (pp PasswordPolicy) Validate() *apierr.Error {
	bad := func(f string, args ...any) *apierr.Error {
		return apierr.BadRequest("invalid_request_value", f, args...)
	}
	switch {
	case pp.StrengthPolicy != policyZxcvbn && pp.StrengthPolicy != PolicyLUDS:
		return bad("strength_policy must be %q or %q.", policyZxcvbn, PolicyLUDS)
	case pp.LUDSMinLength < 8 || pp.LUDSMinLength > 32:
		return bad("luds_min_length must be 8 to 32.")
	case pp.LUDSComplexity < 0 || pp.LUDSComplexity > 4:
		return bad("luds_complexity must be 0 to 4.")
	case pp.LockThreshold < 1 || pp.LockThreshold > 100:
		return bad("lock_threshold must be 1 to 100.")
	case pp.LockMinutes < 5 || pp.LockMinutes > 10080:
		return bad("lock_minutes must be 5 to 10080.")
	case pp.BcryptCost < 4 || pp.BcryptCost > 14:
		return bad("bcrypt_cost must be 4 to 14.")
	}
	return nil
}

// strengthResult is the verdict on a password.
type strengthResult struct {
	Valid    bool
	Score    int
	Breached bool
	Warning  string
	Suggest  []string
	LUDS     LudsFeedback
}

// LudsFeedback says which LUDS rules a password meets (strength_check).
type LudsFeedback struct {
	HasLowerCase      bool `json:"has_lower_case"`
	HasUpperCase      bool `json:"has_upper_case"`
	HasDigit          bool `json:"has_digit"`
	HasSymbol         bool `json:"has_symbol"`
	MissingComplexity int  `json:"missing_complexity"`
	MissingCharacters int  `json:"missing_characters"`
}

// ZxcvbnFeedback is the zxcvbn warning and suggestions for a password
// (strength_check).
type ZxcvbnFeedback struct {
	Warning     string   `json:"warning"`
	Suggestions []string `json:"suggestions"`
}

// CheckStrength rates password under pp. email, when known, is checked for
// breaches (when breach detection is on) and its local part counts as a
// guessable word.
func (pp PasswordPolicy) CheckStrength(password, email string) strengthResult {
	var r strengthResult
	r.Score, r.Warning, r.Suggest = zxcvbnScore(password, email)
	r.LUDS = luds(password, pp.LUDSMinLength, pp.LUDSComplexity)
	if pp.StrengthPolicy == PolicyLUDS {
		r.Valid = r.LUDS.MissingCharacters == 0 && r.LUDS.MissingComplexity == 0
	} else {
		r.Valid = r.Score >= 3
	}
	if email != "" && pp.BreachDetectionOnCreate && IsBreached(password) {
		r.Breached, r.Valid = true, false
	}
	return r
}

// NewPasswordError is the error for a password that may not be set, or nil.
func (pp PasswordPolicy) NewPasswordError(password, email string) *apierr.Error {
	if password == "" {
		return apierr.BadRequest("weak_password", "password is required.")
	}
	if len(password) > 256 {
		return apierr.BadRequest("weak_password", "password must be at most 256 characters.")
	}
	r := pp.CheckStrength(password, email)
	switch {
	case r.Breached:
		return apierr.BadRequest("breached_password", "This password appears in a list of breached passwords; choose another.")
	case r.Valid:
		return nil
	case pp.StrengthPolicy == PolicyLUDS:
		return apierr.BadRequest("weak_password", "The password does not meet the LUDS policy: %d more characters and %d more character classes (lower case, upper case, digits, symbols) needed.", r.LUDS.MissingCharacters, r.LUDS.MissingComplexity)
	default:
		msg := "The password is too weak (zxcvbn score " + strconv.Itoa(r.Score) + ", 3 needed)."
		if r.Warning != "" {
			msg += " " + r.Warning
		}
		if len(r.Suggest) > 0 {
			msg += " " + strings.Join(r.Suggest, " ")
		}
		return apierr.BadRequest("weak_password", "%s", msg)
	}
}

func luds(pw string, minLen, complexity int) LudsFeedback {
	var f LudsFeedback
	for _, c := range pw {
		switch {
		case unicode.IsLower(c):
			f.HasLowerCase = true
		case unicode.IsUpper(c):
			f.HasUpperCase = true
		case unicode.IsDigit(c):
			f.HasDigit = true
		default:
			f.HasSymbol = true
		}
	}
	classes := 0
	for _, b := range []bool{f.HasLowerCase, f.HasUpperCase, f.HasDigit, f.HasSymbol} {
		if b {
			classes++
		}
	}
	f.MissingComplexity = max(0, complexity-classes)
	f.MissingCharacters = max(0, minLen-len([]rune(pw)))
	return f
}

// zxcvbnScore estimates how guessable a password is, in the spirit of
// zxcvbn: bits of entropy from the character classes used, where a common
// password or the email's local part inside the password counts as one
// dictionary word, and each character that repeats the previous one or
// continues a sequence (abc, 321) counts one bit. Scores: under 20 bits 0,
// under 33 1, under 50 2, under 70 3, else 4. A password that is itself
// common scores 0.
func zxcvbnScore(pw, email string) (score int, warning string, suggestions []string) {
	lower := strings.ToLower(pw)
	runes := []rune(pw)
	if len(runes) == 0 {
		return 0, "", []string{"Use a few words, avoid common phrases.", "No need for symbols, digits, or uppercase letters."}
	}
	if slices.Contains(commonPasswords, lower) {
		return 0, "This is a very common password.", []string{"Add another word or two. Uncommon words are better."}
	}
	// Words: the longest common password (4+ characters) or email local
	// part found in the password.
	words := slices.Clone(commonPasswords)
	if local, _, ok := strings.Cut(strings.ToLower(email), "@"); ok && len(local) >= 3 {
		words = append(words, local)
	}
	covered := make([]bool, len(runes))
	bits := 0.0
	var word string
	for _, w := range words {
		if len(w) >= 4 && len(w) > len(word) && strings.Contains(lower, w) && len(lower) == len(pw) {
			word = w
		}
	}
	if word != "" {
		i := len([]rune(lower[:strings.Index(lower, word)]))
		for j := i; j < i+len([]rune(word)); j++ {
			covered[j] = true
		}
		bits += math.Log2(float64(len(words))) + 1
	}
	pool := 0
	var lo, up, dg, sy bool
	for _, c := range runes {
		switch {
		case unicode.IsLower(c):
			lo = true
		case unicode.IsUpper(c):
			up = true
		case unicode.IsDigit(c):
			dg = true
		default:
			sy = true
		}
	}
	for _, x := range []struct {
		on bool
		n  int
	}{{lo, 26}, {up, 26}, {dg, 10}, {sy, 33}} {
		if x.on {
			pool += x.n
		}
	}
	per := math.Log2(float64(pool))
	repeats, sequences := false, false
	for i, c := range runes {
		if covered[i] {
			continue
		}
		if i > 0 && !covered[i-1] {
			d := c - runes[i-1]
			if d == 0 {
				repeats = true
				bits++
				continue
			}
			if d == 1 || d == -1 {
				sequences = true
				bits++
				continue
			}
		}
		bits += per
	}
	switch {
	case bits < 20:
		score = 0
	case bits < 33:
		score = 1
	case bits < 50:
		score = 2
	case bits < 70:
		score = 3
	default:
		score = 4
	}
	if score >= 3 {
		return score, "", []string{}
	}
	switch {
	case word != "" && len([]rune(word))*2 >= len(runes):
		warning = "This is similar to a commonly used password."
	case repeats:
		warning = `Repeats like "aaa" are easy to guess.`
	case sequences:
		warning = "Sequences like abc or 6543 are easy to guess."
	case len(runes) < 10:
		warning = "Short passwords are easy to guess."
	}
	suggestions = []string{"Add another word or two. Uncommon words are better."}
	if repeats || sequences {
		suggestions = append(suggestions, "Avoid repeated words and characters, and sequences.")
	}
	return score, warning, suggestions
}
