"""Synthetic features/labels/truth files in the exact CSV contracts, with a planted signal.

Feature names are random so that nothing in the code can depend on them. Fraud
probability rises with the first two features; the rest is noise. Label delays
are random and a share of frauds is never reported, like the real feed.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

START = pd.Timestamp("2026-01-01T00:00:00Z")


def iso_ms(times: pd.Series) -> pd.Series:
    return times.dt.strftime("%Y-%m-%dT%H:%M:%S.") + (times.dt.microsecond // 1000).map("{:03d}".format) + "Z"


def write_dataset(out: Path, *, seed: int = 7, rows: int = 12000, days: int = 40, cards: int = 400) -> dict:
    rng = np.random.default_rng(seed)
    names = [f"f_{rng.integers(1 << 30):x}_{i}" for i in range(5)]
    x = rng.normal(size=(rows, len(names))).astype(np.float32)
    logit = -5.0 + 1.8 * x[:, 0] + 1.2 * x[:, 1]
    fraud = rng.random(rows) < 1 / (1 + np.exp(-logit))
    offsets = np.sort(rng.integers(0, days * 86_400_000, size=rows))
    times = START + pd.to_timedelta(offsets, unit="ms")
    tx_ids = [f"tx-{i:06d}" for i in range(rows)]
    features = pd.DataFrame({
        "transaction_id": tx_ids,
        "event_time": iso_ms(pd.Series(times)),
        "card_token": [f"card-{c:04d}" for c in rng.integers(0, cards, size=rows)],
        "terminal_id": [f"term-{t:03d}" for t in rng.integers(0, 60, size=rows)],
    })
    for i, name in enumerate(names):
        features[name] = x[:, i]
    out.mkdir(parents=True, exist_ok=True)
    features.to_csv(out / "features.csv", index=False)
    (out / "features.json").write_text(json.dumps({"feature_set_version": "fs-synth-1", "features": names}))

    reported = fraud & (rng.random(rows) < 0.85)
    delays = pd.to_timedelta(rng.integers(3_600_000, 20 * 86_400_000, size=rows), unit="ms")
    idx = np.flatnonzero(reported)
    labels = pd.DataFrame({
        "label_id": [f"lb-{i:06d}" for i in idx],
        "transaction_id": [tx_ids[i] for i in idx],
        "label_time": iso_ms(pd.Series(times[idx] + delays[idx])),
        "is_fraud": "true",
        "source": "chargeback",
    })
    labels.to_csv(out / "labels.csv", index=False)
    # transactions.csv (the canonical contract's columns): segments and the value caught
    pd.DataFrame({
        "transaction_id": tx_ids, "event_time": features["event_time"], "card_token": features["card_token"],
        "terminal_id": features["terminal_id"], "amount_minor": rng.integers(100, 50_000, size=rows),
        "currency": "EUR", "merchant_category": rng.choice(["5411", "5812", "5999"], size=rows),
        "channel": rng.choice(["pos", "ecom"], size=rows), "country": rng.choice(["FR", "DE", "NL"], size=rows),
        "customer_id": "",
    }).to_csv(out / "transactions.csv", index=False)
    truth = pd.DataFrame({"transaction_id": tx_ids, "is_fraud": np.where(fraud, "true", "false"),
                          "scenario": np.where(fraud, "planted", "genuine")})
    truth.to_csv(out / "truth.csv", index=False)
    return {"names": names, "fraud": fraud, "dir": out}
