"""Optional calibration of the raw score into a probability, fitted on the validation window only.

The raw score overstates fraud (scale_pos_weight). A calibration map is stored in the card
as a piecewise-linear function {x: raw scores ascending, y: probabilities}: below x[0] it is
y[0], above x[-1] it is y[-1], in between linear interpolation (numpy.interp). It is
non-decreasing, so it never changes the order of scores, hence neither AUC nor which
transactions a threshold on the raw score flags.

The scorer does NOT apply it: the decision score stays the raw model score (the thresholds
are raw scores), and the card says so ("decision_score": "raw"). Consumers who want a
probability apply the map themselves.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

METHODS = ("none", "isotonic", "platt")
_EPS = 1e-6


def _logit(s: np.ndarray) -> np.ndarray:
    s = np.clip(np.asarray(s, dtype=np.float64), _EPS, 1 - _EPS)
    return np.log(s / (1 - s))


def fit(method: str, y: np.ndarray, s: np.ndarray) -> dict[str, Any] | None:
    """The map as card JSON, or None for method "none"."""
    if method not in METHODS:
        raise ValueError(f"calibration must be one of {METHODS}, got {method!r}")
    if method == "none":
        return None
    y = np.asarray(y).astype(float)
    s = np.asarray(s, dtype=np.float64)
    if method == "isotonic":
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(s, y)
        x, p = iso.X_thresholds_, iso.y_thresholds_
        extra: dict[str, Any] = {}
    else:
        lr = LogisticRegression(C=1e6).fit(_logit(s).reshape(-1, 1), y)
        a, b = float(lr.coef_[0, 0]), float(lr.intercept_[0])
        x = np.unique(np.r_[np.linspace(0.0, 1.0, 201), np.quantile(s, np.linspace(0, 1, 101))])
        p = 1 / (1 + np.exp(-(a * _logit(x) + b)))
        extra = {"platt": {"a": a, "b": b, "formula": "sigmoid(a * logit(score) + b)"}}
    return {
        "method": method,
        "fitted_on": "validation window (labels known at the label cut-off)",
        "piecewise_linear": {"x": [float(v) for v in x], "y": [float(v) for v in p]},
        **extra,
    }


def apply(calibration: dict[str, Any] | None, s: np.ndarray) -> np.ndarray:
    if calibration is None:
        return np.asarray(s, dtype=np.float64)
    m = calibration["piecewise_linear"]
    return np.interp(np.asarray(s, dtype=np.float64), m["x"], m["y"])
