// Package otps groups the B2B one-time passcode clients: SMS codes, which
// are a second factor (MFA), and email codes, which are a primary factor
// like magic links.
package otps

import (
	"github.com/stytchkit/stytch-go/b2b/otps/email"
	"github.com/stytchkit/stytch-go/b2b/otps/sms"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client holds the SMS and email OTP clients. Get one from b2b.Client.OTPs.
type Client struct {
	// SMS sends and authenticates MFA codes by text message.
	SMS *sms.Client
	// Email sends and authenticates email login codes, organization-scoped
	// and (Email.Discovery) organization-less.
	Email *email.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{SMS: sms.NewClient(c), Email: email.NewClient(c)}
}
