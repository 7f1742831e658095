"""Two question folds over the 24 built-in questions (alternate names in sorted order)."""
from paths import EVAL

QUESTIONS = sorted(p.stem for p in (EVAL / "corpus").glob("*.jsonl"))
FOLDS = [QUESTIONS[0::2], QUESTIONS[1::2]]
