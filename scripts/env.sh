# shellcheck shell=bash
# Source me: `. scripts/env.sh`
#
# Makes this shell ready to build, test and run pulumi-qstash on any machine:
#   1. Node >= NODE_MINIMUM (sdk/node-version.ts) first on PATH: the machine's
#      node when new enough, otherwise the npm package `node@22` installed into
#      the cache below.
#   2. The `pulumi` CLI and its Node.js language host on PATH: the installed ones
#      when present, otherwise built once from the Go module proxy into the cache
#      (scripts/build-pulumi.sh).
#   3. An offline Pulumi environment: a local file backend in a temp dir, a
#      passphrase secrets provider, no update checks, no plugin downloads.
#      Existing values of these variables are kept, so a user's own backend wins.
#
# The cache lives outside the repo: $PULUMI_QSTASH_CACHE, default
# ~/.cache/pulumi-qstash. Progress goes to stderr.

_pq_log() { printf '[env] %s\n' "$*" >&2; }

# Installs the npm package `node@<version>` into <cache>/node-<version> (once)
# and prints the folder holding its `node`. The package's preinstall script
# fetches the platform's binary; npm 11 runs a dependency's install script only
# when the project allows it, hence the package.json beside it (older npm
# ignores the field and runs it anyway). The tests get Node 20 the same way
# (test-deps.sh), so this stays defined after env.sh is sourced.
_pq_node_bin() {
  local version="$1" cache="${2:-${PULUMI_QSTASH_CACHE:-$HOME/.cache/pulumi-qstash}}"
  local nd="$cache/node-$version"
  if [ ! -x "$nd/node_modules/node/bin/node" ]; then
    _pq_log "installing node@$version into $nd"
    mkdir -p "$nd"
    printf '{"private":true,"allowScripts":{"node":true}}\n' >"$nd/package.json"
    (cd "$nd" && npm install --no-audit --no-fund --loglevel=error --prefix "$nd" "node@$version" >&2) || {
      _pq_log "could not install node@$version"; return 1; }
    [ -x "$nd/node_modules/node/bin/node" ] || {
      _pq_log "node@$version installed no node binary into $nd/node_modules/node/bin"; return 1; }
  fi
  printf '%s\n' "$nd/node_modules/node/bin"
}

_pq_main() {
  local root cache
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cache="${PULUMI_QSTASH_CACHE:-$HOME/.cache/pulumi-qstash}"
  mkdir -p "$cache"

  # --- Node >= NODE_MINIMUM ---------------------------------------------------
  # The floor is declared once, in sdk/node-version.ts (dist/ in an installed
  # copy); undici and @pulumi/pulumi set it. The pin is what gets installed.
  local node_pin="22.23.3" node_min have
  # (one of the two files may be missing: sed then fails, which a caller's
  # `set -eo pipefail` must not take for a failure of this script)
  node_min="$({ sed -n 's/^export const NODE_MINIMUM = "\([0-9.]*\)";$/\1/p; s/^exports.NODE_MINIMUM = "\([0-9.]*\)";$/\1/p' \
    "$root/sdk/node-version.ts" "$root/dist/cjs/sdk/node-version.js" 2>/dev/null || true; } | head -n 1)"
  node_min="${node_min:-$node_pin}"
  have="$(node -p 'process.versions.node' 2>/dev/null || echo 0)"
  if [ "$(printf '%s\n%s\n' "$node_min" "$have" | sort -V | head -n 1)" != "$node_min" ]; then
    _pq_log "node $(node -v 2>/dev/null || echo missing) is older than $node_min: using node@$node_pin from the cache"
    local nbin
    nbin="$(_pq_node_bin "$node_pin" "$cache")" || return 1
    export PATH="$nbin:$PATH"
  fi
  _pq_log "node $(node -v) at $(command -v node)"

  # --- pulumi CLI -------------------------------------------------------------
  # The pinned CLI version. Keep it close to the @pulumi/pulumi SDK in
  # package.json (the module proxy here serves pkg/v3 at v3.274.1, not 3.276.0).
  local pulumi_pin="${PULUMI_GO_VERSION:-v3.274.1}"
  local pbin="$cache/pulumi-$pulumi_pin/bin"
  # The cache is complete with both the CLI and the language host; caches made
  # before tools/language-host existed have only the CLI, and the build then
  # adds the host (about 20 s) and keeps the CLI.
  local own_pulumi
  own_pulumi="$(command -v pulumi 2>/dev/null || true)"
  if [ -x "$pbin/pulumi" ] && [ -f "$pbin/.complete" ] && [ -x "$pbin/pulumi-language-nodejs" ]; then
    export PATH="$pbin:$PATH"
  elif [ -n "$own_pulumi" ] && [ "$own_pulumi" != "$pbin/pulumi" ] && [ -z "${PULUMI_QSTASH_BUILD_PULUMI:-}" ]; then
    : # the user's own pulumi
  elif command -v go >/dev/null 2>&1; then
    if [ -x "$pbin/pulumi" ]; then
      _pq_log "adding the Node.js language host to the pulumi CLI in $pbin (one time)"
    else
      _pq_log "no pulumi CLI on PATH: building $pulumi_pin from the Go module proxy into $pbin (one time)"
    fi
    if ! bash "$root/scripts/build-pulumi.sh" "$pbin" >&2; then
      if [ -x "$pbin/pulumi" ] && [ -f "$pbin/.complete" ]; then
        _pq_log "language host build failed: project mode is unavailable, inline Automation API mode still works"
      else
        _pq_log "pulumi build failed"; return 1
      fi
    fi
    export PATH="$pbin:$PATH"
  elif [ -x "$pbin/pulumi" ] && [ -f "$pbin/.complete" ]; then
    _pq_log "no Go toolchain to build the language host: project mode is unavailable, inline Automation API mode still works"
    export PATH="$pbin:$PATH"
  else
    _pq_log "no pulumi CLI on PATH and no Go toolchain to build one; install pulumi (https://www.pulumi.com/docs/install/)"
  fi
  # --- Pulumi YAML language host ----------------------------------------------
  # YAML programs (and the provider plugin's YAML tests) need pulumi-language-yaml
  # beside the CLI; built once into the same cache when missing.
  if [ -x "$pbin/pulumi" ] && ! command -v pulumi-language-yaml >/dev/null 2>&1 && command -v go >/dev/null 2>&1; then
    bash "$root/scripts/build-language-yaml.sh" "$pbin" >&2 ||
      _pq_log "pulumi-language-yaml build failed: Pulumi YAML programs cannot run"
  fi
  # The dynamic-provider launcher ships in @pulumi/pulumi; put it beside the CLI
  # when the CLI is ours and the package is installed.
  if [ -d "$pbin" ] && [ -f "$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" ]; then
    install -m 0755 "$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" "$pbin/pulumi-resource-pulumi-nodejs"
  fi

  # --- offline Pulumi environment --------------------------------------------
  if [ -z "${PULUMI_BACKEND_URL:-}" ]; then
    PULUMI_QSTASH_STATE_DIR="${PULUMI_QSTASH_STATE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/pulumi-qstash-state.XXXXXX")}"
    export PULUMI_QSTASH_STATE_DIR
    export PULUMI_BACKEND_URL="file://$PULUMI_QSTASH_STATE_DIR"
  fi
  export PULUMI_HOME="${PULUMI_HOME:-$cache/pulumi-home}"
  if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
    export PULUMI_CONFIG_PASSPHRASE="pulumi-qstash-local"
  fi
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  export PULUMI_SKIP_CONFIRMATIONS=true
  export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
  if command -v pulumi >/dev/null 2>&1; then
    _pq_log "pulumi $(pulumi version 2>/dev/null) at $(command -v pulumi); backend $PULUMI_BACKEND_URL"
  fi
}

_pq_main
unset -f _pq_main
