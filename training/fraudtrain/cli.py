"""Training command: data → windows → targets → LightGBM → ONNX → thresholds → metrics → card.

    python -m fraudtrain.cli train --features F.csv --labels L.csv [--truth T.csv] --out DIR

Same inputs and seed → same model.onnx bytes and same model-card.json.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fraudtrain import data, export, metrics, split, thresholds, train, trees
from fraudtrain.card import build_card, data_fingerprint, model_version, write_model_dir
from fraudtrain.feature_set import load_feature_set


@dataclass(frozen=True)
class TrainConfig:
    features: Path
    features_json: Path
    labels: Path
    truth: Path | None
    out: Path
    train_from: str | None = None
    train_to: str | None = None
    gap_days: float = 7
    valid_days: float = 14
    warmup_days: float = 0
    review: thresholds.Policy = thresholds.Policy("alert-rate", 0.01)
    decline: thresholds.Policy = thresholds.Policy("precision", 0.9)
    seed: int = 42


def _validation_metrics(valid, y, s, chosen) -> dict[str, Any]:
    return {
        "auc_roc": metrics.auc_roc(y, s),
        "average_precision": metrics.average_precision(y, s),
        "card_precision_at_100": metrics.card_precision_at_k(
            valid["event_time"].dt.floor("D"), valid["card_token"], y, s, k=100
        ),
        "review": metrics.at_threshold(y, s, chosen["review"]),
        "decline": metrics.at_threshold(y, s, chosen["decline"]),
    }


def run(cfg: TrainConfig) -> tuple[bytes, dict[str, Any]]:
    feature_set = load_feature_set(cfg.features_json)
    names = feature_set.names
    rows = data.load_features(cfg.features, names)
    labels = data.load_labels(cfg.labels)
    windows = split.make_windows(
        rows["event_time"],
        train_from=split.parse_time(cfg.train_from),
        train_to=split.parse_time(cfg.train_to),
        gap_days=cfg.gap_days,
        valid_days=cfg.valid_days,
        warmup_days=cfg.warmup_days,
    )
    train_rows = rows[windows.train_mask(rows["event_time"])]
    valid_rows = rows[windows.valid_mask(rows["event_time"])]
    if len(valid_rows) == 0:
        raise ValueError("empty validation window")

    y_train = data.targets(train_rows["transaction_id"], data.fraud_known_at(labels, windows.cutoff))
    truth_name = "truth.csv" if cfg.truth else "labels"
    valid_positives = data.truth_ids(data.load_truth(cfg.truth)) if cfg.truth else data.fraud_known_at(labels, None)
    y_valid = data.targets(valid_rows["transaction_id"], valid_positives)

    x_train, x_valid = data.matrix(train_rows, names), data.matrix(valid_rows, names)
    params = train.params_for(y_train, cfg.seed)
    model = train.fit(x_train, y_train, params)
    onnx_bytes = export.to_onnx(model, len(names))
    export.check_parity(onnx_bytes, model, x_valid)
    trees_file = trees.write_trees(cfg.out, model, onnx_bytes, x_valid)  # beside model.onnx, for exact TreeSHAP

    s_valid = export.onnx_scores(onnx_bytes, x_valid)
    chosen = thresholds.choose_pair(cfg.review, cfg.decline, y_valid, s_valid)
    for action, met in chosen["met"].items():
        if not met:
            print(f"warning: {action} threshold target not reachable on validation; it will never fire",
                  file=sys.stderr)
    # Everything that decides the model, its thresholds and its metrics.
    fingerprint_files = [cfg.features, cfg.labels] + ([cfg.truth] if cfg.truth else [])
    card = build_card(
        version=model_version("gbm", windows.cutoff.strftime("%Y%m%d"), onnx_bytes),
        feature_set_version=feature_set.version,
        features=list(names),
        thresholds=chosen,
        threshold_policy={"review": cfg.review.as_json(), "decline": cfg.decline.as_json()},
        reference_values={n: float(np.nanmedian(x_train[:, i])) for i, n in enumerate(names)},
        training={
            "from": split.iso(windows.train_from),
            "to": split.iso(windows.train_to),
            "rows": len(train_rows),
            "positives": int(y_train.sum()),
            "imbalance": train.IMBALANCE,
            "params": params,
        },
        validation={
            "from": split.iso(windows.cutoff),
            "to": split.iso(windows.valid_to),
            "gap_days": cfg.gap_days,
            "rows": len(valid_rows),
            "positives": int(y_valid.sum()),
            "truth": truth_name,
        },
        metrics={"validation": _validation_metrics(valid_rows, y_valid, s_valid, chosen)},
        fingerprint=data_fingerprint(*fingerprint_files),
        seed=cfg.seed,
    )
    card["trees_file"] = trees_file
    return onnx_bytes, card


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m fraudtrain.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train, export and write model.onnx + model-card.json")
    t.add_argument("--features", required=True, type=Path, help="features.csv from extract-features.ts")
    t.add_argument("--features-json", type=Path, help="sidecar; default: features.json next to --features")
    t.add_argument("--labels", required=True, type=Path)
    t.add_argument("--truth", type=Path, help="truth.csv: validate against ground truth instead of labels")
    t.add_argument("--train-from", help="ISO time; default: first event day + --warmup-days")
    t.add_argument("--train-to", help="ISO time (exclusive); default: derived from the last event day")
    t.add_argument("--gap-days", type=float, default=7, help="label delay between training and validation")
    t.add_argument("--valid-days", type=float, default=14)
    t.add_argument("--warmup-days", type=float, default=0, help="skip immature features at the start")
    t.add_argument("--threshold-mode", choices=thresholds.MODES, default="alert-rate", help="review policy")
    t.add_argument("--target", type=float, default=0.01, help="review target (alert rate or precision)")
    t.add_argument("--decline-mode", choices=thresholds.MODES, default="precision")
    t.add_argument("--decline-target", type=float, default=0.9)
    t.add_argument("--seed", type=int, default=42)
    t.add_argument("--out", required=True, type=Path)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    cfg = TrainConfig(
        features=args.features,
        features_json=args.features_json or args.features.with_name("features.json"),
        labels=args.labels,
        truth=args.truth,
        out=args.out,
        train_from=args.train_from,
        train_to=args.train_to,
        gap_days=args.gap_days,
        valid_days=args.valid_days,
        warmup_days=args.warmup_days,
        review=thresholds.Policy(args.threshold_mode, args.target),
        decline=thresholds.Policy(args.decline_mode, args.decline_target),
        seed=args.seed,
    )
    onnx_bytes, card = run(cfg)
    write_model_dir(cfg.out, onnx_bytes, card)
    m = card["metrics"]["validation"]
    print(f"wrote {cfg.out} model_version={card['model_version']} auc={m['auc_roc']:.4f} "
          f"ap={m['average_precision']:.4f} cp@100={m['card_precision_at_100']:.4f} "
          f"review={card['thresholds']['review']:.6g} decline={card['thresholds']['decline']:.6g}")


if __name__ == "__main__":
    main()
