"""The model card contract shared with the TypeScript scorer (schema fraud-model-card/1).

The scorer reads the card next to model.onnx to learn the feature order, the
ONNX tensor names, the thresholds and the reference values used to explain
alerts. Key order is fixed here so that the same inputs give the same bytes;
nothing in the card depends on the wall clock.
"""

from __future__ import annotations

import hashlib
import json
import math
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

SCHEMA = "fraud-model-card/1"
MODEL_FILE = "model.onnx"
CARD_FILE = "model-card.json"
ONNX_IO = {"input": "input", "probabilities_output": "probabilities", "positive_class_index": 1}
LIBRARIES = ("lightgbm", "onnxmltools", "onnx", "onnxruntime", "numpy", "pandas", "scikit-learn", "scipy",
             "matplotlib")
NATIVE_FILE = "model.lgb.txt"  # the exported trees in LightGBM's text format (SHAP, audits)
REPORT_FILE = "report.html"


def model_version(prefix: str, yyyymmdd: str, onnx_bytes: bytes) -> str:
    """`<prefix>-<yyyymmdd>-<8 hex>`: the date is a data date (never "now"), the hash pins the bytes."""
    return f"{prefix}-{yyyymmdd}-{hashlib.sha256(onnx_bytes).hexdigest()[:8]}"


def data_fingerprint(*paths: Path) -> str:
    """sha256 over the bytes of the given files, in order: proves which data a model saw."""
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return f"sha256:{digest.hexdigest()}"


def library_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def build_card(
    *,
    version: str,
    feature_set_version: str,
    features: list[str],
    thresholds: dict[str, float],
    threshold_policy: dict[str, dict[str, Any]],
    reference_values: dict[str, float],
    training: dict[str, Any] | None,
    validation: dict[str, Any] | None,
    metrics: dict[str, Any],
    fingerprint: str | None,
    seed: int | None,
    feature_descriptions: dict[str, str] | None = None,
    calibration: dict[str, Any] | None = None,
    reference_distributions: dict[str, Any] | None = None,
    windows: dict[str, Any] | None = None,
    hyperparameters: dict[str, Any] | None = None,
    reproducibility: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`validation` is the validation report's JSON (out-of-time window); the windows are in `windows`."""
    if thresholds["decline"] < thresholds["review"]:
        raise ValueError("decline threshold must be >= review threshold")
    return {
        "schema": SCHEMA,
        "model_version": version,
        "model_file": MODEL_FILE,
        "feature_set_version": feature_set_version,
        "features": list(features),
        "feature_descriptions": feature_descriptions,
        "onnx": dict(ONNX_IO),
        "thresholds": {"review": float(thresholds["review"]), "decline": float(thresholds["decline"])},
        "threshold_policy": threshold_policy,
        # The scorer decides on the raw model score; a calibration map, when present, is for
        # consumers who want a probability and is not applied by the scorer.
        "decision_score": "raw",
        "scores_calibrated": False,
        "calibration": calibration,
        "reference_values": {name: float(reference_values[name]) for name in features},
        "reference_distributions": reference_distributions,
        "windows": windows,
        "training": training,
        "hyperparameters": hyperparameters,
        "metrics": metrics,
        "validation": validation,
        "data_fingerprint": fingerprint,
        "libraries": library_versions(),
        "seed": seed,
        "reproducibility": reproducibility,
    }


def _json_safe(value: Any) -> Any:
    """NaN (e.g. AUC with one class) is not JSON: JSON.parse in the scorer would reject the card."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def card_json(card: dict[str, Any]) -> str:
    return json.dumps(_json_safe(card), indent=2, allow_nan=False) + "\n"


def write_model_dir(out_dir: Path, onnx_bytes: bytes, card: dict[str, Any]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MODEL_FILE).write_bytes(onnx_bytes)
    (out_dir / CARD_FILE).write_text(card_json(card), encoding="utf-8")
