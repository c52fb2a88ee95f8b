"""Global explanations from LightGBM's exact TreeSHAP (Booster.predict(pred_contrib=True)).

Contributions are in raw score space (log-odds): for every row they and the expected value
sum to the model's raw output. Computed on a seeded sample of the out-of-time rows.
"""

from __future__ import annotations

from typing import Any

import lightgbm as lgb
import numpy as np

SAMPLE_ROWS = 4000
TOP = 10


def contributions(booster: lgb.Booster, x: np.ndarray, seed: int, rows: int = SAMPLE_ROWS):
    """(sample indices, SHAP matrix [n, n_features], expected value)."""
    idx = np.sort(np.random.default_rng(seed).choice(len(x), size=min(rows, len(x)), replace=False))
    contrib = booster.predict(np.asarray(x[idx], dtype=np.float32), pred_contrib=True)
    return idx, contrib[:, :-1], float(contrib[0, -1]) if len(idx) else 0.0


def summary(names: list[str], shap: np.ndarray, expected: float) -> dict[str, Any]:
    mean_abs = np.abs(shap).mean(axis=0) if len(shap) else np.zeros(len(names))
    order = np.argsort(-mean_abs, kind="stable")
    return {
        "method": "exact TreeSHAP, LightGBM pred_contrib",
        "space": "raw score (log-odds); contributions + expected_value = raw output",
        "rows": int(len(shap)),
        "expected_value": expected,
        "mean_abs_shap": {names[i]: float(mean_abs[i]) for i in order},
        "top_features": [names[i] for i in order[:TOP]],
    }
