package flows

import (
	"time"
)

// EmailUpdateTTL is how long a Start Email Update link or code lasts.
const EmailUpdateTTL = 5 * time.Minute
