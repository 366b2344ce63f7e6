package admin

import (
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

type rotateKeysResponse struct {
	httpkit.Ack
	Kid string `json:"kid"`
}

// HandleRotateKeys makes a fresh key sign new JWTs; the old one stays
// published until the JWTs it signed have expired.
func HandleRotateKeys(rc *httpkit.Call) (any, error) {
	key, err := rc.Project.Keys.Rotate(rc.Now)
	if err != nil {
		return nil, err
	}
	return &rotateKeysResponse{httpkit.Ack{}, key.KID}, nil
}
