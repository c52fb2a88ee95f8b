"""Trains a small model on synthetic data and writes its directory (model + card + report.html).

    python training/tests/make_report.py OUT_DIR

For the browser test (test/training/report-browser.test.ts): a real report, fast.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
from synth import write_dataset  # noqa: E402

from fraudtrain import cli  # noqa: E402

out = Path(sys.argv[1])
d = write_dataset(out / "data", seed=5)["dir"]
cli.main(["train", "--features", str(d / "features.csv"), "--labels", str(d / "labels.csv"),
          "--truth", str(d / "truth.csv"), "--transactions", str(d / "transactions.csv"),
          "--valid-days", "7", "--gap-days", "5", "--test-days", "10", "--warmup-days", "2",
          "--search-trials", "2", "--bootstrap", "50", "--out", str(out / "model")])
