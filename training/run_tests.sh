#!/usr/bin/env bash
# Runs the training tests in training/.venv (created/updated by setup.sh). Exit 0 = all passed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/setup.sh"
cd "$here"
exec "$here/.venv/bin/python" -m pytest -q tests "$@"
