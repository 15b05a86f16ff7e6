#!/usr/bin/env bash
# Runs a command with the project's toolchain: Node >= 22 and the pulumi CLI
# first on PATH, installed or built into the cache first when missing (see
# env.sh). npm scripts go through this so `npm start` and `npm test` work on a
# machine whose own node is older.
set -euo pipefail
# shellcheck source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
exec "$@"
