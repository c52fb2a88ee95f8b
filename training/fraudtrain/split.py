"""Out-of-time windows on event time.

    [train_from, train_to)  training rows
    [train_to, cutoff)      gap: label delay, rows used by neither
    [cutoff, valid_to)      validation rows; cutoff = train_to + gap_days

The model is "trained at" the cut-off, so training targets use labels with
label_time <= cutoff. Only row selection uses the windows: features of every row
were computed from the full history beforehand.
When bounds are omitted they are derived from the data, on UTC day boundaries:
valid_to = day after the last event, train_from = first event day + warmup_days
(young features are immature: a 30-day window is not full on day 2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class Windows:
    train_from: pd.Timestamp
    train_to: pd.Timestamp
    cutoff: pd.Timestamp
    valid_to: pd.Timestamp
    gap_days: float

    def train_mask(self, times: pd.Series) -> np.ndarray:
        return ((times >= self.train_from) & (times < self.train_to)).to_numpy()

    def valid_mask(self, times: pd.Series) -> np.ndarray:
        return ((times >= self.cutoff) & (times < self.valid_to)).to_numpy()


def parse_time(text: str | None) -> pd.Timestamp | None:
    if text is None:
        return None
    ts = pd.Timestamp(text)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def make_windows(
    times: pd.Series,
    *,
    train_from: pd.Timestamp | None = None,
    train_to: pd.Timestamp | None = None,
    gap_days: float = 7,
    valid_days: float = 14,
    warmup_days: float = 0,
) -> Windows:
    if len(times) == 0:
        raise ValueError("no rows")
    gap = pd.Timedelta(days=gap_days)
    valid = pd.Timedelta(days=valid_days)
    if train_to is None:
        valid_to = times.max().floor("D") + DAY
        train_to = valid_to - valid - gap
    else:
        valid_to = train_to + gap + valid
    if train_from is None:
        train_from = times.min().floor("D") + pd.Timedelta(days=warmup_days)
    if not train_from < train_to:
        raise ValueError(f"empty training window [{train_from}, {train_to})")
    return Windows(train_from, train_to, train_to + gap, valid_to, gap_days)


def iso(ts: pd.Timestamp) -> str:
    """ISO-8601 UTC with milliseconds, the format the TypeScript side writes."""
    return ts.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"
