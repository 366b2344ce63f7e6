package contract

import (
	"github.com/stytchkit/stytch-go/b2b/scim"
)

func init() {
	sdkEndpoints = append(sdkEndpoints,
		sdkEndpoint{"scim.connection.create", scim.ConnectionCreateParams{}, scim.ConnectionCreateResponse{}},
		sdkEndpoint{"scim.connection.update", scim.ConnectionUpdateParams{}, scim.ConnectionUpdateResponse{}},
		sdkEndpoint{"scim.connection.delete", scim.ConnectionDeleteParams{}, scim.ConnectionDeleteResponse{}},
		sdkEndpoint{"scim.connection.get", scim.ConnectionGetParams{}, scim.ConnectionGetResponse{}},
		sdkEndpoint{"scim.connection.get_groups", scim.ConnectionGetGroupsParams{}, scim.ConnectionGetGroupsResponse{}},
		sdkEndpoint{"scim.connection.rotate_start", scim.ConnectionRotateStartParams{}, scim.ConnectionRotateStartResponse{}},
		sdkEndpoint{"scim.connection.rotate_complete", scim.ConnectionRotateCompleteParams{}, scim.ConnectionRotateCompleteResponse{}},
		sdkEndpoint{"scim.connection.rotate_cancel", scim.ConnectionRotateCancelParams{}, scim.ConnectionRotateCancelResponse{}},
	)
}
