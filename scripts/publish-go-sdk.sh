#!/usr/bin/env bash
# Publishes the Go SDK (sdk/go) at the package's version into a file-based Go
# module proxy, as a release would serve it: `GOPROXY=file://<proxy dir>` then
# lets `go get <module>@v<version>` fetch it with no replace directive. The
# module path is sdk/go/go.mod's (generated from the repository's address); the
# version is package.json's. A real release tags the same folder sdk/go/v<version>.
#
# Usage: scripts/publish-go-sdk.sh <proxy dir> [version]
#
# The publisher (tools/go-proxy, golang.org/x/mod/zip) is built once into
# $PULUMI_QSTASH_CACHE/go-proxy (seconds; one small module from the Go module proxy).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
proxy="${1:?usage: publish-go-sdk.sh <proxy dir> [version]}"
version="${2:-v$(node -p 'require(process.argv[1]).version' "$root/package.json")}"
cache="${PULUMI_QSTASH_CACHE:-$HOME/.cache/pulumi-qstash}/go-proxy"
src="$root/tools/go-proxy"
mkdir -p "$cache"
if [ ! -x "$cache/go-proxy" ] || ! cmp -s "$src/main.go" "$cache/main.go"; then
  printf '[publish-go-sdk] building the publisher into %s\n' "$cache" >&2
  cp "$src/main.go" "$src/go.mod" "$src/go.sum" "$cache/"
  (cd "$cache" && GOFLAGS=-mod=mod CGO_ENABLED=0 nice -n 10 go build -o go-proxy.tmp . && mv -f go-proxy.tmp go-proxy)
fi
"$cache/go-proxy" "$proxy" "$root/sdk/go" "$version"
