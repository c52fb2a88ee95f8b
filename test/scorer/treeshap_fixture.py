"""Fixtures for the scorer's TreeSHAP tests and benchmark (run with training/.venv, PYTHONPATH=training).

    train     --out DIR --features a,b,... --feature-set-version V [--trees 60 --leaves 15 --rows 20000 --seed 1]
              trains a LightGBM classifier on synthetic data, exports model.onnx (parity-checked),
              model.lgb.txt (fraudtrain.trees, checked) and a model-card.json the scorer loads.
    reference --model-dir DIR --rows N --out FILE.json [--seed 1]
              N rows (float32 values; some exactly on split thresholds, some NaN) with LightGBM's
              pred_contrib and raw score for each, from the model directory's own tree file.
              NaN is written as null (JSON has no NaN).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import lightgbm as lgb
import numpy as np

from fraudtrain import export, train, trees


def synthetic(rng: np.random.Generator, rows: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Counts, amounts, ratios and a flag; the label depends on interactions, so trees go deep."""
    x = np.empty((rows, width), dtype=np.float64)
    for j in range(width):
        kind = j % 4
        if kind == 0:
            x[:, j] = rng.poisson(2 + j % 5, rows)
        elif kind == 1:
            x[:, j] = np.round(rng.lognormal(8, 1, rows))
        elif kind == 2:
            x[:, j] = rng.gamma(2, 0.5, rows)
        else:
            x[:, j] = rng.integers(0, 2, rows)
    logit = -3 + 0.4 * x[:, 0] + 0.8 * x[:, 2 % width] * (x[:, 3 % width] > 0) - 0.3 * np.log1p(x[:, 1 % width])
    logit += 0.5 * np.sin(x[:, (width - 1) // 2])
    y = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    # Missing values in one column, so LightGBM learns NaN-aware splits (missing type NaN).
    x[rng.random(rows) < 0.03, 1 % width] = np.nan
    return x.astype(np.float32).astype(np.float64), y


def cmd_train(args: argparse.Namespace) -> None:
    names = args.features.split(",")
    rng = np.random.default_rng(args.seed)
    x, y = synthetic(rng, args.rows, len(names))
    params = train.params_for(y, args.seed, {"n_estimators": args.trees, "num_leaves": args.leaves,
                                             "min_child_samples": 20})
    model = train.fit(x, y, params)
    onnx_bytes = export.to_onnx(model, len(names))
    export.check_parity(onnx_bytes, model, x[:2000])
    out = Path(args.out)
    trees_file = trees.write_trees(out, model, onnx_bytes, x[:2000])
    (out / "model.onnx").write_bytes(onnx_bytes)
    card = {
        "schema": "fraud-model-card/1",
        "model_version": f"treeshap-fixture-{args.seed}-{args.trees}x{args.leaves}",
        "model_file": "model.onnx",
        "trees_file": trees_file,
        "feature_set_version": args.feature_set_version,
        "features": names,
        "onnx": {"input": "input", "probabilities_output": "probabilities", "positive_class_index": 1},
        "thresholds": {"review": 0.5, "decline": 0.9},
        "reference_values": {n: float(np.nanmedian(x[:, i])) for i, n in enumerate(names)},
    }
    (out / "model-card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")


def rows_for(booster: lgb.Booster, rng: np.random.Generator, n: int, width: int) -> np.ndarray:
    """Half synthetic, half built from the trees' own thresholds (on them, just above, just below)."""
    x, _ = synthetic(rng, n, width)
    model = booster.dump_model()
    cuts: list[list[float]] = [[] for _ in range(width)]

    def walk(node: dict) -> None:
        if "split_feature" in node:
            cuts[node["split_feature"]].append(float(node["threshold"]))
            walk(node["left_child"])
            walk(node["right_child"])

    for tree in model["tree_info"]:
        walk(tree["tree_structure"])
    for i in range(n // 2, n):
        for j in range(width):
            if cuts[j] and rng.random() < 0.7:
                t = np.float32(cuts[j][rng.integers(len(cuts[j]))])
                x[i, j] = float(rng.choice([t, np.nextafter(t, np.float32(np.inf)), np.nextafter(t, np.float32(-np.inf))]))
    return x.astype(np.float32).astype(np.float64)


def cmd_reference(args: argparse.Namespace) -> None:
    model_dir = Path(args.model_dir)
    card = json.loads((model_dir / "model-card.json").read_text(encoding="utf-8"))
    booster = lgb.Booster(model_file=str(model_dir / card["trees_file"]))
    width = len(card["features"])
    x = rows_for(booster, np.random.default_rng(args.seed), args.rows, width)
    contrib = booster.predict(x, pred_contrib=True)
    raw = booster.predict(x, raw_score=True)

    def clean(a: np.ndarray) -> list:
        return [None if np.isnan(v) else float(v) for v in a]

    out = {"rows": [clean(r) for r in x], "contrib": contrib.tolist(), "raw": raw.tolist()}
    Path(args.out).write_text(json.dumps(out), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train")
    t.add_argument("--out", required=True)
    t.add_argument("--features", required=True)
    t.add_argument("--feature-set-version", required=True)
    t.add_argument("--trees", type=int, default=60)
    t.add_argument("--leaves", type=int, default=15)
    t.add_argument("--rows", type=int, default=20000)
    t.add_argument("--seed", type=int, default=1)
    r = sub.add_parser("reference")
    r.add_argument("--model-dir", required=True)
    r.add_argument("--rows", type=int, default=3000)
    r.add_argument("--out", required=True)
    r.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    cmd_train(args) if args.command == "train" else cmd_reference(args)


if __name__ == "__main__":
    main()
