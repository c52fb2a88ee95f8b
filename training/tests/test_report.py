"""The validation report's numbers against independent recomputation (scikit-learn, scipy, LightGBM)."""

import json

import lightgbm as lgb
import numpy as np
import pandas as pd
import pytest
from scipy.stats import ks_2samp
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from fraudtrain import calibration, cli, data, export, report, stability
from fraudtrain.card import NATIVE_FILE
from synth import write_dataset

SECTION_IDS = list(report.SECTIONS)


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    ds = write_dataset(tmp_path_factory.mktemp("synth"), seed=11)
    d, out = ds["dir"], tmp_path_factory.mktemp("model")
    cli.main(["train", "--features", str(d / "features.csv"), "--labels", str(d / "labels.csv"),
              "--truth", str(d / "truth.csv"), "--transactions", str(d / "transactions.csv"),
              "--valid-days", "7", "--gap-days", "5", "--test-days", "10", "--warmup-days", "2",
              "--search-trials", "2", "--bootstrap", "80", "--out", str(out)])
    return d, out, json.loads((out / "model-card.json").read_text())


def rows_of(d, card, window):
    rows = data.load_features(d / "features.csv", tuple(card["features"]))
    w = card["windows"][window]
    t = rows["event_time"]
    return rows[(t >= pd.Timestamp(w["from"])) & (t < pd.Timestamp(w["to"]))].reset_index(drop=True)


@pytest.fixture(scope="module")
def oot(model):
    d, out, card = model
    rows = rows_of(d, card, "out_of_time")
    y = data.targets(rows["transaction_id"], data.truth_ids(data.load_truth(d / "truth.csv"))).astype(bool)
    x = data.matrix(rows, tuple(card["features"]))
    return rows, x, y, export.onnx_scores((out / "model.onnx").read_bytes(), x)


def test_discrimination_equals_scikit_learn_and_scipy(model, oot):
    _, _, card = model
    _, _, y, s = oot
    d = card["validation"]["discrimination"]
    assert d["auc_roc"]["value"] == pytest.approx(roc_auc_score(y, s), abs=1e-12)
    assert d["gini"]["value"] == pytest.approx(2 * roc_auc_score(y, s) - 1, abs=1e-12)
    assert d["average_precision"]["value"] == pytest.approx(average_precision_score(y, s), abs=1e-12)
    assert d["ks"]["value"] == pytest.approx(ks_2samp(s[y], s[~y]).statistic, abs=1e-12)
    for name in ("auc_roc", "gini", "ks", "average_precision", "card_precision_top_100"):
        low, high = d[name]["ci95"]
        assert low <= d[name]["value"] <= high, name
    assert card["validation"]["window"]["rows"] == len(y) and card["validation"]["window"]["positives"] == y.sum()


def test_threshold_table_and_calibration(model, oot):
    d, _, card = model
    rows, _, y, s = oot
    v = card["validation"]
    amounts = pd.read_csv(d / "transactions.csv").set_index("transaction_id")["amount_minor"]
    amounts = amounts.reindex(rows["transaction_id"]).to_numpy(dtype=float)
    for row in v["thresholds"]:
        alert = s >= row["threshold"]
        assert row["alert_rate"] == pytest.approx(alert.mean())
        assert row["recall"] == pytest.approx((alert & y).sum() / y.sum())
        assert row["value_caught"] == pytest.approx(amounts[alert & y].sum() / amounts[y].sum())
    assert {"review", "decline"} <= {r["label"] for r in v["thresholds"]}
    cal = card["calibration"]
    assert cal["method"] == "isotonic"
    m = cal["piecewise_linear"]
    assert np.all(np.diff(m["x"]) >= 0) and np.all(np.diff(m["y"]) >= 0)  # monotone: never reorders scores
    p = calibration.apply(cal, s)
    assert v["calibration"]["brier_raw"] == pytest.approx(brier_score_loss(y, s))
    assert v["calibration"]["brier_calibrated"] == pytest.approx(brier_score_loss(y, p))
    assert v["calibration"]["brier_calibrated"] < v["calibration"]["brier_raw"]  # class weighting overstates fraud


def test_platt_calibration_is_monotone():
    rng = np.random.default_rng(2)
    y = rng.random(3000) < 0.05
    s = np.clip(rng.normal(0.4 + 0.4 * y, 0.15), 0, 1)
    cal = calibration.fit("platt", y, s)
    grid = np.linspace(0, 1, 500)
    assert np.all(np.diff(calibration.apply(cal, grid)) >= 0)
    assert cal["platt"]["a"] > 0


def test_stability_against_training_references(model, oot):
    d, out, card = model
    _, x, _, s = oot
    train_rows = rows_of(d, card, "training")
    x_train = data.matrix(train_rows, tuple(card["features"]))
    refs = card["reference_distributions"]
    for i, name in enumerate(card["features"]):
        expected = stability.reference(x_train[:, i])
        assert refs["features"][name] == pytest.approx(expected)
        psi = card["validation"]["stability"]["features"][name]["psi"]
        assert psi == pytest.approx(stability.compare(expected, x[:, i])["psi"])
    s_train = export.onnx_scores((out / "model.onnx").read_bytes(), x_train)
    assert card["validation"]["stability"]["score"]["psi"] == pytest.approx(
        stability.compare(stability.reference(s_train), s)["psi"])


def test_segments_count_every_row(model, oot):
    _, _, card = model
    _, _, y, _ = oot
    seg = card["validation"]["segments"]
    assert set(seg["dimensions"]) == {"channel", "country", "merchant_category", "amount_band", "card_age"}
    for values in seg["dimensions"].values():
        assert sum(m["rows"] for m in values.values()) == len(y)
        assert sum(m["frauds"] for m in values.values()) == y.sum()
    assert set(seg["dimensions"]["channel"]) == {"pos", "ecom"}


def test_shap_from_pred_contrib(model, oot):
    _, out, card = model
    _, x, _, s = oot
    booster = lgb.Booster(model_file=str(out / NATIVE_FILE))
    contrib = booster.predict(x, pred_contrib=True)
    raw = booster.predict(x, raw_score=True)
    np.testing.assert_allclose(contrib.sum(axis=1), raw, atol=1e-9)
    np.testing.assert_allclose(1 / (1 + np.exp(-raw)), s, atol=1e-5)  # the native file is the exported model
    e = card["validation"]["explainability"]
    assert list(e["mean_abs_shap"])[:10] == e["top_features"]
    shap_rows = booster.predict(x, pred_contrib=True)  # the report samples at most 4,000 rows; here all fit
    assert len(x) <= 4000 and e["rows"] == len(x)
    assert list(e["mean_abs_shap"].values()) == pytest.approx(
        sorted(np.abs(shap_rows[:, :-1]).mean(axis=0), reverse=True))
    values = list(e["mean_abs_shap"].values())
    assert values == sorted(values, reverse=True)
    assert e["top_features"][0] in card["features"][:2]  # the planted signal


def test_report_html_has_every_section_and_figure(model):
    _, out, _ = model
    html = (out / "report.html").read_text()
    for sid in SECTION_IDS:
        assert f'<section id="{sid}">' in html
    for fig in ("roc", "precision_recall", "ks", "score_distribution", "reliability", "psi", "shap_importance",
                "shap_summary", "card_precision_per_day"):
        assert f'data-figure="{fig}"' in html
    assert "http://" not in html and "https://" not in html and "<script" not in html  # opens offline


def test_report_command_rebuilds_the_same_numbers_and_plugs_in_attributes(model, oot, tmp_path):
    d, out, card = model
    rows, _, _, _ = oot
    attrs = tmp_path / "attributes.csv"
    pd.DataFrame({"transaction_id": rows["transaction_id"],
                  "age_band": np.where(np.arange(len(rows)) % 2, "18-30", "31+")}).to_csv(attrs, index=False)
    w = card["windows"]["out_of_time"]
    cli.main(["report", "--model-dir", str(out), "--features", str(d / "features.csv"), "--truth",
              str(d / "truth.csv"), "--transactions", str(d / "transactions.csv"), "--attributes", str(attrs),
              "--from", w["from"], "--to", w["to"], "--bootstrap", "80", "--out", str(tmp_path / "r"),
              "--export-figures", str(tmp_path / "figs")])
    v = json.loads((tmp_path / "r" / "validation.json").read_text())
    assert v["discrimination"] == card["validation"]["discrimination"]
    assert v["thresholds"] == card["validation"]["thresholds"]
    assert v["stability"] == card["validation"]["stability"]
    assert "attribute:age_band" in v["segments"]["dimensions"]
    assert v["segments"]["dimensions"]["channel"] == card["validation"]["segments"]["dimensions"]["channel"]
    assert '<section id="segments">' in (tmp_path / "r" / "report.html").read_text()
    roc = (tmp_path / "figs" / "roc.png").read_bytes()
    assert roc.startswith(b"\x89PNG") and (tmp_path / "figs" / "shap_importance.png").exists()
