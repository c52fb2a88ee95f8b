"""LightGBM → ONNX with the interface the scorer expects, and a parity check.

Interface: input `input` float32 [N, n_features]; outputs `label` int64 [N] and
`probabilities` float32 [N, 2]. zipmap=False because onnxruntime-node needs plain
tensors, not a sequence of maps.

Why parity can fail and how it is prevented: LightGBM splits on `x <= t` with a double
threshold t (the midpoint between two training values), while the ONNX tree ensemble
stores float32 thresholds. The converter rounds t to the nearest float32, which can be
the float32 just above t: a row whose value equals that float32 then goes left in ONNX
and right in LightGBM, and its score jumps by a whole leaf value (0.0019 in the report
that led to this fix). The inputs are float32, and for a float32 x, `x <= t` holds exactly
when `x <= the largest float32 <= t`. So the thresholds are rounded *down* to float32
before conversion: ONNX and LightGBM then take the same branch for every float32 input.
"""

from __future__ import annotations

import copy
import re

import lightgbm as lgb
import numpy as np
import onnx
import onnxruntime as ort
from onnxmltools import convert_lightgbm
from onnxmltools.convert.common.data_types import FloatTensorType

TARGET_OPSET = 15
PARITY_TOLERANCE = 1e-5


class ParityError(RuntimeError):
    """ONNX and native LightGBM disagree: the exported model must not ship."""


def _round_down_to_float32(value: str) -> str:
    exact = float(value)
    f = np.float32(exact)  # nearest float32 (inf beyond its range)
    if float(f) > exact:
        f = np.nextafter(f, np.float32(-np.inf))
    return repr(float(f))


def float32_thresholds(model: lgb.LGBMClassifier) -> lgb.LGBMClassifier:
    """A copy whose split thresholds are float32 values, taking the same branches for float32 inputs."""
    text = model.booster_.model_to_string()
    if re.search(r"^num_cat=[1-9]", text, flags=re.M):
        raise ValueError("categorical splits are not supported by the ONNX export")
    rounded = re.sub(r"^threshold=(.*)$",
                     lambda m: "threshold=" + " ".join(_round_down_to_float32(v) for v in m.group(1).split()),
                     text, flags=re.M)
    # tree_sizes gives each tree's byte length, which the new numbers change; without it
    # LightGBM parses the trees one after the other.
    rounded = re.sub(r"^tree_sizes=.*\n", "", rounded, flags=re.M)
    clone = copy.deepcopy(model)
    clone._Booster = lgb.Booster(model_str=rounded)
    return clone


def to_onnx(model: lgb.LGBMClassifier, n_features: int) -> bytes:
    proto = convert_lightgbm(
        float32_thresholds(model),
        name="fraud_gbm",
        initial_types=[("input", FloatTensorType([None, n_features]))],
        zipmap=False,
        target_opset=TARGET_OPSET,
    )
    # The converter declares `label` as [1] and leaves the batch dim unnamed;
    # name it so that every output shares the batch dimension N.
    for value in [*proto.graph.input, *proto.graph.output]:
        dims = value.type.tensor_type.shape.dim
        dims[0].Clear()
        dims[0].dim_param = "N"
    # The converter collects opset imports in a set: their order (hence the bytes) would
    # change with Python's per-process hash seed. Sorted, the same model gives the same bytes.
    opsets = sorted(((o.domain, o.version) for o in proto.opset_import))
    del proto.opset_import[:]
    proto.opset_import.extend(onnx.helper.make_opsetid(domain, version) for domain, version in opsets)
    onnx.checker.check_model(proto, full_check=True)
    return proto.SerializeToString()


def onnx_scores(onnx_bytes: bytes, x: np.ndarray) -> np.ndarray:
    """Positive-class probabilities from onnxruntime, float32: what the scorer will see."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(onnx_bytes, options, providers=["CPUExecutionProvider"])
    _, probabilities = session.run(["label", "probabilities"], {"input": np.asarray(x, dtype=np.float32)})
    return probabilities[:, 1]


def check_parity(onnx_bytes: bytes, model: lgb.LGBMClassifier, x: np.ndarray) -> float:
    """Max |ONNX - native| of the positive-class probability; raises ParityError above 1e-5."""
    x = np.asarray(x, dtype=np.float32)  # what the scorer feeds the model
    native = model.booster_.predict(x)  # binary objective: the positive-class probability
    diff = np.abs(onnx_scores(onnx_bytes, x).astype(np.float64) - native) if len(x) else np.zeros(1)
    worst = float(np.max(diff))
    if not worst <= PARITY_TOLERANCE:
        row = int(np.argmax(diff))
        raise ParityError(
            f"ONNX vs native LightGBM differ by {worst:.3g} > {PARITY_TOLERANCE} (row {row} of the checked rows). "
            "This model must not ship. Split thresholds are already rounded to float32, so the usual cause is "
            "ruled out; check that the ONNX file was exported from this very model, that the features are finite "
            "float32 (no values beyond ±3.4e38), and the onnxmltools/lightgbm versions pinned in "
            "training/requirements.txt. Report it with the command and data fingerprint from the model card.")
    return worst
