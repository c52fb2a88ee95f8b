"""A hand-weighted logistic model with the same ONNX interface as the LightGBM export.

For TypeScript tests that need a real model.onnx + model-card.json whose scores
they can predict exactly: p = sigmoid(bias + sum_i w_i * x_i).

    python -m fraudtrain.tiny_model --features-json F --weights a=0.5,b=-1 --bias -2 --out DIR

Graph contract (identical to the exported GBM):
  input          float32 [N, n_features]  columns in features.json order
  label          int64   [N]              1 when p > 0.5 (as argmax would, ties → 0)
  probabilities  float32 [N, 2]           [1 - p, p]
The bytes depend only on the arguments (no timestamps, fixed opset and IR version).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from fraudtrain import __version__
from fraudtrain.card import build_card, model_version, write_model_dir
from fraudtrain.feature_set import load_feature_set

OPSET = 15
IR_VERSION = 8  # the IR that goes with opset 15: loadable by any recent onnxruntime(-node)


def parse_pairs(text: str | None) -> dict[str, float]:
    """`a=0.5,b=-1` → {"a": 0.5, "b": -1.0}; empty or None → {}."""
    pairs: dict[str, float] = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        name, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"expected name=value, got {item!r}")
        pairs[name.strip()] = float(value)
    return pairs


def build_logistic_onnx(features: list[str], weights: dict[str, float], bias: float) -> bytes:
    unknown = sorted(set(weights) - set(features))
    if unknown:
        raise ValueError(f"weights for unknown features: {unknown}")
    w = np.array([[weights.get(name, 0.0)] for name in features], dtype=np.float32)
    inits = [
        numpy_helper.from_array(w, "w"),
        numpy_helper.from_array(np.array([bias], dtype=np.float32), "b"),
        numpy_helper.from_array(np.array([1.0], dtype=np.float32), "one"),
        numpy_helper.from_array(np.array([0.5], dtype=np.float32), "half"),
        numpy_helper.from_array(np.array([-1], dtype=np.int64), "flat"),
    ]
    nodes = [
        helper.make_node("MatMul", ["input", "w"], ["xw"]),
        helper.make_node("Add", ["xw", "b"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["p"]),
        helper.make_node("Sub", ["one", "p"], ["q"]),
        helper.make_node("Concat", ["q", "p"], ["probabilities"], axis=1),
        helper.make_node("Reshape", ["p", "flat"], ["p_flat"]),
        helper.make_node("Greater", ["p_flat", "half"], ["is_pos"]),
        helper.make_node("Cast", ["is_pos"], ["label"], to=TensorProto.INT64),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny_logistic",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", len(features)])],
        [
            helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2]),
        ],
        initializer=inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="fraudtrain.tiny_model",
        producer_version=__version__,
        ir_version=IR_VERSION,
    )
    onnx.checker.check_model(model, full_check=True)
    return model.SerializeToString()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m fraudtrain.tiny_model", description=__doc__.split("\n")[0])
    parser.add_argument("--features-json", required=True, type=Path)
    parser.add_argument("--weights", default="", help="name=w,name=w (unlisted features weigh 0)")
    parser.add_argument("--bias", type=float, default=0.0)
    parser.add_argument("--review", type=float, default=0.5)
    parser.add_argument("--decline", type=float, default=0.9)
    parser.add_argument("--reference-values", default="", help="name=v,... (unlisted features: 0)")
    parser.add_argument("--date", default="20260101", help="yyyymmdd in model_version (no wall clock)")
    parser.add_argument("--version-prefix", default="tiny")
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)

    feature_set = load_feature_set(args.features_json)
    features = list(feature_set.names)
    refs = parse_pairs(args.reference_values)
    unknown = sorted(set(refs) - set(features))
    if unknown:
        raise SystemExit(f"reference values for unknown features: {unknown}")
    onnx_bytes = build_logistic_onnx(features, parse_pairs(args.weights), args.bias)
    card = build_card(
        version=model_version(args.version_prefix, args.date, onnx_bytes),
        feature_set_version=feature_set.version,
        features=features,
        thresholds={"review": args.review, "decline": args.decline},
        threshold_policy={
            "review": {"mode": "fixed", "target": args.review},
            "decline": {"mode": "fixed", "target": args.decline},
        },
        reference_values={name: refs.get(name, 0.0) for name in features},
        training=None,
        validation=None,
        metrics={"validation": {}},
        fingerprint=None,
        seed=None,
    )
    write_model_dir(args.out, onnx_bytes, card)
    print(f"wrote {args.out}/model.onnx and model-card.json ({card['model_version']})")


if __name__ == "__main__":
    main()
