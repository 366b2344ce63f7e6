// Command errortypes generates the Go constants for Stytch's published
// error_type registry (testdata/contract/error_types.json): the SDK's
// stytchapi.ErrorType constants and the mock's apierr registry. It is run by
// go generate:
//
//	go generate ./stytchapi ./mockserver/internal/apierr
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
)

func main() {
	registry := flag.String("registry", "", "path of error_types.json")
	kind := flag.String("kind", "", `what to generate: "sdk" (stytchapi constants) or "mock" (apierr registry)`)
	out := flag.String("out", "", "output file")
	flag.Parse()
	if *registry == "" || *out == "" {
		log.Fatal("errortypes: -registry and -out are required")
	}
	types, err := Load(*registry)
	if err != nil {
		log.Fatalf("errortypes: %v", err)
	}
	var src []byte
	switch *kind {
	case "sdk":
		src, err = RenderSDK(types)
	case "mock":
		src, err = RenderMock(types)
	default:
		err = fmt.Errorf("unknown -kind %q", *kind)
	}
	if err != nil {
		log.Fatalf("errortypes: %v", err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatalf("errortypes: %v", err)
	}
}
