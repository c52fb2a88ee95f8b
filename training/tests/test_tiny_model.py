import json

import numpy as np
import onnxruntime as ort
import pytest

from fraudtrain.tiny_model import main, parse_pairs

FEATURES = ["amount_log", "card_tx_count_1h", "terminal_fraud_ratio_28d"]


def write_features_json(tmp_path):
    path = tmp_path / "features.json"
    path.write_text(json.dumps({"feature_set_version": "fs-test-1", "features": FEATURES}))
    return path


def build(tmp_path, name, extra=()):
    out = tmp_path / name
    args = ["--features-json", str(write_features_json(tmp_path)), "--weights",
            "amount_log=0.75,terminal_fraud_ratio_28d=-2.5", "--bias", "-1.25", "--out", str(out), *extra]
    main(args)
    return out


def test_scores_are_the_logistic_formula(tmp_path):
    out = build(tmp_path, "m")
    session = ort.InferenceSession(str(out / "model.onnx"))
    assert [i.name for i in session.get_inputs()] == ["input"]
    assert [o.name for o in session.get_outputs()] == ["label", "probabilities"]
    x = np.array([[0.0, 5.0, 0.0], [4.0, 100.0, 0.1], [-3.0, 0.0, 1.0]], dtype=np.float32)
    label, probs = session.run(None, {"input": x})
    # The middle feature has no weight: changing it must not move the score.
    expected = 1.0 / (1.0 + np.exp(-(-1.25 + 0.75 * x[:, 0] - 2.5 * x[:, 2])))
    assert probs.dtype == np.float32 and probs.shape == (3, 2)
    np.testing.assert_allclose(probs[:, 1], expected, atol=1e-6)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-6)
    assert label.dtype == np.int64 and label.tolist() == (expected > 0.5).astype(int).tolist()


def test_card_and_bytes_are_deterministic(tmp_path):
    a = build(tmp_path, "a", ["--review", "0.3", "--decline", "0.7", "--reference-values", "amount_log=3.5"])
    b = build(tmp_path, "b", ["--review", "0.3", "--decline", "0.7", "--reference-values", "amount_log=3.5"])
    assert (a / "model.onnx").read_bytes() == (b / "model.onnx").read_bytes()
    assert (a / "model-card.json").read_bytes() == (b / "model-card.json").read_bytes()
    card = json.loads((a / "model-card.json").read_text())
    assert card["schema"] == "fraud-model-card/1"
    assert card["features"] == FEATURES
    assert card["feature_set_version"] == "fs-test-1"
    assert card["thresholds"] == {"review": 0.3, "decline": 0.7}
    assert card["reference_values"] == {"amount_log": 3.5, "card_tx_count_1h": 0.0, "terminal_fraud_ratio_28d": 0.0}
    assert card["onnx"] == {"input": "input", "probabilities_output": "probabilities", "positive_class_index": 1}
    assert card["model_version"].startswith("tiny-20260101-") and len(card["model_version"].split("-")[2]) == 8


def test_rejects_unknown_weight(tmp_path):
    with pytest.raises(ValueError, match="unknown features"):
        main(["--features-json", str(write_features_json(tmp_path)), "--weights", "nope=1", "--out", str(tmp_path / "x")])


def test_parse_pairs():
    assert parse_pairs("a=1, b=-2.5,") == {"a": 1.0, "b": -2.5}
    assert parse_pairs(None) == {}


def test_card_json_turns_nan_into_null():
    from fraudtrain.card import card_json
    assert json.loads(card_json({"metrics": {"auc_roc": float("nan"), "ap": [0.5, float("nan")]}})) == {
        "metrics": {"auc_roc": None, "ap": [0.5, None]}}
