"""Where the research scripts find the repository, the data and their cache."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EVAL = ROOT / "eval"
CACHE = HERE / "cache"
CACHE.mkdir(exist_ok=True)
for p in (str(HERE), str(ROOT / "src")):
    if p not in sys.path:
        sys.path.insert(0, p)
