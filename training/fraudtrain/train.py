"""LightGBM binary classifier: deterministic, imbalance-aware, tuned on a time-ordered validation window.

Determinism: fixed seed (LightGBM derives its bagging/feature seeds from it),
deterministic=True, force_row_wise=True and one thread (OpenMP threads spin: on a busy
2-core machine two threads ran 35x slower than one), so the same
inputs give the same trees, hence the same ONNX bytes and metrics.
Imbalance: scale_pos_weight = negatives / positives, so both classes weigh the
same in the loss. Scores are then not calibrated probabilities (they overstate
fraud); thresholds are chosen on validation scores, so only their order matters.

Protocol (search): trial 0 is BASE_PARAMS, the others a seeded sample of GRID. Each
trial trains on the training window with early stopping on the validation window
(average precision, patience EARLY_STOPPING_ROUNDS, at most MAX_TREES trees). The
trial with the best validation AP wins; the final model is refitted on the training
window with exactly its best number of trees, so the exported model has no unused trees.
"""

from __future__ import annotations

import itertools
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
    "num_threads": 1,
    "verbose": -1,
}
GRID: dict[str, list[Any]] = {
    "learning_rate": [0.05, 0.1],
    "num_leaves": [15, 31, 63],
    "min_child_samples": [20, 50, 100],
    "colsample_bytree": [0.6, 0.8, 1.0],
}
MAX_TREES = 600
EARLY_STOPPING_ROUNDS = 40
SEARCH_METRIC = "average_precision"

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


def candidates(trials: int, seed: int) -> list[dict[str, Any]]:
    """Trial 0 = the base parameters; then `trials - 1` distinct grid points drawn with `seed`."""
    keys = list(GRID)
    base = tuple(BASE_PARAMS[k] for k in keys)
    grid = [combo for combo in itertools.product(*(GRID[k] for k in keys)) if combo != base]
    order = np.random.default_rng(seed).permutation(len(grid))
    picked = [base] + [grid[i] for i in order[: max(0, trials - 1)]]
    return [dict(zip(keys, combo, strict=True)) for combo in picked[: max(1, trials)]]


def search(x_train, y_train, x_valid, y_valid, seed: int, trials: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """(final params, protocol record for the card). Validation needs both classes."""
    if int(np.sum(y_valid)) == 0 or int(np.sum(y_valid)) == len(y_valid):
        raise ValueError("the validation window needs both known frauds and genuine rows for early stopping; "
                         "widen it (--valid-from/--valid-days) or move --label-cutoff later")
    log = []
    for i, overrides in enumerate(candidates(trials, seed)):
        params = params_for(y_train, seed, {**overrides, "n_estimators": MAX_TREES, "metric": SEARCH_METRIC})
        model = lgb.LGBMClassifier(**params)
        model.fit(x_train, y_train, eval_set=[(x_valid, y_valid)],
                  callbacks=[lgb.early_stopping(EARLY_STOPPING_ROUNDS, verbose=False)])
        best = int(model.best_iteration_ or MAX_TREES)
        score = float(model.best_score_["valid_0"][SEARCH_METRIC])
        log.append({"trial": i, "params": overrides, "best_iteration": best, "validation_" + SEARCH_METRIC: score})
    winner = max(log, key=lambda t: (t["validation_" + SEARCH_METRIC], -t["trial"]))
    final = params_for(y_train, seed, {**winner["params"], "n_estimators": winner["best_iteration"]})
    record = {
        "protocol": ("time-ordered: fit on the training window, early stopping on the validation window "
                     f"({SEARCH_METRIC}, patience {EARLY_STOPPING_ROUNDS}, at most {MAX_TREES} trees), "
                     "then refit on the training window with the best number of trees; never shuffled"),
        "metric": SEARCH_METRIC,
        "grid": GRID,
        "trials": log,
        "chosen_trial": winner["trial"],
        "chosen": {**winner["params"], "n_estimators": winner["best_iteration"]},
    }
    return final, record
