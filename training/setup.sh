#!/usr/bin/env bash
# Creates training/.venv from requirements.txt (skipped while it is unchanged; see bin/venv).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/../bin/venv" "$here" training
