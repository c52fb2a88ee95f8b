#!/usr/bin/env bash
# Builds the shipped default model from simulator data, end to end:
#   simulate (seeded) → extract features (the scorer's own feature code, in memory) → train → ONNX + card.
# Same SEED and sizes → same files → same model.onnx and metrics (every stage is deterministic).
#
#   training/build_default_model.sh                 # writes services/scorer/models/default
#   SEED=7 DAYS=60 CARDS=1000 OUT=/tmp/m training/build_default_model.sh
#
# Needs no Redis or Kafka: extraction runs the scorer's feature code over an in-memory store.
# Sizes: 90 days so that the 30-day terminal windows shifted 7 days back are full after the
# 28-day warm-up; 1,500 cards × ~2.5 tx/day ≈ 340k transactions: extraction runs at
# ~50,000 rows per CPU second (well under a minute); training dominates the build.
# SIMULATE / EXTRACT override the two TypeScript commands (the wiring test uses this).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

SEED="${SEED:-42}"
DAYS="${DAYS:-90}"
CARDS="${CARDS:-1500}"
TERMINALS="${TERMINALS:-400}"
WARMUP_DAYS="${WARMUP_DAYS:-28}"
GAP_DAYS="${GAP_DAYS:-7}"
VALID_DAYS="${VALID_DAYS:-14}"
OUT="${OUT:-$root/services/scorer/models/default}"
SIMULATE="${SIMULATE:-npx tsx services/traffic/src/cli/simulate.ts}"
EXTRACT="${EXTRACT:-npx tsx services/scorer/src/cli/extract-features.ts}"

work="$(mktemp -d "${TMPDIR:-/tmp}/fraud-build-model.XXXXXX")"
if [[ "${KEEP_WORK:-0}" == "1" ]]; then echo "work dir kept: $work"; else trap 'rm -rf "$work"' EXIT; fi
step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "python venv"
"$here/setup.sh"

cd "$root"
step "simulate seed=$SEED days=$DAYS cards=$CARDS terminals=$TERMINALS"
$SIMULATE --seed "$SEED" --days "$DAYS" --cards "$CARDS" --terminals "$TERMINALS" --out "$work/sim"
for f in transactions.csv labels.csv truth.csv; do
  [[ -s "$work/sim/$f" ]] || { echo "simulator did not write $work/sim/$f" >&2; exit 1; }
done

step "extract features"
$EXTRACT --transactions "$work/sim/transactions.csv" --labels "$work/sim/labels.csv" --out "$work/features.csv"
[[ -s "$work/features.csv" && -s "$work/features.json" ]] || { echo "extraction did not write features.csv + features.json" >&2; exit 1; }

step "train → $OUT"
PYTHONPATH="$here" "$here/.venv/bin/python" -m fraudtrain.cli train \
  --features "$work/features.csv" --features-json "$work/features.json" \
  --labels "$work/sim/labels.csv" --truth "$work/sim/truth.csv" \
  --warmup-days "$WARMUP_DAYS" --gap-days "$GAP_DAYS" --valid-days "$VALID_DAYS" \
  --threshold-mode alert-rate --target 0.01 --decline-mode precision --decline-target 0.9 \
  --seed "$SEED" --out "$OUT"
step "done"
