#!/usr/bin/env bash
# Builds tools/py-codegen-host, a stand-in `pulumi-language-python` that
# serves only code generation (`pulumi package gen-sdk --language python`),
# into $PULUMI_QSTASH_CACHE/py-codegen-host and prints that folder. The
# official Python host cannot be built here (the Go module proxy refuses its
# module); this one runs the same generator library from pkg/v3. Put the
# folder on PATH for gen-sdk only: it cannot run Python programs.
#
# Cost: about 2 minutes on 2 cores after scripts/gen-go-sdk.sh has built the
# Go generator (same pkg/v3, shared module and build caches); 31 MB binary.
#
# Usage: scripts/build-py-codegen.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${PULUMI_QSTASH_CACHE:-$HOME/.cache/pulumi-qstash}/py-codegen-host"
src="$root/tools/py-codegen-host"
mkdir -p "$cache"
if [ ! -x "$cache/pulumi-language-python" ] || ! cmp -s "$src/main.go" "$cache/main.go"; then
  printf '[py-codegen] building into %s\n' "$cache" >&2
  cp "$src/main.go" "$src/go.mod" "$src/go.sum" "$cache/"
  (cd "$cache" && GOFLAGS=-mod=mod CGO_ENABLED=0 nice -n 10 go build -trimpath -ldflags "-s -w" -o pulumi-language-python.tmp . &&
    mv -f pulumi-language-python.tmp pulumi-language-python)
fi
printf '%s\n' "$cache"
