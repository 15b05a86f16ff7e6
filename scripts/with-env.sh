#!/usr/bin/env bash
# Runs a command with the project's toolchain: Node >= 22.19.0 (NODE_MINIMUM) and the pulumi CLI
# first on PATH, installed or built into the cache first when missing (see
# env.sh). npm scripts go through this so `npm start` and `npm test` work on a
# machine whose own node is older. With `--tests` first, it also makes sure
# what the tests need outside npm is there (test-deps.sh: Chromium).
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=env.sh
. "$here/env.sh"
if [ "${1:-}" = "--tests" ]; then
  shift
  # shellcheck source=test-deps.sh
  . "$here/test-deps.sh"
fi
exec "$@"
