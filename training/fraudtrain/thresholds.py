"""Threshold choice on validation scores.

Candidates are the distinct scores themselves (alert when score >= t), so a
chosen threshold reproduces its validation alert rate exactly in the scorer.
When a target cannot be met the threshold sits just above the highest score:
that action never fires, which is the safe failure for "decline".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MODES = ("alert-rate", "precision")


@dataclass(frozen=True)
class Policy:
    mode: str
    target: float

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"threshold mode must be one of {MODES}, got {self.mode!r}")
        if not 0.0 < self.target <= 1.0:
            raise ValueError(f"threshold target must be in (0, 1], got {self.target}")

    def as_json(self) -> dict[str, object]:
        return {"mode": self.mode, "target": self.target}


def _candidates(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct scores high → low, with alerts and true positives of `score >= that score`."""
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order].astype(bool)
    last = np.r_[s_sorted[1:] != s_sorted[:-1], True]
    alerts = np.arange(1, len(s) + 1)[last]
    tp = np.cumsum(y_sorted)[last]
    return s_sorted[last], alerts, tp


def _never(s: np.ndarray) -> float:
    return float(np.nextafter(np.float32(s.max()), np.float32(np.inf)))


def choose(policy: Policy, y: np.ndarray, s: np.ndarray) -> tuple[float, bool]:
    """(threshold, target_met). alert-rate: lowest t with alert rate <= target.
    precision: lowest t (most recall) whose precision >= target."""
    s = np.asarray(s, dtype=np.float32)
    if len(s) == 0:
        raise ValueError("no validation scores")
    values, alerts, tp = _candidates(np.asarray(y), s)
    if policy.mode == "alert-rate":
        ok = alerts <= policy.target * len(s)
    else:
        ok = tp / alerts >= policy.target
    if not ok.any():
        return _never(s), False
    return float(values[np.flatnonzero(ok)[-1]]), True


def choose_pair(review: Policy, decline: Policy, y: np.ndarray, s: np.ndarray) -> dict[str, object]:
    """decline is raised to review when its own target lands lower: declining what is not reviewed is wrong."""
    review_t, review_met = choose(review, y, s)
    decline_t, decline_met = choose(decline, y, s)
    return {
        "review": review_t,
        "decline": max(decline_t, review_t),
        "met": {"review": review_met, "decline": decline_met},
    }
