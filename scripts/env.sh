# shellcheck shell=bash
# Source me: `. scripts/env.sh`
#
# Makes this shell ready to build, test and run pulumi-qstash on any machine:
#   1. Node >= 22 first on PATH: the machine's node when new enough, otherwise the
#      npm package `node@22` installed into the cache below.
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

_pq_main() {
  local root cache node_major
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cache="${PULUMI_QSTASH_CACHE:-$HOME/.cache/pulumi-qstash}"
  mkdir -p "$cache"

  # --- Node >= 22 -----------------------------------------------------------
  local node_pin="22.23.3"
  node_major=0
  if command -v node >/dev/null 2>&1; then
    node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  fi
  if [ "$node_major" -lt 22 ]; then
    local nd="$cache/node-$node_pin"
    if [ ! -x "$nd/node_modules/node/bin/node" ]; then
      _pq_log "node $(node -v 2>/dev/null || echo missing) is older than 22: installing node@$node_pin into $nd"
      mkdir -p "$nd"
      (cd "$nd" && npm install --no-audit --no-fund --loglevel=error --prefix "$nd" "node@$node_pin" >&2) || {
        _pq_log "could not install node@$node_pin"; return 1; }
    fi
    export PATH="$nd/node_modules/node/bin:$PATH"
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
