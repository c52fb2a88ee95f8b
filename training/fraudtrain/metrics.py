"""Validation metrics. Pure numpy so that tests can check them against hand-computed values.

Scores are compared with `>=`: an alert is raised when score >= threshold, as in the scorer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import rankdata


def auc_roc(y: np.ndarray, s: np.ndarray) -> float:
    """P(score of a random positive > that of a random negative), ties counting 1/2 (Mann-Whitney)."""
    y = np.asarray(y).astype(bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(s, method="average")
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def average_precision(y: np.ndarray, s: np.ndarray) -> float:
    """Σ over distinct thresholds (high to low) of (recall step) × precision; tied scores form one step."""
    y = np.asarray(y).astype(bool)
    n_pos = int(y.sum())
    if n_pos == 0:
        return float("nan")
    order = np.argsort(-np.asarray(s), kind="stable")
    s_sorted, y_sorted = np.asarray(s)[order], y[order]
    tp = np.cumsum(y_sorted)
    alerts = np.arange(1, len(y) + 1)
    # Keep the last index of each run of equal scores: thresholds sit between distinct values.
    last = np.r_[s_sorted[1:] != s_sorted[:-1], True]
    tp, alerts = tp[last], alerts[last]
    recall_steps = np.diff(np.r_[0, tp]) / n_pos
    return float(np.sum(recall_steps * tp / alerts))


def card_precision_at_k(days: pd.Series, cards: pd.Series, y: np.ndarray, s: np.ndarray, k: int = 100) -> float:
    """Mean over days of: among the k cards with the highest max score that day, the share with a fraud.

    An analyst team investigates cards, not transactions, and has a daily budget of k.
    On a day with fewer than k cards the share is over the cards there were.
    Equal max scores are ordered by card token, so the result is deterministic.
    """
    df = pd.DataFrame({"day": days.to_numpy(), "card": cards.to_numpy(), "y": np.asarray(y).astype(bool), "s": s})
    per_card = df.groupby(["day", "card"], sort=True).agg(s=("s", "max"), y=("y", "any")).reset_index()
    shares = []
    for _, group in per_card.groupby("day", sort=True):
        top = group.sort_values(["s", "card"], ascending=[False, True], kind="stable").head(k)
        shares.append(top["y"].mean())
    return float(np.mean(shares)) if shares else float("nan")


def at_threshold(y: np.ndarray, s: np.ndarray, threshold: float) -> dict[str, float]:
    """precision (0 when nothing alerts), recall and alert rate of `score >= threshold`."""
    y = np.asarray(y).astype(bool)
    alert = np.asarray(s) >= threshold
    n_alerts, tp = int(alert.sum()), int((alert & y).sum())
    return {
        "precision": tp / n_alerts if n_alerts else 0.0,
        "recall": tp / int(y.sum()) if y.any() else 0.0,
        "alert_rate": n_alerts / len(y) if len(y) else 0.0,
    }
