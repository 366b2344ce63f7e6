package store

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// usersSnapshot is the "users" section of a consumer project: its users,
// their sessions (by token hash; the token key is the "sessions"
// section's) and their unused magic links (by token hash).
type usersSnapshot struct {
	Users    []userRecordV2        `json:"users"`
	Sessions []userSessionRecordV2 `json:"sessions"`
	Links    []userLinkRecordV2    `json:"links"`
}

// userRecordV2 is one stored user.
type userRecordV2 struct {
	Seq                    uint64          `json:"seq"`
	UserID                 string          `json:"user_id"`
	Status                 string          `json:"status"`
	CreatedAt              *time.Time      `json:"created_at,omitempty"`
	Name                   *userNameV2     `json:"name,omitempty"`
	Emails                 []userContactV2 `json:"emails"`
	PhoneNumbers           []userContactV2 `json:"phone_numbers"`
	TOTPs                  []userFactorV2  `json:"totps,omitempty"`
	WebAuthnRegistrations  []userFactorV2  `json:"webauthn_registrations,omitempty"`
	BiometricRegistrations []userFactorV2  `json:"biometric_registrations,omitempty"`
	CryptoWallets          []userFactorV2  `json:"crypto_wallets,omitempty"`
	Providers              []userFactorV2  `json:"providers,omitempty"`
	PasswordID             string          `json:"password_id,omitempty"`
	Roles                  []string        `json:"roles"`
	TrustedMetadata        map[string]any  `json:"trusted_metadata,omitempty"`
	UntrustedMetadata      map[string]any  `json:"untrusted_metadata,omitempty"`
	ExternalID             string          `json:"external_id,omitempty"`
}

type userNameV2 struct {
	First  string `json:"first_name,omitempty"`
	Middle string `json:"middle_name,omitempty"`
	Last   string `json:"last_name,omitempty"`
}

// userContactV2 is an email address or phone number with its ID.
type userContactV2 struct {
	ID       string `json:"id"`
	Value    string `json:"value"`
	Verified bool   `json:"verified"`
}

// userFactorV2 is a registered factor: its ID and, where the factor has
// one, its detail (domain, wallet address, provider).
type userFactorV2 struct {
	ID     string `json:"id"`
	Detail string `json:"detail,omitempty"`
}

type userSessionRecordV2 struct {
	ID             string           `json:"session_id"`
	UserID         string           `json:"user_id"`
	TokenHash      string           `json:"token_hash"`
	StartedAt      time.Time        `json:"started_at"`
	LastAccessedAt time.Time        `json:"last_accessed_at"`
	ExpiresAt      time.Time        `json:"expires_at"`
	Factors        []factorRecordV2 `json:"authentication_factors"`
	CustomClaims   map[string]any   `json:"custom_claims,omitempty"`
}

type userLinkRecordV2 struct {
	TokenHash     string    `json:"token_hash"`
	Kind          string    `json:"kind"`
	UserID        string    `json:"user_id"`
	EmailID       string    `json:"email_id,omitempty"`
	PKCEChallenge string    `json:"pkce_challenge,omitempty"`
	ExpiresAt     time.Time `json:"expires_at"`
}

// saveUsers renders the section of a consumer project; B2B projects have
// none. Callers hold p.Mu.
func saveUsers(p *state.Project, _ SnapshotOptions) (any, error) {
	if p.Vertical != state.VerticalConsumer {
		return nil, nil
	}
	out := usersSnapshot{Users: []userRecordV2{}, Sessions: []userSessionRecordV2{}, Links: []userLinkRecordV2{}}
	for _, r := range p.UsersInOrder() {
		u := state.UserView(r)
		rec := userRecordV2{Seq: r.Seq, UserID: u.UserID, Status: u.Status, CreatedAt: u.CreatedAt, Roles: u.Roles,
			TrustedMetadata: u.TrustedMetadata, UntrustedMetadata: u.UntrustedMetadata, ExternalID: u.ExternalID,
			Emails: []userContactV2{}, PhoneNumbers: []userContactV2{}}
		if u.Name != nil {
			rec.Name = &userNameV2{u.Name.FirstName, u.Name.MiddleName, u.Name.LastName}
		}
		for _, e := range u.Emails {
			rec.Emails = append(rec.Emails, userContactV2{e.EmailID, e.Email, e.Verified})
		}
		for _, ph := range u.PhoneNumbers {
			rec.PhoneNumbers = append(rec.PhoneNumbers, userContactV2{ph.PhoneID, ph.PhoneNumber, ph.Verified})
		}
		for _, f := range u.TOTPs {
			rec.TOTPs = append(rec.TOTPs, userFactorV2{ID: f.TOTPID})
		}
		for _, f := range u.WebAuthnRegistrations {
			rec.WebAuthnRegistrations = append(rec.WebAuthnRegistrations, userFactorV2{ID: f.WebAuthnRegistrationID, Detail: f.Domain})
		}
		for _, f := range u.BiometricRegistrations {
			rec.BiometricRegistrations = append(rec.BiometricRegistrations, userFactorV2{ID: f.BiometricRegistrationID})
		}
		for _, f := range u.CryptoWallets {
			rec.CryptoWallets = append(rec.CryptoWallets, userFactorV2{ID: f.CryptoWalletID, Detail: f.CryptoWalletAddress})
		}
		for _, f := range u.Providers {
			rec.Providers = append(rec.Providers, userFactorV2{ID: f.OAuthUserRegistrationID, Detail: f.ProviderType})
		}
		if u.Password != nil {
			rec.PasswordID = u.Password.PasswordID
		}
		out.Users = append(out.Users, rec)
	}
	for _, s := range p.Users.Sessions {
		factors, err := factorRecords(s.Factors)
		if err != nil {
			return nil, err
		}
		out.Sessions = append(out.Sessions, userSessionRecordV2{ID: s.ID, UserID: s.MemberID, TokenHash: s.TokenHash,
			StartedAt: s.StartedAt, LastAccessedAt: s.LastAccessedAt, ExpiresAt: s.ExpiresAt, Factors: factors, CustomClaims: state.DeepCopyJSON(s.Claims)})
	}
	slices.SortFunc(out.Sessions, func(a, b userSessionRecordV2) int { return strings.Compare(a.ID, b.ID) })
	for h, l := range p.Users.Links {
		if !l.Used {
			out.Links = append(out.Links, userLinkRecordV2{TokenHash: h, Kind: l.Kind, UserID: l.UserID, EmailID: l.EmailID, PKCEChallenge: l.PKCEChallenge, ExpiresAt: l.ExpiresAt})
		}
	}
	slices.SortFunc(out.Links, func(a, b userLinkRecordV2) int { return strings.Compare(a.TokenHash, b.TokenHash) })
	return out, nil
}

// loadUsers validates the section and rebuilds the users, their indexes,
// sessions and links through the same functions the handlers use.
func loadUsers(dst *state.Project, raw json.RawMessage) error {
	var snap usersSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("users", "%v", err)
	}
	dst.InitUsers()
	for i, rec := range snap.Users {
		at := "users.users[" + itoa(i) + "]"
		if rec.UserID == "" || dst.Users.ByID[rec.UserID] != nil {
			return SnapErr(at+".user_id", "is missing or duplicated")
		}
		if rec.Status != state.UserActive && rec.Status != state.UserPending {
			return SnapErr(at+".status", "must be active or pending")
		}
		u := state.User{UserID: rec.UserID, Status: rec.Status, CreatedAt: rec.CreatedAt, Roles: rec.Roles,
			TrustedMetadata: rec.TrustedMetadata, UntrustedMetadata: rec.UntrustedMetadata, ExternalID: rec.ExternalID}
		if rec.Name != nil {
			u.Name = &state.UserName{FirstName: rec.Name.First, MiddleName: rec.Name.Middle, LastName: rec.Name.Last}
		}
		for _, e := range rec.Emails {
			if dst.UserByEmail(e.Value) != nil {
				return SnapErr(at+".emails", "%q is held by another user", e.Value)
			}
			u.Emails = append(u.Emails, state.UserEmail{EmailID: e.ID, Email: e.Value, Verified: e.Verified})
		}
		for _, ph := range rec.PhoneNumbers {
			if dst.UserByPhone(ph.Value) != nil {
				return SnapErr(at+".phone_numbers", "%q is held by another user", ph.Value)
			}
			u.PhoneNumbers = append(u.PhoneNumbers, state.UserPhoneNumber{PhoneID: ph.ID, PhoneNumber: ph.Value, Verified: ph.Verified})
		}
		for _, f := range rec.TOTPs {
			u.TOTPs = append(u.TOTPs, state.UserTOTP{TOTPID: f.ID, Verified: true})
		}
		for _, f := range rec.WebAuthnRegistrations {
			u.WebAuthnRegistrations = append(u.WebAuthnRegistrations, state.UserWebAuthn{WebAuthnRegistrationID: f.ID, Domain: f.Detail, Verified: true})
		}
		for _, f := range rec.BiometricRegistrations {
			u.BiometricRegistrations = append(u.BiometricRegistrations, state.UserBiometric{BiometricRegistrationID: f.ID, Verified: true})
		}
		for _, f := range rec.CryptoWallets {
			u.CryptoWallets = append(u.CryptoWallets, state.UserCryptoWallet{CryptoWalletID: f.ID, CryptoWalletAddress: f.Detail, CryptoWalletType: "ethereum", Verified: true})
		}
		for _, f := range rec.Providers {
			u.Providers = append(u.Providers, state.UserOAuthProvider{OAuthUserRegistrationID: f.ID, ProviderSubject: f.ID, ProviderType: f.Detail})
		}
		if rec.PasswordID != "" {
			u.Password = &state.UserPassword{PasswordID: rec.PasswordID}
		}
		dst.PutUser(&state.UserRecord{Seq: rec.Seq, User: u})
		dst.Seq = max(dst.Seq, rec.Seq)
	}
	for i, s := range snap.Sessions {
		at := "users.sessions[" + itoa(i) + "]"
		if s.ID == "" || len(s.TokenHash) != 64 || dst.Users.Sessions[s.ID] != nil || dst.Users.SessionTokens[s.TokenHash] != "" {
			return SnapErr(at, "needs a unique session_id and a hex SHA-256 token_hash")
		}
		rec := &state.SessionRecord{ID: s.ID, MemberID: s.UserID, TokenHash: s.TokenHash, StartedAt: s.StartedAt,
			LastAccessedAt: s.LastAccessedAt, ExpiresAt: s.ExpiresAt, Factors: stateFactors(s.Factors), Claims: state.DeepCopyJSON(s.CustomClaims)}
		if rec.Claims == nil {
			rec.Claims = map[string]any{}
		}
		dst.Users.Sessions[rec.ID] = rec
		dst.Users.SessionTokens[rec.TokenHash] = rec.ID
	}
	for i, l := range snap.Links {
		if len(l.TokenHash) != 64 || !slices.Contains([]string{state.UserLinkLogin, state.UserLinkSignup, state.UserLinkInvite, state.UserLinkEmbedded}, l.Kind) {
			return SnapErr("users.links["+itoa(i)+"]", "needs a hex SHA-256 token_hash and a known kind")
		}
		dst.Users.Links[l.TokenHash] = &state.UserLinkRecord{Kind: l.Kind, UserID: l.UserID, EmailID: l.EmailID, PKCEChallenge: l.PKCEChallenge, ExpiresAt: l.ExpiresAt}
	}
	return nil
}
