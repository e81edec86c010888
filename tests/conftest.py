"""The few fixtures every test folder uses (spaCy's rule: file-specific ones live in their file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
CORPORA = DATA / "corpus"  # copies of the annotated corpora: tests read only files inside the repo


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed_records() -> list[dict]:
    return read_jsonl(CORPORA / "seeds" / "corpus.jsonl")


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, dict]:
    return {g["id"]: g for g in read_jsonl(CORPORA / "seeds" / "gold.jsonl")}
