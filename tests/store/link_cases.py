"""The corpus-as-reports builders of tests/link (`analyses_of`, `gold_reports`, `make_report`),
loaded from their file: the test folders are packages of their own, so `tests/link` cannot be
imported from here by name."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("link_cases", Path(__file__).parents[1] / "link" / "cases.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_cases = _load()
analyses_of = _cases.analyses_of
gold_reports = _cases.gold_reports
make_report = _cases.make_report
