import numpy as np
import pandas as pd
import pytest

from fraudtrain import segments


def test_segment_metrics_fpr_ratio_and_weak_segments_by_hand():
    # segment A: 200 genuine, 20 of them alerted (FPR 0.10); segment B: 200 genuine, 2 alerted (FPR 0.01)
    # whole: 22 / 400 = 0.055 → ratios 1.818 and 0.182; A is weaker (>= 10 false positives, ratio > 1.25)
    n = 200
    group = np.array(["A"] * (n + 20) + ["B"] * (n + 20))
    y = np.r_[np.zeros(n), np.ones(20), np.zeros(n), np.ones(20)].astype(bool)
    s = np.zeros(len(y))
    s[:20] = 0.9                     # A: false positives
    s[n:n + 20] = 0.95               # A: frauds caught
    s[n + 20:n + 22] = 0.9           # B: false positives
    s[2 * n + 20:] = 0.95            # B: frauds caught
    result = segments.evaluate(pd.DataFrame({"group": group}), y, s, threshold=0.5)
    a, b = result["dimensions"]["group"]["A"], result["dimensions"]["group"]["B"]
    assert (a["rows"], a["frauds"], a["false_positives"]) == (220, 20, 20)
    assert a["false_positive_rate"] == pytest.approx(0.10) and b["false_positive_rate"] == pytest.approx(0.01)
    assert a["fpr_ratio"] == pytest.approx(0.10 / 0.055) and b["fpr_ratio"] == pytest.approx(0.01 / 0.055)
    assert [(w["dimension"], w["segment"]) for w in result["weaker_segments"]] == [("group", "A")]
    assert "false-positive rate 1.82x" in result["weaker_segments"][0]["why"][0]


def test_segments_from_transactions_and_attributes(tmp_path):
    tx = tmp_path / "transactions.csv"
    pd.DataFrame({
        "transaction_id": ["t1", "t2", "t3", "t4"], "event_time": ["2026-01-01T00:00:00.000Z",
                                                                   "2026-02-15T00:00:00.000Z",
                                                                   "2026-02-15T00:00:00.000Z",
                                                                   "2026-02-16T00:00:00.000Z"],
        "card_token": ["c1", "c1", "c2", "c3"], "terminal_id": "x", "amount_minor": [100, 200, 300, 400],
        "currency": "EUR", "merchant_category": ["5411", "5411", "", "5999"], "channel": ["pos", "pos", "ecom", "pos"],
        "country": ["FR", "FR", "DE", "NL"], "customer_id": "",
    }).to_csv(tx, index=False)
    attrs = tmp_path / "attrs.csv"
    pd.DataFrame({"transaction_id": ["t2", "t3"], "age_band": ["18-30", "31+"]}).to_csv(attrs, index=False)
    ctx = segments.load_context(tx, attrs)
    edges = segments.amount_edges(ctx, pd.Series(["t1", "t2", "t3", "t4"]))
    rows = pd.DataFrame({"transaction_id": ["t2", "t3", "t4"],
                         "event_time": pd.to_datetime(["2026-02-15", "2026-02-15", "2026-02-16"], utc=True)})
    cols = segments.columns_for(rows, ctx, edges)
    assert cols["card_age"].tolist() == ["established (>= 30 days)", "new (< 30 days)", "new (< 30 days)"]
    assert cols["merchant_category"].tolist() == ["5411", "(empty)", "5999"]
    assert cols["attribute:age_band"].tolist() == ["18-30", "31+", "(unknown)"]
    assert sorted(cols["amount_band"]) == cols["amount_band"].tolist()  # bands sort in amount order
