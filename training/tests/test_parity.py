"""ONNX vs LightGBM parity: the float32-threshold failure, reproduced with the plain converter, and fixed."""

import lightgbm as lgb
import numpy as np
import pytest
from onnxmltools import convert_lightgbm
from onnxmltools.convert.common.data_types import FloatTensorType

from fraudtrain import export


def adjacent_float32_split():
    """A split between two adjacent float32 values a < b whose double midpoint rounds *up* to b.

    a has an odd last mantissa bit, so round-to-nearest-even sends the midpoint to b: the plain
    converter stores threshold b, and ONNX sends x == b left while LightGBM sends it right."""
    a = np.nextafter(np.float32(1.0), np.float32(2.0))
    b = np.nextafter(a, np.float32(2.0))
    assert np.float32((float(a) + float(b)) / 2) == b
    rng = np.random.default_rng(0)
    first = np.where(rng.random(400) < 0.5, a, b).astype(np.float32)
    x = np.column_stack([first, rng.normal(size=400).astype(np.float32)])
    y = (first == b).astype(int)
    params = dict(n_estimators=5, min_child_samples=5, verbose=-1, deterministic=True, force_row_wise=True,
                  num_threads=1, random_state=1)
    return x, y, lgb.LGBMClassifier(**params).fit(x, y)


def test_plain_conversion_reproduces_the_old_parity_failure():
    x, _, model = adjacent_float32_split()
    plain = convert_lightgbm(model, initial_types=[("input", FloatTensorType([None, 2]))], zipmap=False,
                             target_opset=export.TARGET_OPSET).SerializeToString()
    with pytest.raises(export.ParityError, match="differ by") as err:
        export.check_parity(plain, model, x)
    assert "must not ship" in str(err.value) and "requirements.txt" in str(err.value)  # says what to do


def test_export_rounds_thresholds_down_and_holds_parity():
    x, _, model = adjacent_float32_split()
    assert export.check_parity(export.to_onnx(model, 2), model, x) <= export.PARITY_TOLERANCE
    rounded = export.float32_thresholds(model)
    np.testing.assert_array_equal(rounded.booster_.predict(x, raw_score=True),
                                  model.booster_.predict(x, raw_score=True))


def test_parity_on_random_float32_data_with_many_near_ties():
    rng = np.random.default_rng(4)
    # values on a coarse float32 grid: many splits fall between adjacent representable values
    x = (np.round(rng.normal(size=(3000, 4)) * 1e4) / 1e4).astype(np.float32)
    x[:, 1] = np.nextafter(np.float32(1000.0), np.float32(2000.0)) + rng.integers(0, 40, 3000) * np.float32(6.1e-05)
    y = (x[:, 0] + 0.01 * (x[:, 1] - 1000) + rng.normal(scale=0.5, size=3000) > 1).astype(int)
    model = lgb.LGBMClassifier(n_estimators=60, num_leaves=31, min_child_samples=3, verbose=-1, deterministic=True,
                               force_row_wise=True, num_threads=1).fit(x, y)
    assert export.check_parity(export.to_onnx(model, 4), model, x) <= export.PARITY_TOLERANCE
