import numpy as np
import pandas as pd
import pytest
from scipy.stats import ks_2samp
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from fraudtrain import stability
from fraudtrain.metrics import (at_threshold, auc_roc, average_precision, bootstrap_ci, brier,
                                card_precision_top_k, card_precision_top_k_per_day, ks_statistic)


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


def test_card_precision_top_k_is_the_literature_definition_by_hand():
    d1, d2, d3 = (pd.Timestamp(f"2026-01-0{i}", tz="UTC") for i in (1, 2, 3))
    days = pd.Series([d1] * 5 + [d2] * 4 + [d3] * 2)
    cards = pd.Series(["a", "a", "b", "c", "d", "a", "b", "c", "d", "a", "c"])
    y = np.array([0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0])
    s = np.array([0.9, 0.1, 0.8, 0.7, 0.2, 0.95, 0.9, 0.5, 0.6, 0.99, 0.1])
    # day 1, card max: a=0.9 (fraud via its other payment), b=0.8, c=0.7, d=0.2 (fraud); top 2 = a, b → 1/2;
    #   a is detected.
    # day 2: a is removed although it scores highest; b=0.9, d=0.6, c=0.5 (fraud); top 2 = b, d → 0/2.
    # day 3: a removed; c=0.1 only; top 2 = c (genuine) → 0/2 (the divisor stays k).
    per_day = card_precision_top_k_per_day(days, cards, y, s, k=2)
    assert per_day.tolist() == [0.5, 0.0, 0.0]
    assert card_precision_top_k(days, cards, y, s, k=2) == pytest.approx(0.5 / 3)
    # k=3: day 1 top = a, b, c → 1/3, a detected; day 2: b, d, c → c is fraud → 1/3, c detected; day 3: nothing
    assert card_precision_top_k_per_day(days, cards, y, s, k=3).tolist() == pytest.approx([1 / 3, 1 / 3, 0.0])


def test_ks_equals_scipy_and_names_its_score():
    rng = np.random.default_rng(5)
    y = rng.random(3000) < 0.05
    s = np.round(np.clip(rng.normal(0.3 + 0.3 * y, 0.15), 0, 1), 3)
    value, at = ks_statistic(y, s)
    assert value == pytest.approx(ks_2samp(s[y], s[~y]).statistic)
    # the gap at the reported score is the statistic itself
    assert abs(np.mean(s[~y] <= at) - np.mean(s[y] <= at)) == pytest.approx(value)


def test_bootstrap_interval_contains_the_estimate_and_is_seeded():
    rng = np.random.default_rng(9)
    y = rng.random(2000) < 0.1
    s = rng.random(2000) + 0.5 * y
    stat = lambda i: auc_roc(y[i], s[i])  # noqa: E731
    low, high = bootstrap_ci(stat, len(y), seed=1, n_boot=100)
    assert low < auc_roc(y, s) < high and high - low < 0.2
    assert bootstrap_ci(stat, len(y), seed=1, n_boot=100) == [low, high]


def test_brier_equals_scikit_learn():
    y, p = np.array([1, 0, 0, 1]), np.array([0.9, 0.2, 0.4, 0.3])
    assert brier(y, p) == pytest.approx(brier_score_loss(y, p))


def test_psi_formula_and_reference_bins_by_hand():
    # e = (0.5, 0.5), a = (0.25, 0.75): PSI = (0.25-0.5) ln(0.5) + (0.75-0.5) ln(1.5)
    assert stability.psi([0.5, 0.5], [0.25, 0.75]) == pytest.approx(-0.25 * np.log(0.5) + 0.25 * np.log(1.5))
    assert stability.psi([0.3, 0.7], [0.3, 0.7]) == 0.0
    ref = stability.reference(np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, np.nan], dtype=float))
    assert ref["missing_share"] == pytest.approx(1 / 11)
    assert sum(ref["shares"]) + ref["missing_share"] == pytest.approx(1.0)
    assert len(ref["shares"]) == len(ref["edges"]) + 1
    # a value equal to an edge falls in the bin that edge closes
    shares, _ = stability.shares_of(np.array(ref["edges"]), np.array([ref["edges"][0]]))
    assert shares[0] == 1.0
    same = stability.compare(ref, np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, np.nan]))
    assert same["psi"] == pytest.approx(0.0) and same["band"] == "stable"
    shifted = stability.compare(ref, np.full(50, 100.0))
    assert shifted["band"] == "significant"
    assert [stability.band(x) for x in (0.05, 0.1, 0.2, 0.25)] == ["stable", "moderate", "moderate", "significant"]


def test_at_threshold_counts_equal_scores_as_alerts():
    y = np.array([1, 0, 1, 0, 0])
    s = np.array([0.9, 0.6, 0.6, 0.2, 0.1])
    assert at_threshold(y, s, 0.6) == {"precision": 2 / 3, "recall": 1.0, "alert_rate": 3 / 5}
    assert at_threshold(y, s, 0.95) == {"precision": 0.0, "recall": 0.0, "alert_rate": 0.0}
