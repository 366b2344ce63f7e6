// Package otps is the client for B2B one-time passcodes: SMS codes
// (Client.SMS), which are a second factor (MFA), and email codes
// (Client.Email, and organization-less Client.Email.Discovery), which are a
// primary factor like magic links.
//
// Types of a sub-client carry its field path as a prefix:
// client.OTPs.Email.Discovery.Send takes EmailDiscoverySendParams and
// client.OTPs.SMS.Authenticate takes SMSAuthenticateParams.
package otps

import (
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client holds the SMS and email OTP clients. Get one from b2b.Client.OTPs.
type Client struct {
	// SMS sends and authenticates MFA codes by text message.
	SMS *SMSClient
	// Email sends and authenticates email login codes, organization-scoped
	// and (Email.Discovery) organization-less.
	Email *EmailClient
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{SMS: newSMSClient(c), Email: newEmailClient(c)}
}
