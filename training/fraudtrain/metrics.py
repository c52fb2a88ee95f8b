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


def card_precision_top_k_per_day(days: pd.Series, cards: pd.Series, y: np.ndarray, s: np.ndarray,
                                 k: int = 100) -> pd.Series:
    """Card precision top-k as the fraud-detection literature defines it (Le Borgne et al.,
    "Reproducible machine learning for credit card fraud detection", 2022), one value per UTC day:

    each day, drop the cards already detected (a fraudulent card among the top k) on an
    earlier day; every remaining card gets its max score of the day and is fraudulent when
    any of its transactions that day is; the value is (fraudulent cards among the top k) / k.
    The divisor is always k: an investigation team with k checks a day wastes the unused ones.
    Equal max scores are ordered by card token, so the result is deterministic.
    """
    df = pd.DataFrame({"day": days.to_numpy(), "card": cards.to_numpy(), "y": np.asarray(y).astype(bool), "s": s})
    per_card = df.groupby(["day", "card"], sort=True).agg(s=("s", "max"), y=("y", "any")).reset_index()
    detected: set = set()
    values = {}
    for day, group in per_card.groupby("day", sort=True):
        group = group[~group["card"].isin(detected)]
        top = group.sort_values(["s", "card"], ascending=[False, True], kind="stable").head(k)
        hits = top.loc[top["y"], "card"]
        values[day] = len(hits) / k
        detected.update(hits)
    return pd.Series(values, dtype=float)


def card_precision_top_k(days: pd.Series, cards: pd.Series, y: np.ndarray, s: np.ndarray, k: int = 100) -> float:
    """Mean over days of card_precision_top_k_per_day."""
    per_day = card_precision_top_k_per_day(days, cards, y, s, k)
    return float(per_day.mean()) if len(per_day) else float("nan")


def ks_statistic(y: np.ndarray, s: np.ndarray) -> tuple[float, float]:
    """(KS, score): the largest gap between the score CDFs of genuine and fraud, and where it is.

    At score t the gap is F_genuine(t) - F_fraud(t) with F(t) = share of the class scoring <= t,
    i.e. the two-sample Kolmogorov-Smirnov statistic (scipy.stats.ks_2samp)."""
    y = np.asarray(y).astype(bool)
    s = np.asarray(s, dtype=np.float64)
    if y.all() or not y.any():
        return float("nan"), float("nan")
    values = np.unique(s)
    f_pos = np.searchsorted(np.sort(s[y]), values, side="right") / y.sum()
    f_neg = np.searchsorted(np.sort(s[~y]), values, side="right") / (~y).sum()
    gap = np.abs(f_neg - f_pos)
    i = int(np.argmax(gap))
    return float(gap[i]), float(values[i])


def brier(y: np.ndarray, p: np.ndarray) -> float:
    return float(np.mean((np.asarray(p, dtype=np.float64) - np.asarray(y).astype(float)) ** 2))


def reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Equal-width bins of the predicted probability: mean prediction vs observed fraud rate."""
    y = np.asarray(y).astype(float)
    p = np.asarray(p, dtype=np.float64)
    idx = np.clip((p * bins).astype(int), 0, bins - 1)
    out = []
    for b in range(bins):
        m = idx == b
        if m.any():
            out.append({"bin_from": b / bins, "bin_to": (b + 1) / bins, "count": int(m.sum()),
                        "mean_predicted": float(p[m].mean()), "observed_rate": float(y[m].mean())})
    return out


def bootstrap_ci(stat, n_rows: int, seed: int, n_boot: int = 200, level: float = 0.95) -> list[float]:
    """Percentile interval of stat(idx) over n_boot resamples of range(n_rows) with replacement.

    Resamples where the statistic is undefined (NaN, e.g. no fraud drawn) are skipped."""
    rng = np.random.default_rng(seed)
    values = [stat(rng.integers(0, n_rows, size=n_rows)) for _ in range(n_boot)]
    values = np.array([v for v in values if not np.isnan(v)])
    if len(values) == 0:
        return [float("nan"), float("nan")]
    tail = (1 - level) / 2 * 100
    return [float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail))]


def curve_points(x: np.ndarray, y: np.ndarray, max_points: int = 200) -> dict[str, list[float]]:
    """A curve thinned to at most max_points (first and last kept), for the card and plots."""
    idx = np.unique(np.linspace(0, len(x) - 1, min(len(x), max_points)).round().astype(int))
    return {"x": [float(v) for v in np.asarray(x)[idx]], "y": [float(v) for v in np.asarray(y)[idx]]}


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
