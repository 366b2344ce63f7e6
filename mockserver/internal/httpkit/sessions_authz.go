package httpkit

import "github.com/stytchkit/stytch-go/mockserver/internal/flows"

// actor returns who the call runs as.
func (rc *ReqCtx) Actor() flows.Actor {
	return flows.Actor{SessionToken: rc.Request.Header.Get(flows.HeaderMemberSession), SessionJWT: rc.Request.Header.Get(flows.HeaderMemberSessionJWT), Now: rc.Now}
}
