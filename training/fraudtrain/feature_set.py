"""Reads the features.json sidecar written by the TypeScript feature extractor.

Contract: {"feature_set_version": str, "features": [ordered names],
"descriptions"?: {name: sentence}}. The order is the ONNX input column order; training
never reorders it. Descriptions are optional; the model documentation quotes them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FeatureSet:
    version: str
    names: tuple[str, ...]
    descriptions: dict[str, str] | None = None


def load_feature_set(path: Path) -> FeatureSet:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    version = raw.get("feature_set_version")
    names = raw.get("features")
    if not isinstance(version, str) or not version:
        raise ValueError(f"{path}: feature_set_version must be a non-empty string")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
        raise ValueError(f"{path}: features must be a non-empty list of names")
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: duplicate feature names")
    descriptions = raw.get("descriptions")
    if descriptions is not None and not (
            isinstance(descriptions, dict) and all(isinstance(v, str) for v in descriptions.values())):
        raise ValueError(f"{path}: descriptions must map feature names to sentences")
    return FeatureSet(version=version, names=tuple(names), descriptions=descriptions)
