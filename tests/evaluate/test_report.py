from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from rich.console import Console

from sitreps.evaluate import Scores, render_table, score, to_json
from sitreps.model import Role

from .events import exact, gold_event, predicted_event

README = Path(__file__).parents[1] / "data" / "corpus" / "README.md"


def readme_example() -> dict[str, Any]:
    """The JSON object the README promises, read from the README itself."""
    block = re.search(r"```json\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert block, "the README lost its JSON example"
    example: dict[str, Any] = json.loads(block.group(1))
    return example


def a_run() -> Scores:
    gold = {
        "a": [gold_event(), gold_event(incident="I2", role=Role.BACKGROUND)],
        "b": [],
        "c": [gold_event()],
    }
    predicted = {"a": [predicted_event(killed=0)], "b": [predicted_event(country="KW", admin1=None)], "c": []}
    return score(gold, predicted, exact)


def test_json_keys_are_exactly_the_readmes() -> None:
    promised, produced = readme_example(), to_json(a_run())
    assert set(produced) == set(promised)
    assert set(produced["detection"]) == set(promised["detection"])
    for role in promised["detection"]:
        assert set(produced["detection"][role]) == set(promised["detection"][role])
    assert set(produced["fields"]) == set(promised["fields"])
    assert set(produced["fields_n"]) == set(promised["fields"])  # the README abbreviates with "..."
    assert set(produced["dedup"]) == set(promised["dedup"])


def test_counts_are_integers_and_figures_ratios_or_null() -> None:
    report = to_json(a_run())
    assert json.loads(json.dumps(report)) == report
    counts = [report["articles"], report["predicted_events"], *report["fields_n"].values()]
    counts += [report["dedup"]["predicted_incidents"], report["dedup"]["gold_incidents"]]
    counts += [prf[k] for prf in report["detection"].values() for k in ("tp", "fp", "fn")]
    assert all(type(n) is int for n in counts)
    ratios = [*report["fields"].values(), *(report["dedup"][k] for k in ("precision", "recall", "f1"))]
    ratios += [prf[k] for prf in report["detection"].values() for k in ("precision", "recall", "f1")]
    assert all(r is None or (type(r) is float and 0.0 <= r <= 1.0) for r in ratios)
    assert report["fields"]["killed"] == 0.0 and report["detection"]["background"]["precision"] is None


def test_table_shows_every_section_and_the_set_aside_events() -> None:
    console = Console(record=True, width=120, color_system=None)
    console.print(render_table(a_run()))
    text = console.export_text()
    for words in ("Detection", "Fields of matched main events", "Deduplication", "claimed_by", "background"):
        assert words in text
    assert "3 articles, 2 predicted events (1 outside Iraq, set aside)" in text
    assert "0.500" in text  # main recall: one of two gold main events found
    assert "—" in text  # background precision: nothing predicted
