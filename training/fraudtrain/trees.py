"""The LightGBM trees behind model.onnx, written beside it for exact TreeSHAP in the scorer.

Format: LightGBM's own text model (`Booster.model_to_string`, what `save_model` writes), named
by the card's `trees_file`. Chosen over `dump_model()` JSON because it carries everything
path-dependent TreeSHAP needs (split_feature, threshold as a round-trip double, decision_type =
default_left + missing type, children, leaf_value, and the covers internal_count / leaf_count
that ONNX drops) and LightGBM loads it back: the very file the scorer reads is checked here,
and in the tests, with LightGBM's own predict and pred_contrib.

Checks before the file is written (TreesError: a tree file that disagrees never ships):
  - loaded back, it gives the trained booster's raw scores (max |diff| <= 1e-9);
  - its probabilities equal the ONNX model's within the export parity tolerance;
  - LightGBM's pred_contrib on it sums to its raw score.
"""

from __future__ import annotations

from pathlib import Path

import lightgbm as lgb
import numpy as np

from fraudtrain import export

TREES_FILE = "model.lgb.txt"
SAME_TREES_TOLERANCE = 1e-9


class TreesError(RuntimeError):
    """The tree file does not describe the exported model."""


def check_trees(text: str, model: lgb.LGBMClassifier, onnx_bytes: bytes, x: np.ndarray) -> dict[str, float]:
    """Max differences of the tree file against the booster (raw), ONNX (probability) and its own SHAP sums."""
    loaded = lgb.Booster(model_str=text)
    x64 = np.asarray(x, dtype=np.float64)
    raw = loaded.predict(x64, raw_score=True)
    booster_gap = float(np.max(np.abs(raw - model.booster_.predict(x64, raw_score=True)))) if len(x) else 0.0
    if not booster_gap <= SAME_TREES_TOLERANCE:
        raise TreesError(f"{TREES_FILE} loaded back differs from the trained booster by {booster_gap:.3g} (raw score)")
    probability = 1.0 / (1.0 + np.exp(-raw))
    onnx_gap = (
        float(np.max(np.abs(export.onnx_scores(onnx_bytes, x64).astype(np.float64) - probability))) if len(x) else 0.0
    )
    if not onnx_gap <= export.PARITY_TOLERANCE:
        raise TreesError(
            f"{TREES_FILE} and model.onnx differ by {onnx_gap:.3g} > {export.PARITY_TOLERANCE} in probability: "
            "the ONNX export no longer describes these trees; fix the export before shipping either"
        )
    contrib = loaded.predict(x64, pred_contrib=True)
    shap_gap = float(np.max(np.abs(contrib.sum(axis=1) - raw))) if len(x) else 0.0
    if not shap_gap <= SAME_TREES_TOLERANCE:
        raise TreesError(f"pred_contrib of {TREES_FILE} does not sum to its raw score (off by {shap_gap:.3g})")
    return {"booster_raw": booster_gap, "onnx_probability": onnx_gap, "shap_sum": shap_gap}


def write_trees(out_dir: Path, model: lgb.LGBMClassifier, onnx_bytes: bytes, x: np.ndarray) -> str:
    """Checks, then writes the tree file into out_dir; returns its name for the card's trees_file."""
    text = model.booster_.model_to_string()
    check_trees(text, model, onnx_bytes, x)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / TREES_FILE).write_text(text, encoding="utf-8")
    return TREES_FILE
