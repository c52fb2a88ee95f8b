"""Stand-ins for the TypeScript simulate/extract CLIs, to test build_default_model.sh's wiring only.

    python fake_stages.py simulate --seed N --days D --cards C --terminals T --out DIR
    python fake_stages.py extract --transactions F --labels F --out features.csv
    python fake_stages.py describe          (prints {first synth feature: a sentence})
"""

import argparse
import json
import shutil
import tempfile
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import write_dataset  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("stage", choices=["simulate", "extract", "describe"])
parser.add_argument("--seed", type=int)
parser.add_argument("--days", type=int)
parser.add_argument("--cards", type=int)
parser.add_argument("--terminals", type=int)
parser.add_argument("--transactions", type=Path)
parser.add_argument("--labels", type=Path)
parser.add_argument("--out", type=Path)
args = parser.parse_args()
if args.stage == "describe":
    with tempfile.TemporaryDirectory() as tmp:  # synth names depend on the seed only; the build's default is 42
        names = write_dataset(Path(tmp), seed=42, rows=10)["names"]
    print(json.dumps({names[0]: "the first feature, described"}))
elif args.stage == "simulate":
    write_dataset(args.out, seed=args.seed, days=args.days, cards=args.cards)  # features.csv too, for extract
else:
    sim = args.transactions.parent
    shutil.copy(sim / "features.csv", args.out)
    shutil.copy(sim / "features.json", args.out.with_name("features.json"))
