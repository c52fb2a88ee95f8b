#!/usr/bin/env bash
# Creates training/.venv and installs requirements.txt into it. Idempotent:
# the sha256 of requirements.txt is stored in the venv and the install is
# skipped while it is unchanged, so CI and tests can call this every time.
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
echo "training venv ready: $venv"
