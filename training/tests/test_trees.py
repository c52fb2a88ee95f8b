import numpy as np
import pytest

from fraudtrain import export, train, trees


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3000, 5)).astype(np.float32).astype(np.float64)
    x[rng.random(3000) < 0.05, 2] = np.nan
    y = ((x[:, 0] + x[:, 1] * np.nan_to_num(x[:, 2]) + rng.normal(size=3000)) > 1.5).astype(int)
    model = train.fit(x, y, train.params_for(y, 3, {"n_estimators": 20, "num_leaves": 7, "min_child_samples": 20}))
    return model, export.to_onnx(model, 5), x


def test_writes_the_booster_text_and_names_it(fitted, tmp_path):
    model, onnx_bytes, x = fitted
    name = trees.write_trees(tmp_path, model, onnx_bytes, x)
    assert name == trees.TREES_FILE == "model.lgb.txt"
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert text == model.booster_.model_to_string()
    gaps = trees.check_trees(text, model, onnx_bytes, x)
    assert gaps["booster_raw"] == 0 and gaps["onnx_probability"] <= export.PARITY_TOLERANCE


def test_refuses_trees_that_are_not_the_exported_model(fitted, tmp_path):
    model, onnx_bytes, x = fitted
    text = model.booster_.model_to_string()
    # Another leaf value in the first tree: the file no longer describes the model.
    start = text.index("leaf_value=") + len("leaf_value=")
    first = text[start:].split()[0]
    tampered = text[:start] + str(float(first) + 0.5) + text[start + len(first):]
    with pytest.raises(trees.TreesError, match="differs from the trained booster"):
        trees.check_trees(tampered, model, onnx_bytes, x)
    assert not (tmp_path / trees.TREES_FILE).exists()
