#!/usr/bin/env bash
# Builds the `pulumi` CLI and the `pulumi-language-nodejs` language host from the
# Go module proxy, stamped with one pinned version, into a cache outside the repo.
# Used only where no `pulumi` is on PATH (see scripts/env.sh).
#
# Usage: scripts/build-pulumi.sh <out-bin-dir>
#
# Cost, measured on a 2-core machine with empty Go caches (Go 1.26, v3.274.1):
#   download  ~280 MB into the Go module cache (pkg/v3 pulls the cloud SDKs of
#             the state backends), ~1.7 GB of build cache
#   time      about 5 minutes for `pulumi` (downloads included); the binary is
#             122 MB. A warm cache skips all of it (env.sh checks the binary).
#
# The Node.js language host (`pulumi-language-nodejs`) lives in its own,
# untagged Go module. The reference recipe pins it to the commit of the pkg
# tag, but the module proxy reachable here answers 403 for every version of it
# (@latest, @master, a tag, a pseudo-version) and its .info carries no commit.
# So the official host is attempted first and, when refused, our own minimal
# host is built from tools/language-host (same sdk/v3 version, so it reuses
# the Go module and build caches of the CLI build). With either host, project
# mode (`pulumi up` next to a Pulumi.yaml) works; tests and `npm start` also
# drive programs through the Automation API's inline mode, which needs no host.
#
# Cost of our host (v3.274.1, Go 1.26, 2 cores): no download beyond what the
#   CLI build already fetched (tools/language-host/go.sum is a subset);
#   about 20 s after a CLI build (shared build cache), 1 minute and ~300 MB of
#   build cache when the build cache is empty; the binary is 16 MB.
#
# Re-running is cheap: an existing $OUT/pulumi that reports the pinned version
# is kept (not rebuilt), so a cache from before the host existed only gains
# the host.
set -euo pipefail

PULUMI_GO_VERSION="${PULUMI_GO_VERSION:-v3.274.1}"
OUT="${1:?usage: build-pulumi.sh <out-bin-dir>}"
WORK="$(dirname "$OUT")/build"
HOST_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tools/language-host"
GOFLAGS_CALLER="${GOFLAGS:-}"
mkdir -p "$OUT" "$WORK"
cd "$WORK"

log() { printf '[build-pulumi] %s\n' "$*" >&2; }
start=$(date +%s)

if [ ! -f go.mod ]; then
  go mod init local/pulumi-build >/dev/null 2>&1
fi
export GOFLAGS="${GOFLAGS:-} -mod=mod"
# pkg/go.mod carries a replace for the clipboard module; replaces of dependencies
# are ignored in a wrapper module, so it is copied here.
go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e

log "resolving github.com/pulumi/pulumi/pkg/v3@$PULUMI_GO_VERSION"
go mod download -json "github.com/pulumi/pulumi/pkg/v3@$PULUMI_GO_VERSION" > pkg.json
go get "github.com/pulumi/pulumi/pkg/v3@$PULUMI_GO_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_GO_VERSION"

LDF="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_GO_VERSION"
TAGS="osusergo,grpcnotrace"

if [ -x "$OUT/pulumi" ] && [ "$("$OUT/pulumi" version 2>/dev/null)" = "$PULUMI_GO_VERSION" ]; then
  log "pulumi $PULUMI_GO_VERSION already built in $OUT: keeping it"
else
  log "building pulumi $PULUMI_GO_VERSION (first build takes a while)"
  CGO_ENABLED=0 go build -trimpath -tags "$TAGS" -ldflags "$LDF" -o "$OUT/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  log "pulumi built after $(( $(date +%s) - start ))s"
fi

# The language host module is untagged: require it at the commit of the pkg tag.
HASH=$(sed -n 's/.*"Hash": *"\([0-9a-f]\{40\}\)".*/\1/p' pkg.json | head -1)
HOST=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
if [ -n "$HASH" ] && go get "$HOST@$HASH" 2>/dev/null; then
  log "building pulumi-language-nodejs at commit $HASH"
  # keep pkg and sdk at the pinned version even if the host's go.mod asks for older
  go get "github.com/pulumi/pulumi/pkg/v3@$PULUMI_GO_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_GO_VERSION"
  CGO_ENABLED=0 go build -trimpath -tags "$TAGS" -ldflags "$LDF" -o "$OUT/pulumi-language-nodejs" "$HOST"
else
  log "the module proxy does not serve $HOST; building our own language host from $HOST_SRC"
  hstart=$(date +%s)
  # Its own module with a committed go.sum: never let the build edit it.
  (cd "$HOST_SRC" && GOFLAGS="$GOFLAGS_CALLER -mod=readonly" CGO_ENABLED=0 \
    go build -trimpath -tags "$TAGS" -ldflags "$LDF" -o "$OUT/.pulumi-language-nodejs.$$" .)
  # rename into place: another shell may be using the cache
  mv -f "$OUT/.pulumi-language-nodejs.$$" "$OUT/pulumi-language-nodejs"
  log "pulumi-language-nodejs (tools/language-host) built in $(( $(date +%s) - hstart ))s"
fi
touch "$OUT/.complete"
log "done in $(( $(date +%s) - start ))s"
"$OUT/pulumi" version
