package api

import (
	"strings"

	"github.com/stytchkit/stytch-go/consumer/magiclinks"
	"github.com/stytchkit/stytch-go/consumer/sessions"
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// userLinkBody holds the fields every consumer magic-link send carries.
type userLinkBody struct {
	Email                   string  `json:"email"`
	LoginMagicLinkURL       string  `json:"login_magic_link_url"`
	SignupMagicLinkURL      string  `json:"signup_magic_link_url"`
	LoginExpirationMinutes  *int64  `json:"login_expiration_minutes"`
	SignupExpirationMinutes *int64  `json:"signup_expiration_minutes"`
	CodeChallenge           string  `json:"code_challenge"`
	Locale                  *string `json:"locale"`
}

// check validates the email, locale and lifetimes and returns the trimmed
// address.
func (b *userLinkBody) check() (string, *apierr.Error) {
	email := strings.TrimSpace(b.Email)
	if email == "" {
		return "", apierr.BadRequest("invalid_email", "email is required.")
	}
	if err := flows.CheckEmail("email", email); err != nil {
		return "", err
	}
	if err := flows.CheckLocale(b.Locale, flows.MagicLinkLocales); err != nil {
		return "", err
	}
	if _, err := flows.LinkTTL("login_expiration_minutes", b.LoginExpirationMinutes, flows.DefaultLinkMinutes); err != nil {
		return "", err
	}
	if _, err := flows.LinkTTL("signup_expiration_minutes", b.SignupExpirationMinutes, flows.DefaultLinkMinutes); err != nil {
		return "", err
	}
	return email, nil
}

// link returns the login or signup link to send to r.
func (b *userLinkBody) link(r *state.UserRecord, emailID, email string) flows.UserLink {
	l := flows.UserLink{Kind: flows.LoginKind(r), User: r, EmailID: emailID, Email: email, PKCEChallenge: b.CodeChallenge}
	if l.Kind == state.UserLinkSignup {
		l.Redirect = b.SignupMagicLinkURL
		l.TTL, _ = flows.LinkTTL("", b.SignupExpirationMinutes, flows.DefaultLinkMinutes)
	} else {
		l.Redirect = b.LoginMagicLinkURL
		l.TTL, _ = flows.LinkTTL("", b.LoginExpirationMinutes, flows.DefaultLinkMinutes)
	}
	return l
}

func emailIDOf(r *state.UserRecord, email string) string {
	for _, e := range r.User.Emails {
		if strings.EqualFold(e.Email, email) {
			return e.EmailID
		}
	}
	return ""
}

// handleUserMagicLinkSend sends a login link to a known address. An
// unknown address is 404 email_not_found: this is the endpoint that tells
// whether an account exists (login_or_create never does).
func handleUserMagicLinkSend(rc *httpkit.Call) (any, error) {
	var b struct {
		userLinkBody
		UserID       string `json:"user_id"`
		SessionToken string `json:"session_token"`
		SessionJWT   string `json:"session_jwt"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, aerr := b.check()
	if aerr != nil {
		return nil, aerr
	}
	if err := flows.CheckSessionArgs(b.SessionToken, b.SessionJWT, state.SessionArgs{}); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	if userID, emailID, ok := flows.ConsumerSandboxSend(p, email); ok {
		return &magiclinks.EmailSendResponse{UserID: userID, EmailID: emailID}, nil
	}
	p.InitUsers()
	var r *state.UserRecord
	switch {
	case b.UserID != "":
		if r, aerr = p.FindUser(b.UserID); aerr != nil {
			return nil, aerr
		}
	case b.SessionToken != "" || b.SessionJWT != "":
		s, err := p.FindUserSession(b.SessionToken, b.SessionJWT, rc.Now)
		if err != nil {
			return nil, err
		}
		r = p.Users.ByID[s.MemberID]
	}
	if r == nil {
		if r = p.UserByEmail(email); r == nil {
			return nil, apierr.NotFound("email_not_found", "No user has the email address %q.", email)
		}
	}
	next := state.CloneUser(r)
	emailID, aerr := flows.AddUserEmail(p, next, email, false)
	if aerr != nil {
		return nil, aerr
	}
	if err := flows.SendUserLink(p, rc.Now, b.link(next, emailID, email)); err != nil {
		return nil, err
	}
	p.PutUser(next)
	return &magiclinks.EmailSendResponse{UserID: next.User.UserID, EmailID: emailID}, nil
}

// handleUserMagicLinkLoginOrCreate sends a login link to a known address or
// creates a user and sends a signup link: the same status and shape either
// way.
func handleUserMagicLinkLoginOrCreate(rc *httpkit.Call) (any, error) {
	var b struct {
		userLinkBody
		CreateUserAsPending bool `json:"create_user_as_pending"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, aerr := b.check()
	if aerr != nil {
		return nil, aerr
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	if userID, emailID, ok := flows.ConsumerSandboxSend(p, email); ok {
		return &magiclinks.EmailLoginOrCreateResponse{UserID: userID, EmailID: emailID}, nil
	}
	p.InitUsers()
	r, created := p.UserByEmail(email), false
	var emailID string
	if r == nil {
		status := users.StatusActive
		if b.CreateUserAsPending {
			status = users.StatusPending
		}
		r, created = flows.NewUserRecord(p, status, rc.Now), true
		if emailID, aerr = flows.AddUserEmail(p, r, email, false); aerr != nil {
			return nil, aerr
		}
	} else {
		emailID = emailIDOf(r, email)
	}
	l := b.link(r, emailID, email)
	if created {
		l.Kind, l.Redirect = state.UserLinkSignup, b.SignupMagicLinkURL
		l.TTL, _ = flows.LinkTTL("", b.SignupExpirationMinutes, flows.DefaultLinkMinutes)
	}
	if err := flows.SendUserLink(p, rc.Now, l); err != nil {
		return nil, err
	}
	if created {
		p.PutUser(r)
	}
	return &magiclinks.EmailLoginOrCreateResponse{UserID: r.User.UserID, EmailID: emailID, UserCreated: created}, nil
}

func handleUserMagicLinkInvite(rc *httpkit.Call) (any, error) {
	var b struct {
		Email                   string  `json:"email"`
		InviteMagicLinkURL      string  `json:"invite_magic_link_url"`
		InviteExpirationMinutes *int64  `json:"invite_expiration_minutes"`
		Locale                  *string `json:"locale"`
		flows.UserProfileBody
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email := strings.TrimSpace(b.Email)
	if email == "" {
		return nil, apierr.BadRequest("invalid_email", "email is required.")
	}
	if err := flows.CheckEmail("email", email); err != nil {
		return nil, err
	}
	if err := flows.CheckLocale(b.Locale, flows.MagicLinkLocales); err != nil {
		return nil, err
	}
	ttl, aerr := flows.LinkTTL("invite_expiration_minutes", b.InviteExpirationMinutes, flows.DefaultInviteMinutes)
	if aerr != nil {
		return nil, aerr
	}
	b.ExternalID, b.Roles = nil, nil // not part of an invite
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	if userID, emailID, ok := flows.ConsumerSandboxSend(p, email); ok {
		return &magiclinks.EmailInviteResponse{UserID: userID, EmailID: emailID}, nil
	}
	p.InitUsers()
	var next *state.UserRecord
	if r := p.UserByEmail(email); r != nil {
		if r.User.Status == users.StatusActive {
			return nil, apierr.BadRequest("duplicate_email", "A user with the email address %q already exists and is active.", email)
		}
		next = state.CloneUser(r)
	} else {
		next = flows.NewUserRecord(p, users.StatusPending, rc.Now)
	}
	emailID, aerr := flows.AddUserEmail(p, next, email, false)
	if aerr != nil {
		return nil, aerr
	}
	if err := flows.ApplyUserProfile(p, next, &b.UserProfileBody); err != nil {
		return nil, err
	}
	l := flows.UserLink{Kind: state.UserLinkInvite, User: next, EmailID: emailID, Email: email, Redirect: b.InviteMagicLinkURL, TTL: ttl}
	if err := flows.SendUserLink(p, rc.Now, l); err != nil {
		return nil, err
	}
	p.PutUser(next)
	return &magiclinks.EmailInviteResponse{UserID: next.User.UserID, EmailID: emailID}, nil
}

func handleUserMagicLinkRevokeInvite(rc *httpkit.Call) (any, error) {
	var b struct {
		Email string `json:"email"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email := strings.TrimSpace(b.Email)
	if email == "" {
		return nil, apierr.BadRequest("invalid_email", "email is required.")
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.InitUsers()
	r := p.UserByEmail(email)
	if r == nil || !flows.RevokeUserInvites(p, r.User.UserID, rc.Now) {
		return nil, apierr.NotFound("email_not_found", "No pending invitation was sent to %q.", email)
	}
	return &magiclinks.EmailRevokeInviteResponse{}, nil
}

func handleUserMagicLinkCreate(rc *httpkit.Call) (any, error) {
	var b struct {
		UserID            string `json:"user_id"`
		ExpirationMinutes *int64 `json:"expiration_minutes"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.UserID == "" {
		return nil, apierr.BadRequest("invalid_user_id", "user_id is required.")
	}
	ttl, aerr := flows.LinkTTL("expiration_minutes", b.ExpirationMinutes, flows.DefaultLinkMinutes)
	if aerr != nil {
		return nil, aerr
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.InitUsers()
	r, aerr := p.FindUser(b.UserID)
	if aerr != nil {
		return nil, aerr
	}
	tok := ids.NewToken()
	p.Users.Links[ids.HashToken(tok)] = &state.UserLinkRecord{Kind: state.UserLinkEmbedded, UserID: r.User.UserID, ExpiresAt: rc.Now.Add(ttl)}
	return &magiclinks.CreateResponse{UserID: r.User.UserID, Token: tok}, nil
}

func handleUserMagicLinkAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		Token        string `json:"token"`
		CodeVerifier string `json:"code_verifier"`
		SessionToken string `json:"session_token"`
		SessionJWT   string `json:"session_jwt"`
		state.SessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.Token == "" {
		return nil, apierr.BadRequest("invalid_token", "token is required.")
	}
	if err := flows.CheckSessionArgs(b.SessionToken, b.SessionJWT, b.SessionArgs); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.InitUsers()
	var r *state.UserRecord
	var factor sessions.AuthenticationFactor
	var methodID string
	if ok, err := flows.ConsumerSandboxToken(p, b.Token); ok {
		if err != nil {
			return nil, err
		}
		r = flows.ConsumerSandboxUser(p, rc.Now)
		methodID = r.User.UserID
		factor = sessions.AuthenticationFactor{Type: "magic_link", DeliveryMethod: "email"}
	} else {
		l, err := flows.FindUserLink(p, b.Token, b.CodeVerifier, rc.Now)
		if err != nil {
			return nil, err
		}
		stored := p.Users.ByID[l.UserID]
		if stored == nil {
			return nil, apierr.NotFound("magic_link_not_found", "The magic link could not be found.")
		}
		r = state.CloneUser(stored)
		flows.ActivateUser(r, l.EmailID)
		factor = flows.UserLinkFactor(r, l)
		methodID = l.EmailID
		if l.Kind == state.UserLinkEmbedded {
			methodID = r.User.UserID
		}
		var supplied *state.SessionRecord
		if b.SessionToken != "" || b.SessionJWT != "" {
			if supplied, err = p.FindUserSession(b.SessionToken, b.SessionJWT, rc.Now); err != nil {
				return nil, err
			}
			if supplied.MemberID != r.User.UserID {
				return nil, apierr.BadRequest("user_id_mismatch", "The session passed belongs to another user.")
			}
		}
		l.Used = true
		p.PutUser(r)
		return loginAnswer(p, rc, r, supplied, factor, b.SessionArgs, methodID)
	}
	return loginAnswer(p, rc, r, nil, factor, b.SessionArgs, methodID)
}

// loginAnswer finishes a consumer magic-link login: a session is started
// (or the supplied one extended) when a session was passed or
// session_duration_minutes asked for one; otherwise the answer carries no
// session. Callers hold p.Mu for writing.
func loginAnswer(p *state.Project, rc *httpkit.Call, r *state.UserRecord, supplied *state.SessionRecord, factor sessions.AuthenticationFactor, args state.SessionArgs, methodID string) (any, error) {
	out := &magiclinks.AuthenticateResponse{MethodID: methodID}
	out.UserID, out.User = r.User.UserID, state.UserView(r)
	if supplied == nil && (args.DurationMinutes == nil || *args.DurationMinutes == 0) {
		return out, nil
	}
	s, err := p.StartUserSession(rc.Now, r.User.UserID, supplied, []sessions.AuthenticationFactor{factor}, args)
	if err != nil {
		return nil, err
	}
	out.LoginResult = userLogin(s)
	return out, nil
}

// userLogin is the common answer of a consumer call that issued a session.
func userLogin(s *state.IssuedUserSession) sessions.LoginResult {
	sess := s.Session
	return sessions.LoginResult{UserID: s.User.UserID, SessionToken: s.Token, SessionJWT: s.JWT, User: s.User, Session: &sess}
}
