import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SCRIPT = HERE.parent / "build_default_model.sh"


def run_build(out: Path, hash_seed: str) -> dict:
    fake = f"{sys.executable} {HERE / 'fake_stages.py'}"
    env = {**os.environ, "SIMULATE": f"{fake} simulate", "EXTRACT": f"{fake} extract",
           "DESCRIBE": f"{fake} describe", "OUT": str(out),
           "DAYS": "40", "CARDS": "300", "WARMUP_DAYS": "2", "VALID_DAYS": "7", "TEST_DAYS": "10",
           "GAP_DAYS": "5", "SEARCH_TRIALS": "2",
           # different hash seeds: set/dict ordering must not leak into the model bytes
           "PYTHONHASHSEED": hash_seed, "FIGURES": str(out.parent / f"figs-{hash_seed}")}
    done = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout
    return json.loads((out / "model-card.json").read_text())


def test_build_script_wires_the_stages_and_is_reproducible(tmp_path):
    a = run_build(tmp_path / "a", "1")
    b = run_build(tmp_path / "b", "2")
    assert (tmp_path / "a" / "model.onnx").read_bytes() == (tmp_path / "b" / "model.onnx").read_bytes()
    assert a == b
    assert a["seed"] == 42 and a["validation"]["window"]["truth"] == "truth.csv"
    on = "validation window, ground truth (--truth; simulation only)"
    assert a["threshold_policy"] == {"review": {"mode": "alert-rate", "target": 0.01, "chosen_on": on},
                                     "decline": {"mode": "precision", "target": 0.9, "chosen_on": on}}
    assert a["reproducibility"]["command"].endswith("training/build_default_model.sh")
    assert "SEED=42 DAYS=40" in a["reproducibility"]["command"]
    assert set(a["validation"]["segments"]["dimensions"]) == {"channel", "country", "merchant_category",
                                                             "amount_band", "card_age"}
    assert a["feature_descriptions"] == {a["features"][0]: "the first feature, described"}
    assert (tmp_path / "figs-1" / "roc.png").read_bytes() == (tmp_path / "figs-2" / "roc.png").read_bytes()
    assert sorted(p.name for p in (tmp_path / "figs-1").iterdir()) == ["roc.png", "shap_importance.png"]
    html = (tmp_path / "a" / "report.html").read_text()
    assert "the first feature, described" in html
    assert html == (tmp_path / "b" / "report.html").read_text()  # the report is reproducible too
