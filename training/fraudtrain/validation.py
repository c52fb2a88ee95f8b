"""The validation report's numbers, on the out-of-time window: the card's `validation` section.

evaluate() returns (section, arrays): the section is JSON for the card, the arrays are what
the plots need on top of it (scores, labels, SHAP matrix). Every metric is on the raw model
score, the score the scorer decides with; calibration is reported beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from fraudtrain import calibration as calib
from fraudtrain import explain, metrics, segments, stability, thresholds

ALERT_RATES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1)
K = 100


@dataclass
class Inputs:
    rows: pd.DataFrame  # out-of-time rows: transaction_id, event_time, card_token, features
    x: np.ndarray
    y: np.ndarray
    s: np.ndarray  # raw scores from the ONNX model
    names: list[str]
    review: float
    decline: float
    calibration: dict[str, Any] | None
    references: dict[str, Any] | None  # card reference_distributions (training window)
    segment_columns: pd.DataFrame
    amounts: np.ndarray | None  # amount_minor per row, for "value caught"
    booster: Any | None  # lightgbm.Booster for SHAP, or None
    seed: int
    n_boot: int = 200


def _discrimination(inp: Inputs) -> dict[str, Any]:
    y, s, seed, n = inp.y.astype(bool), inp.s.astype(np.float64), inp.seed, len(inp.y)
    auc = metrics.auc_roc(y, s)
    auc_ci = metrics.bootstrap_ci(lambda i: metrics.auc_roc(y[i], s[i]), n, seed, inp.n_boot)
    ks, ks_score = metrics.ks_statistic(y, s)
    days = inp.rows["event_time"].dt.floor("D")
    per_day = metrics.card_precision_top_k_per_day(days, inp.rows["card_token"], y, s, K)
    pd_values = per_day.to_numpy()
    return {
        "auc_roc": {"value": auc, "ci95": auc_ci},
        "gini": {"value": 2 * auc - 1, "ci95": [2 * v - 1 for v in auc_ci]},
        "ks": {"value": ks, "score": ks_score,
               "ci95": metrics.bootstrap_ci(lambda i: metrics.ks_statistic(y[i], s[i])[0], n, seed, inp.n_boot)},
        "average_precision": {
            "value": metrics.average_precision(y, s),
            "ci95": metrics.bootstrap_ci(lambda i: metrics.average_precision(y[i], s[i]), n, seed, inp.n_boot)},
        f"card_precision_top_{K}": {
            "value": float(pd_values.mean()) if len(pd_values) else None,
            "ci95": metrics.bootstrap_ci(lambda i: float(pd_values[i].mean()), len(pd_values), seed, inp.n_boot),
            "definition": ("per UTC day: cards detected on earlier days removed, the top k cards by their max "
                           f"score that day, fraudulent ones / k (k={K}); averaged over days (Le Borgne et al. 2022)"),
            "per_day": {d.strftime("%Y-%m-%d"): float(v) for d, v in per_day.items()},
        },
        "bootstrap": {"resamples": inp.n_boot, "seed": seed, "level": 0.95, "method": "percentile",
                      "unit": "transactions (card precision: days)"},
    }


def _curves(y: np.ndarray, s: np.ndarray) -> dict[str, Any]:
    y = y.astype(bool)
    order = np.argsort(-s, kind="stable")
    ys, ss = y[order], s[order]
    last = np.r_[ss[1:] != ss[:-1], True]
    tp, fp = np.cumsum(ys)[last], np.cumsum(~ys)[last]
    pos, neg = max(int(y.sum()), 1), max(int((~y).sum()), 1)
    tpr, fpr = np.r_[0, tp / pos], np.r_[0, fp / neg]
    precision, recall = tp / (tp + fp), tp / pos
    values = np.unique(s)
    edges = np.linspace(0, 1, 51)
    return {
        "roc": metrics.curve_points(fpr, tpr),
        "precision_recall": metrics.curve_points(recall, precision),
        "ks": {**metrics.curve_points(values, np.searchsorted(np.sort(s[y]), values, side="right") / pos),
               "y_genuine": metrics.curve_points(values, np.searchsorted(np.sort(s[~y]), values, side="right")
                                                 / neg)["y"]},
        "score_histogram": {"edges": [float(e) for e in edges],
                            "fraud": [int(c) for c in np.histogram(s[y], edges)[0]],
                            "genuine": [int(c) for c in np.histogram(s[~y], edges)[0]]},
    }


def _threshold_table(inp: Inputs) -> list[dict[str, Any]]:
    y, s = inp.y.astype(bool), inp.s
    named = {inp.review: "review", inp.decline: "decline"}
    for rate in ALERT_RATES:
        t, met = thresholds.choose(thresholds.Policy("alert-rate", rate), y, s)
        if met:
            named.setdefault(t, f"alert rate <= {rate:g}")
    fraud_value = float(inp.amounts[y].sum()) if inp.amounts is not None else None
    table = []
    for t in sorted(named, reverse=True):
        at = metrics.at_threshold(y, s, t)
        caught = None
        if fraud_value:
            caught = float(inp.amounts[y & (s >= t)].sum()) / fraud_value
        table.append({"threshold": float(t), "label": named[t], **at, "value_caught": caught})
    return table


def _calibration(inp: Inputs) -> dict[str, Any]:
    y, s = inp.y, inp.s
    out = {"method": inp.calibration["method"] if inp.calibration else "none",
           "brier_raw": metrics.brier(y, s), "reliability_raw": metrics.reliability(y, s)}
    if inp.calibration:
        p = calib.apply(inp.calibration, s)
        out.update(brier_calibrated=metrics.brier(y, p), reliability_calibrated=metrics.reliability(y, p))
    return out


def _stability(inp: Inputs) -> dict[str, Any] | None:
    if not inp.references:
        return None
    ref = inp.references
    return {
        "compared": "out-of-time window vs the training window's reference distributions",
        "bands": {"stable": "< 0.1", "moderate": "0.1 - 0.25", "significant": ">= 0.25"},
        "score": stability.compare(ref["score"], inp.s),
        "features": {n: stability.compare(ref["features"][n], inp.x[:, i]) for i, n in enumerate(inp.names)
                     if n in ref["features"]},
    }


def evaluate(inp: Inputs) -> tuple[dict[str, Any], dict[str, Any]]:
    section: dict[str, Any] = {
        "discrimination": _discrimination(inp),
        "curves": _curves(inp.y, inp.s.astype(np.float64)),
        "thresholds": _threshold_table(inp),
        "calibration": _calibration(inp),
        "stability": _stability(inp),
        "segments": segments.evaluate(inp.segment_columns, inp.y, inp.s, inp.review),
        "explainability": None,
    }
    arrays: dict[str, Any] = {"y": inp.y.astype(bool), "s": inp.s, "shap": None}
    if inp.booster is not None:
        idx, shap, expected = explain.contributions(inp.booster, inp.x, inp.seed)
        section["explainability"] = explain.summary(inp.names, shap, expected)
        arrays.update(shap=shap, shap_x=inp.x[idx])
    return section, arrays


def references(names: list[str], x_train: np.ndarray, s_train: np.ndarray) -> dict[str, Any]:
    """Reference distributions of the score and every feature on the training window (for the card)."""
    return {
        "window": "training",
        "bins": "edges = distinct training deciles; bin i holds edges[i-1] < x <= edges[i]; NaN in missing_share",
        "score": stability.reference(s_train),
        "features": {n: stability.reference(x_train[:, i]) for i, n in enumerate(names)},
    }
