import numpy as np
import pytest

from fraudtrain.metrics import at_threshold
from fraudtrain.thresholds import Policy, choose, choose_pair


@pytest.fixture
def scored():
    rng = np.random.default_rng(11)
    y = rng.random(20000) < 0.02
    s = np.clip(rng.normal(0.2 + 0.5 * y, 0.15), 0, 1).astype(np.float32)
    return y, s


def test_alert_rate_target_is_hit_without_exceeding(scored):
    y, s = scored
    t, met = choose(Policy("alert-rate", 0.01), y, s)
    rate = at_threshold(y, s, t)["alert_rate"]
    assert met and rate <= 0.01
    # lowest such threshold: the next lower distinct score would exceed the target
    lower = s[s < t].max()
    assert at_threshold(y, s, lower)["alert_rate"] > 0.01


def test_precision_target_is_hit_with_most_recall(scored):
    y, s = scored
    t, met = choose(Policy("precision", 0.9), y, s)
    assert met and at_threshold(y, s, t)["precision"] >= 0.9
    # every lower candidate threshold misses the precision target
    for lower in np.unique(s[s < t])[-200:]:
        assert at_threshold(y, s, lower)["precision"] < 0.9


def test_unreachable_target_never_fires():
    y = np.array([0, 0, 0, 1])
    s = np.array([0.9, 0.8, 0.7, 0.1], dtype=np.float32)
    t, met = choose(Policy("precision", 0.9), y, s)
    assert not met and at_threshold(y, s, t)["alert_rate"] == 0.0


def test_decline_is_never_below_review(scored):
    y, s = scored
    pair = choose_pair(Policy("alert-rate", 0.01), Policy("alert-rate", 0.05), y, s)
    assert pair["decline"] == pair["review"]
    pair = choose_pair(Policy("alert-rate", 0.01), Policy("alert-rate", 0.002), y, s)
    assert pair["decline"] > pair["review"]


def test_policy_rejects_bad_input():
    with pytest.raises(ValueError):
        Policy("top-k", 0.1)
    with pytest.raises(ValueError):
        Policy("precision", 0)
