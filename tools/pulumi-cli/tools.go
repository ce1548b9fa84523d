//go:build tools

// Package tools pins the Pulumi CLI for `go build` (see README.md).
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
