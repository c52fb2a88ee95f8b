"""LightGBM → ONNX with the interface the scorer expects, and a parity check.

Interface: input `input` float32 [N, n_features]; outputs `label` int64 [N] and
`probabilities` float32 [N, 2]. zipmap=False because onnxruntime-node needs plain
tensors, not a sequence of maps.
"""

from __future__ import annotations

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


def to_onnx(model: lgb.LGBMClassifier, n_features: int) -> bytes:
    proto = convert_lightgbm(
        model,
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
    native = model.booster_.predict(x)  # binary objective: the positive-class probability
    worst = float(np.max(np.abs(onnx_scores(onnx_bytes, x).astype(np.float64) - native))) if len(x) else 0.0
    if not worst <= PARITY_TOLERANCE:
        raise ParityError(f"ONNX vs native LightGBM differ by {worst:.3g} > {PARITY_TOLERANCE}")
    return worst
