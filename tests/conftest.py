import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def load_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def dev_docs():
    """The development set beside the checkout (../shared/corpora), or skip where it is absent."""
    corpora = SHARED / "corpora"
    if not corpora.is_dir():
        pytest.skip("../shared/corpora is not beside this checkout")
    return [d for f in sorted(corpora.glob("*.jsonl")) for d in load_jsonl(f)]
