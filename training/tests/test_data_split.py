import json

import numpy as np
import pandas as pd
import pytest

from fraudtrain import data, split

T = pd.Timestamp


def labels_frame(rows):
    return pd.DataFrame(rows, columns=["label_id", "transaction_id", "label_time", "is_fraud", "source"])


def test_target_only_counts_labels_known_at_cutoff(tmp_path):
    path = tmp_path / "labels.csv"
    labels_frame([
        ["l1", "tx-early", "2026-02-01T00:00:00.000Z", "true", "chargeback"],
        ["l2", "tx-late", "2026-02-01T00:00:00.001Z", "true", "chargeback"],   # 1 ms after the cut-off
        ["l3", "tx-exact", "2026-01-31T23:59:59.999Z", "1", "analyst"],
        ["l4", "tx-reversed", "2026-01-10T00:00:00.000Z", "true", "chargeback"],
        ["l5", "tx-reversed", "2026-01-20T00:00:00.000Z", "false", "analyst"],
        ["l6", "tx-genuine", "2026-01-05T00:00:00.000Z", "false", "analyst"],
    ]).to_csv(path, index=False)
    labels = data.load_labels(path)
    known = data.fraud_known_at(labels, T("2026-02-01T00:00:00Z"))
    assert known == {"tx-early", "tx-exact"}
    assert data.fraud_known_at(labels, None) == {"tx-early", "tx-late", "tx-exact"}
    y = data.targets(pd.Series(["tx-late", "tx-early", "tx-unlabelled"]), known)
    assert y.tolist() == [0, 1, 0]


def test_bad_is_fraud_value_is_rejected(tmp_path):
    path = tmp_path / "labels.csv"
    labels_frame([["l1", "tx", "2026-01-01T00:00:00Z", "maybe", "x"]]).to_csv(path, index=False)
    with pytest.raises(ValueError, match="is_fraud"):
        data.load_labels(path)


def test_feature_columns_must_match_features_json_order(tmp_path):
    path = tmp_path / "features.csv"
    pd.DataFrame({"transaction_id": ["a"], "event_time": ["2026-01-01T00:00:00.000Z"], "card_token": ["c"],
                  "terminal_id": ["t"], "x": [1.0], "y": [2.0]}).to_csv(path, index=False)
    assert data.load_features(path, ("x", "y"))["x"].dtype == np.float32
    with pytest.raises(ValueError, match="order"):
        data.load_features(path, ("y", "x"))


def test_windows_select_rows_and_leave_the_label_delay_unused():
    times = pd.Series(pd.to_datetime([
        "2026-01-01T00:00:00Z", "2026-01-10T23:59:59Z", "2026-01-11T00:00:00Z", "2026-01-14T00:00:00Z",
        "2026-01-17T23:59:59Z", "2026-01-18T00:00:00Z", "2026-01-24T23:00:00Z",
    ], utc=True))
    w = split.make_windows(times, train_from=split.parse_time("2026-01-01"), train_to=split.parse_time("2026-01-11"),
                           valid_from=split.parse_time("2026-01-11"), valid_to=split.parse_time("2026-01-15"),
                           label_cutoff=split.parse_time("2026-01-18"), test_from=split.parse_time("2026-01-18"),
                           test_to=split.parse_time("2026-01-25"))
    assert w.train_mask(times).tolist() == [True, True, False, False, False, False, False]
    assert w.valid_mask(times).tolist() == [False, False, True, True, False, False, False]
    assert w.test_mask(times).tolist() == [False, False, False, False, False, True, True]


def test_derived_windows_end_at_the_last_day_and_skip_warmup():
    times = pd.Series(pd.date_range("2026-01-01T05:00:00Z", "2026-03-01T10:00:00Z", freq="6h"))
    w = split.make_windows(times, gap_days=7, valid_days=7, test_days=14, warmup_days=10)
    assert w.test_to == T("2026-03-02T00:00:00Z")
    assert w.test_from == w.label_cutoff == T("2026-02-16T00:00:00Z")
    assert w.valid_to == T("2026-02-09T00:00:00Z") and w.valid_from == T("2026-02-02T00:00:00Z")
    assert w.train_to == w.valid_from
    assert w.train_from == T("2026-01-11T00:00:00Z")
    masks = [w.train_mask(times), w.valid_mask(times), w.test_mask(times)]
    assert not (masks[0] & masks[1]).any() and not (masks[1] & masks[2]).any()
    gap_rows = times[(times >= w.valid_to) & (times < w.label_cutoff)]
    assert not any(m.any() for m in (w.train_mask(gap_rows), w.valid_mask(gap_rows), w.test_mask(gap_rows)))
    assert split.iso(w.label_cutoff) == "2026-02-16T00:00:00.000Z"


def test_feature_set_sidecar(tmp_path):
    from fraudtrain.feature_set import load_feature_set
    path = tmp_path / "features.json"
    path.write_text(json.dumps({"feature_set_version": "v3", "features": ["b", "a"]}))
    assert load_feature_set(path).names == ("b", "a")
    path.write_text(json.dumps({"feature_set_version": "v3", "features": ["a", "a"]}))
    with pytest.raises(ValueError, match="duplicate"):
        load_feature_set(path)
