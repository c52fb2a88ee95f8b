"""LightGBM binary classifier, deterministic and imbalance-aware.

Determinism: fixed seed (LightGBM derives its bagging/feature seeds from it),
deterministic=True, force_row_wise=True and a fixed thread count, so the same
inputs give the same trees, hence the same ONNX bytes and metrics.
Imbalance: scale_pos_weight = negatives / positives, so both classes weigh the
same in the loss. Scores are then not calibrated probabilities (they overstate
fraud); thresholds are chosen on validation scores, so only their order matters.
"""

from __future__ import annotations

from typing import Any

import lightgbm as lgb
import numpy as np

BASE_PARAMS: dict[str, Any] = {
    "objective": "binary",
    "n_estimators": 300,
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_child_samples": 50,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.8,
    "reg_lambda": 1.0,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 2,
    "verbose": -1,
}

IMBALANCE = "scale_pos_weight = negatives / positives of the training rows (classes weigh equally in the loss)"


def params_for(y: np.ndarray, seed: int, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    positives = int(np.sum(y))
    negatives = len(y) - positives
    if positives == 0 or negatives == 0:
        raise ValueError(f"training rows need both classes (positives={positives}, negatives={negatives})")
    params = {**BASE_PARAMS, "random_state": seed, "scale_pos_weight": negatives / positives}
    params.update(overrides or {})
    return params


def fit(x: np.ndarray, y: np.ndarray, params: dict[str, Any]) -> lgb.LGBMClassifier:
    model = lgb.LGBMClassifier(**params)
    model.fit(x, y)
    return model
