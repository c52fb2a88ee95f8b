"""Performance by segment (robustness and fairness) on the out-of-time window.

Segment columns come from the transactions file (the canonical transactions.csv, read by
header): channel, country, merchant_category, an amount band (quartiles of the training
window's amounts) and card age (new: first seen in the transactions file less than
NEW_CARD_DAYS before the payment; the first sighting is censored at the file's start).
Protected attributes (age, gender, ...) are not in transaction data. Whoever holds them adds
a CSV with a transaction_id column and one column per attribute (--attributes FILE); every
such column becomes one more segment dimension here, reported the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fraudtrain import metrics

NEW_CARD_DAYS = 30
MIN_CLASS = 5  # fewer frauds or genuine rows than this: metrics are not reported
WEAK_AUC_DROP = 0.02
WEAK_FPR_RATIO = 1.25
MIN_FALSE_POSITIVES = 10  # below this an FPR ratio is noise, not a finding
WEAK_RECALL_DROP = 0.10
STANDARD = ("channel", "country", "merchant_category", "amount_band", "card_age")


def load_context(transactions: Path | None, attributes: Path | None) -> pd.DataFrame | None:
    """transaction_id → amount_minor, channel, country, merchant_category, card_first_seen, attributes."""
    if transactions is None and attributes is None:
        return None
    ctx = None
    if transactions is not None:
        head = pd.read_csv(transactions, nrows=0).columns
        want = [c for c in ("transaction_id", "event_time", "card_token", "amount_minor", "channel", "country",
                            "merchant_category") if c in head]
        if "transaction_id" not in want:
            raise ValueError(f"{transactions}: no transaction_id column")
        tx = pd.read_csv(transactions, usecols=want, dtype={c: str for c in want if c not in ("amount_minor",)},
                         keep_default_na=False)
        if "event_time" in tx and "card_token" in tx:
            times = pd.to_datetime(tx["event_time"], utc=True, format="ISO8601")
            tx["card_first_seen"] = times.groupby(tx["card_token"]).transform("min")
        ctx = tx.drop(columns=[c for c in ("event_time", "card_token") if c in tx]).set_index("transaction_id")
    if attributes is not None:
        attrs = pd.read_csv(attributes, dtype=str, keep_default_na=False)
        if "transaction_id" not in attrs:
            raise ValueError(f"{attributes}: needs a transaction_id column and one column per attribute")
        attrs = attrs.set_index("transaction_id").add_prefix("attribute:")
        ctx = attrs if ctx is None else ctx.join(attrs, how="left")
    return ctx


def amount_edges(ctx: pd.DataFrame | None, train_ids: pd.Series) -> list[float]:
    if ctx is None or "amount_minor" not in ctx:
        return []
    amounts = pd.to_numeric(ctx["amount_minor"].reindex(train_ids), errors="coerce").dropna()
    return [float(q) for q in np.unique(np.quantile(amounts, [0.25, 0.5, 0.75]))] if len(amounts) else []


def columns_for(rows: pd.DataFrame, ctx: pd.DataFrame | None, edges: list[float]) -> pd.DataFrame:
    """One string column per segment dimension, aligned with `rows`."""
    out = pd.DataFrame(index=rows.index)
    if ctx is None:
        return out
    c = ctx.reindex(rows["transaction_id"])
    c.index = rows.index
    for name in ("channel", "country", "merchant_category"):
        if name in c:
            out[name] = c[name].fillna("(unknown)").replace("", "(empty)")
    if "amount_minor" in c and edges:
        amounts = pd.to_numeric(c["amount_minor"], errors="coerce").to_numpy()
        # numbered so that the bands sort in amount order
        labels = [f"1: <= {edges[0]:g}"] + [f"{i + 2}: {a:g} < x <= {b:g}"
                                            for i, (a, b) in enumerate(zip(edges, edges[1:], strict=False))]
        labels.append(f"{len(edges) + 1}: > {edges[-1]:g}")
        band = np.searchsorted(np.asarray(edges), amounts, side="left")
        out["amount_band"] = np.where(np.isnan(amounts), "(unknown)", np.asarray(labels, dtype=object)[band])
    if "card_first_seen" in c:
        age = (rows["event_time"] - c["card_first_seen"]).dt.days
        out["card_age"] = np.where(age < NEW_CARD_DAYS, f"new (< {NEW_CARD_DAYS} days)",
                                   f"established (>= {NEW_CARD_DAYS} days)")
    for name in [col for col in c.columns if col.startswith("attribute:")]:
        out[name] = c[name].fillna("(unknown)")
    return out


def _metrics(y: np.ndarray, s: np.ndarray, threshold: float) -> dict[str, Any]:
    pos, neg = int(y.sum()), int((~y).sum())
    alert = s >= threshold
    fp = int((alert & ~y).sum())
    m: dict[str, Any] = {"rows": len(y), "frauds": pos, "fraud_rate": pos / len(y) if len(y) else None,
                         "false_positives": fp, "false_positive_rate": fp / neg if neg else None}
    if pos >= MIN_CLASS and neg >= MIN_CLASS:
        at = metrics.at_threshold(y, s, threshold)
        m.update(auc_roc=metrics.auc_roc(y, s), average_precision=metrics.average_precision(y, s),
                 ks=metrics.ks_statistic(y, s)[0], precision=at["precision"], recall=at["recall"])
    else:
        m.update(auc_roc=None, average_precision=None, ks=None, precision=None, recall=None,
                 note=f"fewer than {MIN_CLASS} frauds or genuine rows: metrics not reported")
    return m


def evaluate(cols: pd.DataFrame, y: np.ndarray, s: np.ndarray, threshold: float) -> dict[str, Any]:
    """Metrics at the review threshold per segment value, FPR ratio to the whole, weak segments named."""
    y = np.asarray(y).astype(bool)
    s = np.asarray(s)
    overall = _metrics(y, s, threshold)
    dims: dict[str, Any] = {}
    weak = []
    for dim in cols.columns:
        values = {}
        for value in sorted(cols[dim].unique(), key=str):
            mask = (cols[dim] == value).to_numpy()
            m = _metrics(y[mask], s[mask], threshold)
            base_fpr = overall["false_positive_rate"]
            m["fpr_ratio"] = (m["false_positive_rate"] / base_fpr
                              if base_fpr and m["false_positive_rate"] is not None else None)
            reasons = _weakness(m, overall)
            if reasons:
                weak.append({"dimension": dim, "segment": str(value), "why": reasons})
            values[str(value)] = m
        dims[dim] = values
    return {"overall": overall, "threshold": threshold, "dimensions": dims, "weaker_segments": weak}


def _weakness(m: dict[str, Any], overall: dict[str, Any]) -> list[str]:
    why = []
    if m["auc_roc"] is not None and overall["auc_roc"] is not None \
            and m["auc_roc"] < overall["auc_roc"] - WEAK_AUC_DROP:
        why.append(f"AUC {m['auc_roc']:.3f} vs {overall['auc_roc']:.3f} overall")
    if m["recall"] is not None and overall["recall"] is not None and m["frauds"] >= 2 * MIN_CLASS \
            and m["recall"] < overall["recall"] - WEAK_RECALL_DROP:
        why.append(f"recall {m['recall']:.3f} vs {overall['recall']:.3f} overall")
    if m["fpr_ratio"] is not None and m["false_positives"] >= MIN_FALSE_POSITIVES \
            and m["fpr_ratio"] > WEAK_FPR_RATIO:
        why.append(f"false-positive rate {m['fpr_ratio']:.2f}x the whole")
    return why
