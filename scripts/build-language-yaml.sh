#!/usr/bin/env bash
# Builds the Pulumi YAML language host (`pulumi-language-yaml`) from the Go
# module proxy into <out-bin-dir>, beside the pulumi CLI, so Pulumi YAML
# programs (and the provider plugin's YAML tests) run on machines without it.
# Used by scripts/env.sh when the host is missing; once per machine.
#
# pulumi-yaml v1.25.0 builds with its own go.mod (`go install`) and runs under
# the pinned CLI; building it against the CLI's pkg/v3 fails on changed
# signatures. Cost on 2 cores: about 2 minutes (sharing the CLI's module
# cache), a 31 MB binary.
#
# Usage: scripts/build-language-yaml.sh <out-bin-dir>
set -euo pipefail
OUT="${1:?usage: build-language-yaml.sh <out-bin-dir>}"
VERSION="${PULUMI_YAML_VERSION:-v1.25.0}"
mkdir -p "$OUT"
start=$(date +%s)
printf '[build-language-yaml] building pulumi-language-yaml %s into %s\n' "$VERSION" "$OUT" >&2
tmp="$OUT/.yaml-build.$$"
mkdir -p "$tmp"
# go install writes into GOBIN; build into a temp folder and rename into place
# (another shell may be using the cache)
GOBIN="$tmp" GOFLAGS="" CGO_ENABLED=0 nice -n 10 \
  go install -trimpath -ldflags "-s -w" "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$VERSION"
mv -f "$tmp/pulumi-language-yaml" "$OUT/pulumi-language-yaml"
rmdir "$tmp"
printf '[build-language-yaml] done in %ss\n' "$(( $(date +%s) - start ))" >&2
