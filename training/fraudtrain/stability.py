"""Population stability: reference distributions from the training window and PSI against them.

Reference distribution of a variable (stored in the card for live drift monitoring):
  edges          interior cut points: the distinct training deciles (at most 9, ascending)
  shares         len(edges) + 1 shares; bin i holds edges[i-1] < x <= edges[i]
                 (bin 0: x <= edges[0]; last bin: x > edges[-1]); numpy.searchsorted(edges, x, "left")
  missing_share  share of NaN values (LightGBM's "missing"), not in `shares`
Shares are over all training rows, so shares + missing_share sum to 1.

PSI = sum over bins (missing included) of (a - e) * ln(a / e), e = reference share, a = the
compared window's share, both floored at PSI_FLOOR so that an empty bin gives a large but
finite value. Bands as risk teams use them: < 0.1 stable, 0.1-0.25 moderate shift (review),
>= 0.25 significant shift (act: investigate, retrain).
"""

from __future__ import annotations

from typing import Any

import numpy as np

QUANTILES = np.linspace(0.1, 0.9, 9)
PSI_FLOOR = 1e-4
BANDS = ((0.1, "stable"), (0.25, "moderate"), (float("inf"), "significant"))


def reference(values: np.ndarray) -> dict[str, Any]:
    v = np.asarray(values, dtype=np.float64)
    finite = v[~np.isnan(v)]
    edges = np.unique(np.quantile(finite, QUANTILES)) if len(finite) else np.array([])
    shares, missing = shares_of(edges, v)
    return {"edges": [float(e) for e in edges], "shares": [float(x) for x in shares], "missing_share": missing}


def shares_of(edges: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, float]:
    v = np.asarray(values, dtype=np.float64)
    if len(v) == 0:
        return np.zeros(len(edges) + 1), 0.0
    nan = np.isnan(v)
    counts = np.bincount(np.searchsorted(np.asarray(edges), v[~nan], side="left"), minlength=len(edges) + 1)
    return counts / len(v), float(nan.mean())


def psi(expected: np.ndarray, actual: np.ndarray) -> float:
    e = np.maximum(np.asarray(expected, dtype=np.float64), PSI_FLOOR)
    a = np.maximum(np.asarray(actual, dtype=np.float64), PSI_FLOOR)
    return float(np.sum((a - e) * np.log(a / e)))


def band(value: float) -> str:
    return next(name for limit, name in BANDS if value < limit)


def compare(ref: dict[str, Any], values: np.ndarray) -> dict[str, Any]:
    """PSI of `values` against a reference distribution, with its band and the compared shares."""
    shares, missing = shares_of(np.asarray(ref["edges"]), values)
    value = psi(np.r_[ref["shares"], ref["missing_share"]], np.r_[shares, missing])
    return {"psi": value, "band": band(value), "shares": [float(x) for x in shares], "missing_share": missing}
