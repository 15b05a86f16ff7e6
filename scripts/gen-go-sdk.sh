#!/usr/bin/env bash
# Regenerates the Go SDK of the provider plugin (sdk/go: go.mod and qstash/)
# from the plugin's package schema, with Pulumi's Go code generator as a library
# (tools/gen-go-sdk; `pulumi package gen-sdk --language go` needs the Go
# language host, which the module proxy here does not serve). The module path
# (go.mod) and the import path derive from package.json `repository`, the
# version in qstash/pulumi-plugin.json from package.json `version`.
#
# Usage: scripts/gen-go-sdk.sh [out dir]   (default: sdk/go; run `node scripts/build.mjs` first)
#
# The generator is built once into $PULUMI_QSTASH_CACHE/gen-go-sdk (about 4
# minutes on 2 cores after the pulumi CLI build, which it shares caches with).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/sdk/go}"
cache="${PULUMI_QSTASH_CACHE:-$HOME/.cache/pulumi-qstash}/gen-go-sdk"
src="$root/tools/gen-go-sdk"
mkdir -p "$cache"
if [ ! -x "$cache/gen-go-sdk" ] || ! cmp -s "$src/main.go" "$cache/main.go"; then
  printf '[gen-go-sdk] building the generator into %s\n' "$cache" >&2
  cp "$src/main.go" "$src/go.mod" "$src/go.sum" "$cache/"
  (cd "$cache" && GOFLAGS=-mod=mod CGO_ENABLED=0 nice -n 10 go build -o gen-go-sdk.tmp . && mv -f gen-go-sdk.tmp gen-go-sdk)
fi
schema="$(mktemp)"
trap 'rm -f "$schema"' EXIT
pulumi package get-schema "$root/bin/pulumi-resource-qstash" > "$schema"
rm -rf "$out/qstash" "$out/go.mod"
"$cache/gen-go-sdk" "$schema" "$out"
printf '[gen-go-sdk] wrote %s/qstash\n' "$out" >&2
