#!/usr/bin/env bash
# Creates infra/python/.venv from requirements.txt for the ops tests (manifest
# validation, the standard Confluent client). Idempotent: skipped while the
# requirements' sha256 matches the one stored in the venv.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
py="${PYTHON:-python3.11}"
command -v "$py" >/dev/null || py=python3

want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
stamp="$venv/.requirements.sha256"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

"$py" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
echo "$want" >"$stamp"
echo "ops venv ready: $venv"
