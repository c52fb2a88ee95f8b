"""Loading and joining: features.csv, labels.csv and truth.csv into arrays.

Contracts (written by the TypeScript side):
  features.csv  transaction_id,event_time,card_token,terminal_id,<features in features.json order>
                event_time ISO-8601 UTC; feature values numbers (empty → NaN, LightGBM's "missing").
  labels.csv    label_id,transaction_id,label_time,is_fraud,source   (label_time ISO-8601)
  truth.csv     transaction_id,is_fraud,scenario                     (simulator ground truth)

Targets use only what was known at a moment: a transaction is positive when its
latest label with label_time <= cut-off says fraud. Later labels, and frauds
never reported, count as genuine, as they would have on the training day.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

ID_COLUMNS = ["transaction_id", "event_time", "card_token", "terminal_id"]
LABEL_COLUMNS = ["label_id", "transaction_id", "label_time", "is_fraud", "source"]
TRUTH_COLUMNS = ["transaction_id", "is_fraud"]
_TRUE = {"true", "1", "yes", "t"}
_FALSE = {"false", "0", "no", "f"}


def _require(df: pd.DataFrame, columns: list[str], path: Path) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")


def _times(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True, format="ISO8601")


def _bools(values: pd.Series, path: Path) -> pd.Series:
    text = values.astype(str).str.strip().str.lower()
    bad = ~text.isin(_TRUE | _FALSE)
    if bad.any():
        raise ValueError(f"{path}: is_fraud must be true/false, got {text[bad].iloc[0]!r}")
    return text.isin(_TRUE)


def load_features(path: Path, names: tuple[str, ...]) -> pd.DataFrame:
    """Rows sorted by (event_time, transaction_id) so that the row order never depends on the writer."""
    df = pd.read_csv(path, dtype={c: str for c in ID_COLUMNS if c != "event_time"})
    _require(df, ID_COLUMNS, path)
    if list(df.columns[len(ID_COLUMNS):]) != list(names):
        raise ValueError(f"{path}: feature columns differ from features.json order")
    if df["transaction_id"].duplicated().any():
        raise ValueError(f"{path}: duplicate transaction_id")
    df["event_time"] = _times(df["event_time"])
    for name in names:
        df[name] = pd.to_numeric(df[name], errors="raise").astype(np.float32)
    return df.sort_values(["event_time", "transaction_id"], kind="stable").reset_index(drop=True)


def load_labels(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    _require(df, LABEL_COLUMNS, path)
    df["label_time"] = _times(df["label_time"])
    df["is_fraud"] = _bools(df["is_fraud"], path)
    return df


def load_truth(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    _require(df, TRUTH_COLUMNS, path)
    df["is_fraud"] = _bools(df["is_fraud"], path)
    return df


def fraud_known_at(labels: pd.DataFrame, cutoff: pd.Timestamp | None) -> set[str]:
    """Transaction ids whose latest label as of `cutoff` (inclusive; None = all labels) says fraud."""
    known = labels if cutoff is None else labels[labels["label_time"] <= cutoff]
    # Latest label wins (a chargeback can be reversed); on equal times a fraud label wins.
    latest = known.sort_values(["transaction_id", "label_time", "is_fraud"], kind="stable")
    latest = latest.drop_duplicates("transaction_id", keep="last")
    return set(latest.loc[latest["is_fraud"], "transaction_id"])


def truth_ids(truth: pd.DataFrame) -> set[str]:
    return set(truth.loc[truth["is_fraud"], "transaction_id"])


def targets(transaction_ids: pd.Series, positives: set[str]) -> np.ndarray:
    return transaction_ids.isin(positives).to_numpy(dtype=np.int8)


def matrix(df: pd.DataFrame, names: tuple[str, ...]) -> np.ndarray:
    """float32, the dtype the ONNX input has: training on it keeps native and ONNX splits identical."""
    return np.ascontiguousarray(df[list(names)].to_numpy(dtype=np.float32))
