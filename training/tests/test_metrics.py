import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import average_precision_score, roc_auc_score

from fraudtrain.metrics import at_threshold, auc_roc, average_precision, card_precision_at_k


def test_auc_with_ties_by_hand():
    # positives: 0.8, 0.5 ; negatives: 0.5, 0.2, 0.1
    # pairs: (0.8 beats all 3) = 3, (0.5 vs 0.5 tie = 0.5, beats 0.2 and 0.1 = 2) = 2.5 → 5.5 / 6
    y = np.array([1, 1, 0, 0, 0])
    s = np.array([0.8, 0.5, 0.5, 0.2, 0.1])
    assert auc_roc(y, s) == pytest.approx(5.5 / 6)
    assert auc_roc(y, s) == pytest.approx(roc_auc_score(y, s))


def test_auc_undefined_with_one_class():
    assert np.isnan(auc_roc(np.array([0, 0]), np.array([0.1, 0.2])))


def test_average_precision_by_hand():
    # ranked: 0.9(+) 0.8(-) 0.7(+) 0.6(-): AP = 1/2*(1/1) + 1/2*(2/3) = 5/6
    y = np.array([1, 0, 1, 0])
    s = np.array([0.9, 0.8, 0.7, 0.6])
    assert average_precision(y, s) == pytest.approx(5 / 6)


def test_average_precision_ties_form_one_step():
    # 0.9(+), then a tie at 0.5 holding (+,-): one step with precision 2/3 → AP = 1/2*1 + 1/2*2/3
    y = np.array([1, 1, 0])
    s = np.array([0.9, 0.5, 0.5])
    assert average_precision(y, s) == pytest.approx(0.5 + 1 / 3)
    rng = np.random.default_rng(3)
    y, s = rng.random(500) < 0.1, np.round(rng.random(500), 2)
    assert average_precision(y, s) == pytest.approx(average_precision_score(y, s))


def test_card_precision_at_k_by_hand():
    day1, day2 = pd.Timestamp("2026-01-01", tz="UTC"), pd.Timestamp("2026-01-02", tz="UTC")
    days = pd.Series([day1] * 5 + [day2] * 3)
    cards = pd.Series(["a", "a", "b", "c", "d", "a", "b", "c"])
    y = np.array([0, 1, 0, 0, 1, 0, 0, 1])
    s = np.array([0.9, 0.1, 0.8, 0.7, 0.2, 0.3, 0.9, 0.5])
    # day1 card max: a=0.9 (fraud via its other tx), b=0.8, c=0.7, d=0.2 (fraud) → top2 = a, b → 1/2
    # day2: b=0.9, c=0.5 (fraud), a=0.3 → top2 = b, c → 1/2 ; k=3 → 1/3 each day
    assert card_precision_at_k(days, cards, y, s, k=2) == pytest.approx(0.5)
    assert card_precision_at_k(days, cards, y, s, k=3) == pytest.approx((1 / 3 + 1 / 3) / 2)
    # fewer cards than k on a day: share over the cards there were (day1: 2/4, day2: 1/3)
    assert card_precision_at_k(days, cards, y, s, k=100) == pytest.approx((2 / 4 + 1 / 3) / 2)


def test_at_threshold_counts_equal_scores_as_alerts():
    y = np.array([1, 0, 1, 0, 0])
    s = np.array([0.9, 0.6, 0.6, 0.2, 0.1])
    assert at_threshold(y, s, 0.6) == {"precision": 2 / 3, "recall": 1.0, "alert_rate": 3 / 5}
    assert at_threshold(y, s, 0.95) == {"precision": 0.0, "recall": 0.0, "alert_rate": 0.0}
