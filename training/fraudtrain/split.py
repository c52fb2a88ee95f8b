"""Time-ordered windows on event time, set independently, checked for overlap and leakage.

    [train_from, train_to)   training rows (fit the trees)
    [valid_from, valid_to)   validation rows (early stopping, the search, thresholds, calibration)
    [test_from, test_to)     out-of-time rows (the validation report); never seen by training
    label_cutoff             "what was known at deployment": training and validation targets use
                             only labels with label_time <= label_cutoff

Each bound may be given; omitted ones are derived on UTC day boundaries, from the end:
    test_to      = day after the last event         test_from  = test_to - test_days
    label_cutoff = test_from                        valid_to   = label_cutoff - gap_days
    valid_from   = valid_to - valid_days            train_to   = valid_from
    train_from   = first event day + warmup_days
gap_days is the label delay: the last days before the cut-off have immature labels, so no
window uses them. Only row selection uses the windows: the features of every row were
computed from the full history beforehand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

DAY = pd.Timedelta(days=1)


class WindowError(ValueError):
    """Windows that overlap, leak labels or select nothing; the message names the flags to change."""


@dataclass(frozen=True)
class Windows:
    train_from: pd.Timestamp
    train_to: pd.Timestamp
    valid_from: pd.Timestamp
    valid_to: pd.Timestamp
    test_from: pd.Timestamp
    test_to: pd.Timestamp
    label_cutoff: pd.Timestamp

    @staticmethod
    def _mask(times: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
        return ((times >= start) & (times < end)).to_numpy()

    def train_mask(self, times: pd.Series) -> np.ndarray:
        return self._mask(times, self.train_from, self.train_to)

    def valid_mask(self, times: pd.Series) -> np.ndarray:
        return self._mask(times, self.valid_from, self.valid_to)

    def test_mask(self, times: pd.Series) -> np.ndarray:
        return self._mask(times, self.test_from, self.test_to)

    def as_json(self) -> dict[str, object]:
        return {
            "training": {"from": iso(self.train_from), "to": iso(self.train_to)},
            "validation": {"from": iso(self.valid_from), "to": iso(self.valid_to)},
            "out_of_time": {"from": iso(self.test_from), "to": iso(self.test_to)},
            "label_cutoff": iso(self.label_cutoff),
        }


def parse_time(text: str | None) -> pd.Timestamp | None:
    if text is None:
        return None
    try:
        ts = pd.Timestamp(text)
    except ValueError as err:
        raise WindowError(f"not an ISO-8601 time: {text!r}") from err
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def make_windows(
    times: pd.Series,
    *,
    train_from: pd.Timestamp | None = None,
    train_to: pd.Timestamp | None = None,
    valid_from: pd.Timestamp | None = None,
    valid_to: pd.Timestamp | None = None,
    test_from: pd.Timestamp | None = None,
    test_to: pd.Timestamp | None = None,
    label_cutoff: pd.Timestamp | None = None,
    warmup_days: float = 0,
    gap_days: float = 7,
    valid_days: float = 7,
    test_days: float = 14,
) -> Windows:
    if len(times) == 0:
        raise WindowError("no rows in the features file")
    days = pd.Timedelta
    test_to = test_to if test_to is not None else times.max().floor("D") + DAY
    test_from = test_from if test_from is not None else test_to - days(days=test_days)
    label_cutoff = label_cutoff if label_cutoff is not None else test_from
    valid_to = valid_to if valid_to is not None else label_cutoff - days(days=gap_days)
    valid_from = valid_from if valid_from is not None else valid_to - days(days=valid_days)
    train_to = train_to if train_to is not None else valid_from
    train_from = train_from if train_from is not None else times.min().floor("D") + days(days=warmup_days)
    w = Windows(train_from, train_to, valid_from, valid_to, test_from, test_to, label_cutoff)
    check(w)
    return w


def check(w: Windows) -> None:
    """Refuses empty, overlapping or leaking windows with a message that says what to change."""
    for name, start, end, flags in (
        ("training", w.train_from, w.train_to, "--train-from/--train-to (or --warmup-days)"),
        ("validation", w.valid_from, w.valid_to, "--valid-from/--valid-to (or --valid-days, --gap-days)"),
        ("out-of-time test", w.test_from, w.test_to, "--test-from/--test-to (or --test-days)"),
    ):
        if not start < end:
            raise WindowError(f"the {name} window [{iso(start)}, {iso(end)}) is empty: set {flags}")
    if w.train_to > w.valid_from:
        raise WindowError(
            f"training [{iso(w.train_from)}, {iso(w.train_to)}) overlaps validation starting {iso(w.valid_from)}: "
            "training must end (--train-to) at or before --valid-from; windows are time-ordered, never shuffled")
    if w.valid_to > w.test_from:
        raise WindowError(
            f"validation ending {iso(w.valid_to)} overlaps the out-of-time test starting {iso(w.test_from)}: "
            "set --valid-to at or before --test-from")
    if w.label_cutoff > w.test_from:
        raise WindowError(
            f"label cut-off {iso(w.label_cutoff)} is after the out-of-time test starts ({iso(w.test_from)}): "
            "labels learnt during the test would leak into training; set --label-cutoff <= --test-from")
    if w.label_cutoff < w.valid_to:
        raise WindowError(
            f"label cut-off {iso(w.label_cutoff)} is before the validation window ends ({iso(w.valid_to)}): "
            "its last rows could not have a label at deployment; set --label-cutoff >= --valid-to "
            "(usually --valid-to + the label delay)")


def iso(ts: pd.Timestamp) -> str:
    """ISO-8601 UTC with milliseconds, the format the TypeScript side writes."""
    return ts.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"
