"""Commands: `train` (data → windows → targets → search → LightGBM → ONNX → card + report) and
`report` (the validation report of any model on any labelled window).

    python -m fraudtrain.cli train --features F.csv --labels L.csv [--truth T.csv] --out DIR
    python -m fraudtrain.cli report --model-dir DIR --features F.csv --truth T.csv [--out DIR]

Same inputs and seed → same model.onnx bytes and same model-card.json.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fraudtrain import calibration, data, export, report, split, thresholds, train, trees, validation
from fraudtrain.card import NATIVE_FILE, build_card, data_fingerprint, model_version
from fraudtrain.feature_set import load_feature_set


@dataclass(frozen=True)
class TrainConfig:
    features: Path
    features_json: Path
    labels: Path
    truth: Path | None
    out: Path
    transactions: Path | None = None
    attributes: Path | None = None
    test_features: Path | None = None
    feature_descriptions: Path | None = None
    train_from: str | None = None
    train_to: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    test_from: str | None = None
    test_to: str | None = None
    label_cutoff: str | None = None
    warmup_days: float = 0
    gap_days: float = 7
    valid_days: float = 7
    test_days: float = 14
    review: thresholds.Policy = thresholds.Policy("alert-rate", 0.01)
    decline: thresholds.Policy = thresholds.Policy("precision", 0.9)
    seed: int = 42
    search_trials: int = 6
    calibration: str = "isotonic"
    validation_labels: str = "cutoff"
    bootstrap: int = 200
    command: str | None = None


VALIDATION_LABELS = {
    "cutoff": "labels known at the label cut-off",
    # Ground truth exists only in simulation; it never touches training targets or the test window.
    "truth": "ground truth (--truth; simulation only)",
}


@dataclass
class Trained:
    onnx_bytes: bytes
    card: dict[str, Any]
    native: str  # LightGBM text model of the exported trees
    arrays: dict[str, Any] = field(default_factory=dict)


def _windows(cfg: TrainConfig, rows, test_rows) -> split.Windows:
    times = rows["event_time"] if test_rows is rows else pd.concat([rows["event_time"], test_rows["event_time"]])
    return split.make_windows(
        times, train_from=split.parse_time(cfg.train_from), train_to=split.parse_time(cfg.train_to),
        valid_from=split.parse_time(cfg.valid_from), valid_to=split.parse_time(cfg.valid_to),
        test_from=split.parse_time(cfg.test_from), test_to=split.parse_time(cfg.test_to),
        label_cutoff=split.parse_time(cfg.label_cutoff), warmup_days=cfg.warmup_days, gap_days=cfg.gap_days,
        valid_days=cfg.valid_days, test_days=cfg.test_days)


def _select(rows, mask, name: str, w: split.Windows, source: Path):
    picked = rows[mask]
    if len(picked) == 0:
        t = rows["event_time"]
        span = f"{split.iso(t.min())} .. {split.iso(t.max())}" if len(t) else "nothing"
        raise split.WindowError(f"no rows of {source} fall in the {name} window {w.as_json()}; "
                                f"the file covers {span}")
    return picked


def run(cfg: TrainConfig) -> Trained:
    feature_set = load_feature_set(cfg.features_json)
    names = feature_set.names
    rows = data.load_features(cfg.features, names)
    test_source = cfg.test_features or cfg.features
    test_all = data.load_features(cfg.test_features, names) if cfg.test_features else rows
    labels = data.load_labels(cfg.labels)
    w = _windows(cfg, rows, test_all)
    train_rows = _select(rows, w.train_mask(rows["event_time"]), "training", w, cfg.features)
    valid_rows = _select(rows, w.valid_mask(rows["event_time"]), "validation", w, cfg.features)
    test_rows = _select(test_all, w.test_mask(test_all["event_time"]), "out-of-time", w, test_source)

    known = data.fraud_known_at(labels, w.label_cutoff)
    y_train = data.targets(train_rows["transaction_id"], known)
    truth_name = "truth.csv" if cfg.truth else "labels (all, including those after the cut-off)"
    test_positives = data.truth_ids(data.load_truth(cfg.truth)) if cfg.truth else data.fraud_known_at(labels, None)
    if cfg.validation_labels == "truth" and not cfg.truth:
        raise split.WindowError("--validation-labels truth needs --truth")
    valid_truth = test_positives if cfg.validation_labels == "truth" else known
    valid_label_name = VALIDATION_LABELS[cfg.validation_labels]
    y_valid = data.targets(valid_rows["transaction_id"], valid_truth)
    y_test = data.targets(test_rows["transaction_id"], test_positives)

    x_train, x_valid, x_test = (data.matrix(r, names) for r in (train_rows, valid_rows, test_rows))
    params, search = train.search(x_train, y_train, x_valid, y_valid, cfg.seed, cfg.search_trials)
    model = export.float32_thresholds(train.fit(x_train, y_train, params))
    onnx_bytes = export.to_onnx(model, len(names))
    export.check_parity(onnx_bytes, model, np.vstack([x_valid, x_test]))
    # The native text model (written beside model.onnx) is what the scorer's exact TreeSHAP reads: check it first.
    native = model.booster_.model_to_string()
    trees.check_trees(native, model, onnx_bytes, np.vstack([x_valid, x_test]))

    s_train, s_valid, s_test = (export.onnx_scores(onnx_bytes, x) for x in (x_train, x_valid, x_test))
    chosen = thresholds.choose_pair(cfg.review, cfg.decline, y_valid, s_valid)
    for action, met in chosen["met"].items():
        if not met:
            print(f"warning: {action} threshold target not reachable on validation; it will never fire",
                  file=sys.stderr)
    calib = calibration.fit(cfg.calibration, y_valid, s_valid)
    if calib:
        calib["fitted_on"] = f"validation window, {valid_label_name}"
    refs = validation.references(list(names), x_train, s_train)
    context = report.Context.load(cfg.transactions, cfg.attributes, train_rows["transaction_id"])
    section, arrays = validation.evaluate(validation.Inputs(
        rows=test_rows, x=x_test, y=y_test, s=s_test, names=list(names), review=chosen["review"],
        decline=chosen["decline"], calibration=calib, references=refs,
        segment_columns=context.columns(test_rows), amounts=context.amounts(test_rows), booster=model.booster_,
        seed=cfg.seed, n_boot=cfg.bootstrap))
    section = {"window": {"from": split.iso(w.test_from), "to": split.iso(w.test_to), "rows": len(test_rows),
                          "positives": int(y_test.sum()), "truth": truth_name, "source": test_source.name},
               **section}
    section["segments"]["amount_band_edges"] = context.edges
    fingerprint_files = [cfg.features, cfg.labels] + [p for p in (cfg.test_features, cfg.truth) if p]
    windows = w.as_json()
    windows["training"].update(rows=len(train_rows), positives=int(y_train.sum()))
    windows["validation"].update(rows=len(valid_rows), positives=int(y_valid.sum()),
                                 labels=valid_label_name)
    windows["out_of_time"].update(rows=len(test_rows), positives=int(y_test.sum()), truth=truth_name)
    windows["label_delay_handling"] = (
        "training and validation targets use only labels with label_time <= label_cutoff; frauds not yet "
        "reported by then count as genuine, as they would have at deployment; the days between the validation "
        "window and the cut-off are used by no window (immature labels)")
    card = build_card(
        version=model_version("gbm", w.label_cutoff.strftime("%Y%m%d"), onnx_bytes),
        feature_set_version=feature_set.version,
        features=list(names),
        feature_descriptions=_descriptions(feature_set, cfg.feature_descriptions),
        thresholds=chosen,
        threshold_policy={"review": {**cfg.review.as_json(), "chosen_on": f"validation window, {valid_label_name}"},
                          "decline": {**cfg.decline.as_json(), "chosen_on": f"validation window, {valid_label_name}"}},
        calibration=calib,
        reference_values={n: float(np.nanmedian(x_train[:, i])) for i, n in enumerate(names)},
        reference_distributions=refs,
        windows=windows,
        training={"rows": len(train_rows), "positives": int(y_train.sum()), "imbalance": train.IMBALANCE,
                  "params": params},
        hyperparameters=search,
        validation=section,
        metrics={"out_of_time": report.summary(section, y_test, s_test, chosen)},
        fingerprint=data_fingerprint(*fingerprint_files),
        seed=cfg.seed,
        reproducibility={"command": cfg.command, "seed": cfg.seed, "data_files": [p.name for p in fingerprint_files]},
    )
    card["trees_file"] = NATIVE_FILE
    return Trained(onnx_bytes, card, native, arrays)


def _descriptions(feature_set, path: Path | None) -> dict[str, str] | None:
    """features.json's descriptions, overridden by --feature-descriptions; only the model's features."""
    merged = dict(feature_set.descriptions or {})
    if path is not None:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
            raise ValueError(f"{path}: must be a JSON object mapping feature names to sentences")
        merged.update(raw)
    picked = {n: merged[n] for n in feature_set.names if n in merged}
    return picked or None


def _train_parser(sub) -> None:
    t = sub.add_parser("train", help="train, export and write model.onnx, model-card.json and report.html")
    t.add_argument("--features", required=True, type=Path, help="features.csv from extract-features.ts")
    t.add_argument("--features-json", type=Path, help="sidecar; default: features.json next to --features")
    t.add_argument("--labels", required=True, type=Path)
    t.add_argument("--truth", type=Path, help="truth.csv: the out-of-time test against ground truth, not labels")
    t.add_argument("--transactions", type=Path, help="transactions.csv: segments (channel, country, ...) and value")
    t.add_argument("--attributes", type=Path, help="CSV transaction_id,<attr>...: extra segments (e.g. protected)")
    t.add_argument("--test-features", type=Path, help="out-of-time rows from another features file")
    t.add_argument("--feature-descriptions", type=Path, help="JSON {feature: meaning} for the documentation")
    for flag, doc in (("train-from", "training start; default first event day + --warmup-days"),
                      ("train-to", "training end (exclusive); default --valid-from"),
                      ("valid-from", "validation start; default --valid-to - --valid-days"),
                      ("valid-to", "validation end; default --label-cutoff - --gap-days"),
                      ("test-from", "out-of-time test start; default --test-to - --test-days"),
                      ("test-to", "out-of-time test end; default the day after the last event"),
                      ("label-cutoff", "labels known at deployment: label_time <= this; default --test-from")):
        t.add_argument(f"--{flag}", help=f"ISO time: {doc}")
    t.add_argument("--warmup-days", type=float, default=0, help="skip immature features at the start")
    t.add_argument("--gap-days", type=float, default=7, help="label delay between validation end and cut-off")
    t.add_argument("--valid-days", type=float, default=7)
    t.add_argument("--test-days", type=float, default=14)
    t.add_argument("--threshold-mode", choices=thresholds.MODES, default="alert-rate", help="review policy")
    t.add_argument("--target", type=float, default=0.01, help="review target (alert rate or precision)")
    t.add_argument("--decline-mode", choices=thresholds.MODES, default="precision")
    t.add_argument("--decline-target", type=float, default=0.9)
    t.add_argument("--search-trials", type=int, default=6, help="hyper-parameter trials (1 = base params only)")
    t.add_argument("--calibration", choices=calibration.METHODS, default="isotonic")
    t.add_argument("--validation-labels", choices=list(VALIDATION_LABELS), default="cutoff",
                   help="targets of the validation window (search, thresholds, calibration): labels known at the "
                        "cut-off (default), or --truth where ground truth exists (simulation)")
    t.add_argument("--bootstrap", type=int, default=200, help="bootstrap resamples for the 95%% intervals")
    t.add_argument("--seed", type=int, default=42)
    t.add_argument("--recorded-command", help="the command the card records (default: this one)")
    t.add_argument("--out", required=True, type=Path)


def _report_parser(sub) -> None:
    r = sub.add_parser("report", help="validation report of a model directory on a labelled window")
    r.add_argument("--model-dir", required=True, type=Path)
    r.add_argument("--features", required=True, type=Path)
    r.add_argument("--truth", type=Path, help="truth.csv (or give --labels)")
    r.add_argument("--labels", type=Path, help="labels.csv: all labels count")
    r.add_argument("--transactions", type=Path)
    r.add_argument("--attributes", type=Path)
    r.add_argument("--from", dest="start", help="ISO time; default the first row")
    r.add_argument("--to", dest="end", help="ISO time (exclusive); default after the last row")
    r.add_argument("--bootstrap", type=int, default=200)
    r.add_argument("--seed", type=int, default=42)
    r.add_argument("--out", type=Path, help="default: --model-dir (report.html + validation.json)")
    r.add_argument("--export-figures", type=Path, help="also write each figure as DIR/<name>.png")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m fraudtrain.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    _train_parser(sub)
    _report_parser(sub)
    f = sub.add_parser("figures", help="write the figures of a report.html as PNG files (for READMEs)")
    f.add_argument("--report", required=True, type=Path)
    f.add_argument("--out", required=True, type=Path)
    f.add_argument("--only", nargs="*", help="figure names (default: all), e.g. roc shap_importance")
    args = parser.parse_args(argv)
    if args.command == "figures":
        written = report.export_figures(args.report.read_text(encoding="utf-8"), args.out, args.only)
        print("\n".join(str(p) for p in written))
        return
    try:
        if args.command == "report":
            words = ["python -m fraudtrain.cli", *(argv if argv is not None else sys.argv[1:])]
            report.command(args, " ".join(shlex.quote(a) for a in words))
            return
        train_command(args, argv)
    except (split.WindowError, export.ParityError) as err:
        parser.exit(2, f"error: {err}\n")


def train_command(args, argv: list[str] | None) -> None:
    cfg = TrainConfig(
        features=args.features,
        features_json=args.features_json or args.features.with_name("features.json"),
        labels=args.labels, truth=args.truth, out=args.out, transactions=args.transactions,
        attributes=args.attributes, test_features=args.test_features,
        feature_descriptions=args.feature_descriptions,
        train_from=args.train_from, train_to=args.train_to, valid_from=args.valid_from, valid_to=args.valid_to,
        test_from=args.test_from, test_to=args.test_to, label_cutoff=args.label_cutoff,
        warmup_days=args.warmup_days, gap_days=args.gap_days, valid_days=args.valid_days, test_days=args.test_days,
        review=thresholds.Policy(args.threshold_mode, args.target),
        decline=thresholds.Policy(args.decline_mode, args.decline_target),
        seed=args.seed, search_trials=args.search_trials, calibration=args.calibration, bootstrap=args.bootstrap,
        validation_labels=args.validation_labels,
        command=args.recorded_command or " ".join(
            shlex.quote(a) for a in ["python -m fraudtrain.cli", *(argv if argv is not None else sys.argv[1:])]),
    )
    trained = run(cfg)
    report.write_model_dir(cfg.out, trained)
    m = trained.card["metrics"]["out_of_time"]
    print(f"wrote {cfg.out} model_version={trained.card['model_version']} auc={m['auc_roc']:.4f} "
          f"ap={m['average_precision']:.4f} cp_top100={m['card_precision_top_100']:.4f} "
          f"review={trained.card['thresholds']['review']:.6g} decline={trained.card['thresholds']['decline']:.6g}")


if __name__ == "__main__":
    main()
