import json

import numpy as np
import onnxruntime as ort
import pandas as pd
import pytest

from fraudtrain import cli, data, export, train
from fraudtrain.card import card_json
from fraudtrain.metrics import at_threshold
from synth import write_dataset

CARD_KEYS = ["schema", "model_version", "model_file", "feature_set_version", "features", "feature_descriptions",
             "onnx", "thresholds", "threshold_policy", "decision_score", "scores_calibrated", "calibration",
             "reference_values", "reference_distributions", "windows", "training", "hyperparameters", "metrics",
             "validation", "data_fingerprint", "libraries", "seed", "reproducibility", "trees_file"]
TRAIN_ARGS = ["--valid-days", "7", "--gap-days", "5", "--test-days", "10", "--warmup-days", "2", "--search-trials", "3",
              "--bootstrap", "60"]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("synth"))


def config(ds, out, **overrides):
    d = ds["dir"]
    base = dict(features=d / "features.csv", features_json=d / "features.json", labels=d / "labels.csv",
                truth=d / "truth.csv", out=out, gap_days=5, valid_days=7, test_days=10, warmup_days=2,
                search_trials=3, bootstrap=60)
    base.update(overrides)
    return cli.TrainConfig(**base)


@pytest.fixture(scope="module")
def trained(dataset, tmp_path_factory):
    out = tmp_path_factory.mktemp("model")
    cli.main(["train", "--features", str(dataset["dir"] / "features.csv"), "--labels",
              str(dataset["dir"] / "labels.csv"), "--truth", str(dataset["dir"] / "truth.csv"), *TRAIN_ARGS,
              "--recorded-command", "the test", "--out", str(out)])
    return out, json.loads((out / "model-card.json").read_text())


def window_rows(dataset, card, window="out_of_time"):
    rows = data.load_features(dataset["dir"] / "features.csv", tuple(card["features"]))
    t, w = rows["event_time"], card["windows"][window]
    return rows[(t >= pd.Timestamp(w["from"])) & (t < pd.Timestamp(w["to"]))]


def validation_rows(dataset, card):
    """Out-of-time rows and their ground truth."""
    rows = window_rows(dataset, card)
    truth = data.truth_ids(data.load_truth(dataset["dir"] / "truth.csv"))
    return data.matrix(rows, tuple(card["features"])), data.targets(rows["transaction_id"], truth)


def test_card_has_every_key_in_order(trained, dataset):
    out, card = trained
    assert list(card) == CARD_KEYS
    assert card["features"] == dataset["names"]
    assert list(card["reference_values"]) == dataset["names"]
    assert card["onnx"] == {"input": "input", "probabilities_output": "probabilities", "positive_class_index": 1}
    w = card["windows"]
    assert w["out_of_time"]["truth"] == "truth.csv" and card["validation"]["window"]["truth"] == "truth.csv"
    assert w["training"]["positives"] > 0 and card["seed"] == 42
    assert card["data_fingerprint"].startswith("sha256:") and len(card["data_fingerprint"]) == 71
    assert set(card["metrics"]["out_of_time"]) == {"auc_roc", "gini", "ks", "average_precision",
                                                  "card_precision_top_100", "review", "decline"}
    assert {"python", "lightgbm", "onnxmltools", "onnx", "onnxruntime", "numpy"} <= set(card["libraries"])
    assert card["model_version"].startswith("gbm-") and card["model_version"].split("-")[1].isdigit()
    assert w["training"]["to"] == w["validation"]["from"]
    assert pd.Timestamp(w["label_cutoff"]) - pd.Timestamp(w["validation"]["to"]) == pd.Timedelta(days=5)
    assert w["label_cutoff"] == w["out_of_time"]["from"]
    assert card["decision_score"] == "raw" and card["scores_calibrated"] is False
    assert card["reproducibility"]["command"] == "the test"


def test_model_learns_the_planted_signal(trained):
    _, card = trained
    m = card["metrics"]["out_of_time"]
    assert m["auc_roc"] > 0.85
    assert m["average_precision"] > 0.2
    assert 0 < m["card_precision_top_100"] <= 1


def test_onnx_interface_and_thresholds_hit_their_targets(trained, dataset):
    out, card = trained
    session = ort.InferenceSession(str(out / "model.onnx"))
    assert [i.name for i in session.get_inputs()] == ["input"]
    assert session.get_inputs()[0].shape[1] == len(card["features"])
    assert [o.name for o in session.get_outputs()] == ["label", "probabilities"]
    x, y = validation_rows(dataset, card)
    label, probs = session.run(None, {"input": x})
    assert label.shape == (len(x),) and probs.shape == (len(x), 2)
    s = probs[:, 1]
    review, decline = card["thresholds"]["review"], card["thresholds"]["decline"]
    assert decline >= review
    assert at_threshold(y, s, review) == pytest.approx(card["metrics"]["out_of_time"]["review"])
    # thresholds are chosen on the validation window, against the labels known at the cut-off
    rows = window_rows(dataset, card, "validation")
    labels = data.load_labels(dataset["dir"] / "labels.csv")
    known = data.fraud_known_at(labels, pd.Timestamp(card["windows"]["label_cutoff"]))
    y_valid = data.targets(rows["transaction_id"], known)
    s_valid = session.run(None, {"input": data.matrix(rows, tuple(card["features"]))})[1][:, 1]
    assert at_threshold(y_valid, s_valid, review)["alert_rate"] <= 0.01
    if decline <= s_valid.max():  # the precision target was reachable
        assert at_threshold(y_valid, s_valid, decline)["precision"] >= 0.9


def test_training_is_deterministic(dataset, trained, tmp_path):
    out, card = trained
    trained = cli.run(config(dataset, tmp_path, command="the test"))
    onnx_bytes, card_again = trained.onnx_bytes, json.loads(card_json(trained.card))
    assert onnx_bytes == (out / "model.onnx").read_bytes()
    assert card_again == card
    x, _ = validation_rows(dataset, card)
    np.testing.assert_array_equal(export.onnx_scores(onnx_bytes, x), export.onnx_scores((out / "model.onnx").read_bytes(), x))


def test_onnx_matches_native_and_parity_check_fails_loudly(dataset, trained):
    _, card = trained
    x, y = validation_rows(dataset, card)
    model = train.fit(x, y, train.params_for(y, seed=1, overrides={"n_estimators": 40}))
    onnx_bytes = export.to_onnx(model, x.shape[1])
    assert export.check_parity(onnx_bytes, model, x) <= 1e-5
    other = train.fit(x, y, train.params_for(y, seed=2, overrides={"n_estimators": 5}))
    with pytest.raises(export.ParityError):
        export.check_parity(onnx_bytes, other, x)


def test_reference_values_are_training_medians(dataset, trained):
    _, card = trained
    rows = window_rows(dataset, card, "training")
    assert len(rows) == card["training"]["rows"]
    for name in card["features"]:
        assert card["reference_values"][name] == pytest.approx(float(np.median(rows[name])), abs=1e-6)
