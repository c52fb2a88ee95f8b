"""The training CLI's windows: set independently, refused with a clear message when they overlap or leak."""

import json

import pandas as pd
import pytest

from fraudtrain import cli
from synth import write_dataset


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("synth"), seed=3)


def train(ds, out, *flags):
    d = ds["dir"]
    cli.main(["train", "--features", str(d / "features.csv"), "--labels", str(d / "labels.csv"),
              "--search-trials", "1", "--bootstrap", "20", "--out", str(out), *flags])


@pytest.mark.parametrize(("flags", "message"), [
    (["--train-from", "2026-01-03", "--train-to", "2026-01-20", "--valid-from", "2026-01-15"],
     "overlaps validation"),
    (["--valid-to", "2026-01-30", "--test-from", "2026-01-28", "--label-cutoff", "2026-01-28"],
     "overlaps the out-of-time test"),
    (["--label-cutoff", "2026-02-05", "--test-from", "2026-02-01"], "labels learnt during the test would leak"),
    (["--valid-to", "2026-01-25", "--label-cutoff", "2026-01-20", "--test-from", "2026-02-01"],
     "before the validation window ends"),
    (["--train-from", "2026-01-10", "--train-to", "2026-01-10"], "training window"),
    (["--test-from", "2026-03-01", "--test-to", "2026-03-10", "--label-cutoff", "2026-01-30"],
     "no rows of"),
    (["--train-from", "yesterday-ish"], "not an ISO-8601 time"),
    (["--validation-labels", "truth"], "--validation-labels truth needs --truth"),
])
def test_leaking_or_overlapping_windows_are_refused(ds, tmp_path, capsys, flags, message):
    with pytest.raises(SystemExit) as exit_info:
        train(ds, tmp_path, *flags)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "error:" in err
    assert not (tmp_path / "model.onnx").exists()


def test_a_published_protocol_is_expressible(ds, tmp_path):
    """Train on a window ending on a date, a 7-day label delay, test a later week from its own file."""
    d = ds["dir"]
    rows = pd.read_csv(d / "features.csv")
    later = rows[rows["event_time"] >= "2026-02-01"]
    test_file = tmp_path / "test-week.csv"
    later.to_csv(test_file, index=False)
    (tmp_path / "features.json").write_text((d / "features.json").read_text())
    train(ds, tmp_path / "m", "--train-from", "2026-01-02", "--train-to", "2026-01-17",
          "--valid-from", "2026-01-17", "--valid-to", "2026-01-24", "--label-cutoff", "2026-01-31",
          "--test-features", str(test_file), "--test-from", "2026-02-01", "--test-to", "2026-02-08",
          "--truth", str(d / "truth.csv"))
    card = json.loads((tmp_path / "m" / "model-card.json").read_text())
    w = card["windows"]
    assert (w["training"]["from"], w["training"]["to"]) == ("2026-01-02T00:00:00.000Z", "2026-01-17T00:00:00.000Z")
    assert w["label_cutoff"] == "2026-01-31T00:00:00.000Z"
    assert (w["out_of_time"]["from"], w["out_of_time"]["to"]) == ("2026-02-01T00:00:00.000Z",
                                                                  "2026-02-08T00:00:00.000Z")
    in_week = later[(later["event_time"] < "2026-02-08")]
    assert w["out_of_time"]["rows"] == len(in_week)
    assert card["validation"]["window"]["source"] == "test-week.csv"
