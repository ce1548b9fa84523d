//go:build tools

// Package tools pins the Node.js language host for `go build` (see ../README.md).
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
)
