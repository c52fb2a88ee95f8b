#!/usr/bin/env bash
# Creates infra/python/.venv for the ops tests (manifest validation, the standard Confluent
# client) from requirements.txt (skipped while it is unchanged; see bin/venv).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/../../bin/venv" "$here" ops
