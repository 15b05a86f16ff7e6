# shellcheck shell=bash
# Source me after env.sh: `. scripts/test-deps.sh` (`npm test` does, through
# `scripts/with-env.sh --tests`).
#
# Makes sure what the test suite needs beyond npm packages is on this machine:
# Node 20, for the runs of the packed package on an older Node.js
# (PULUMI_QSTASH_NODE20 names its `node`; installed from npm into the cache the
# way env.sh installs Node 22, by the same function), Chromium, for the
# receiver's browser run, and python3, which byte-compiles the Python SDK
# generated from the plugin's schema. When one is missing and this shell
# may install Debian packages (root, or passwordless sudo, with apt-get), it is
# installed; otherwise this says how to get it and the tests go on (only the
# browser test then fails, naming the missing file). CHROMIUM_PATH, when set,
# names the browser to use and skips all of this.

_pq_deps_log() { printf '[test-deps] %s\n' "$*" >&2; }

_pq_deps_node20() {
  # Node 20: the oldest Node.js the receiver and the client are tested on.
  local pin="20.20.2" nbin
  if [ -n "${PULUMI_QSTASH_NODE20:-}" ]; then
    [ -x "$PULUMI_QSTASH_NODE20" ] || _pq_deps_log "PULUMI_QSTASH_NODE20=$PULUMI_QSTASH_NODE20 is not an executable file"
    return 0
  fi
  if ! command -v _pq_node_bin >/dev/null 2>&1; then
    _pq_deps_log "source scripts/env.sh first: it defines the Node installer this uses"
    return 0
  fi
  if nbin="$(_pq_node_bin "$pin")"; then
    export PULUMI_QSTASH_NODE20="$nbin/node"
  else
    _pq_deps_log "Node $pin could not be installed, so the older-Node.js tests will fail"
  fi
}

_pq_deps_main() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    [ -x "$CHROMIUM_PATH" ] || _pq_deps_log "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file"
    return 0
  fi
  local found
  found="$(command -v chromium 2>/dev/null || true)"
  if [ -z "$found" ]; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo -n"
    if command -v apt-get >/dev/null 2>&1 && { [ -z "$sudo" ] || sudo -n true 2>/dev/null; }; then
      _pq_deps_log "installing chromium from Debian for the browser test (one time)"
      local attempt
      for attempt in 1 2 3; do
        if $sudo apt-get update -qq >&2 &&
          DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
          break
        fi
        [ "$attempt" = 3 ] || sleep 10
      done
      found="$(command -v chromium 2>/dev/null || true)"
    fi
  fi
  if [ -n "$found" ]; then
    export CHROMIUM_PATH="$found"
  else
    _pq_deps_log "Chromium is missing, so the receiver's browser test will fail. Install it"
    _pq_deps_log "(Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary."
  fi
}

_pq_deps_python() {
  command -v python3 >/dev/null 2>&1 && return 0
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  if command -v apt-get >/dev/null 2>&1 && { [ -z "$sudo" ] || sudo -n true 2>/dev/null; }; then
    _pq_deps_log "installing python3 from Debian for the generated Python SDK's compile check (one time)"
    $sudo apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3 >/dev/null ||
      _pq_deps_log "python3 could not be installed: test/e2e/plugin-gen-sdk.test.ts will fail"
  else
    _pq_deps_log "python3 is missing: install it (sudo apt-get install python3) for test/e2e/plugin-gen-sdk.test.ts"
  fi
}

_pq_deps_node20
_pq_deps_main
_pq_deps_python
unset -f _pq_deps_main _pq_deps_node20 _pq_deps_python
