"""What `import sitreps` promises. Changing this list is an API change: do it on purpose."""

from __future__ import annotations

import subprocess
import sys

import pytest

import sitreps

PUBLIC = [
    "Analysis",
    "Article",
    "Failure",
    "Incident",
    "Place",
    "Report",
    "Settings",
    "Span",
    "analyse",
    "load_settings",
    "open_store",
    "run",
]
NEEDS_PIPELINE = {"analyse", "run"}  # import the extractor and the gazetteer, written elsewhere


def pipeline_importable() -> bool:
    try:
        import sitreps.pipeline  # noqa: F401
    except ImportError:
        return False
    return True


def test_all_is_pinned() -> None:
    assert sorted(sitreps.__all__) == PUBLIC


@pytest.mark.parametrize("name", sorted(set(PUBLIC) - NEEDS_PIPELINE))
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(sitreps, name) is not None
    assert name in dir(sitreps)


@pytest.mark.skipif(not pipeline_importable(), reason="the analysis pipeline is not all written yet")
@pytest.mark.parametrize("name", sorted(NEEDS_PIPELINE))
def test_pipeline_names_resolve(name: str) -> None:
    assert callable(getattr(sitreps, name))


def test_public_names_are_the_library_objects() -> None:
    from sitreps.model import Article
    from sitreps.store.store import open_store

    assert sitreps.Article is Article
    assert sitreps.open_store is open_store


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        sitreps.no_such_thing  # noqa: B018


def test_import_is_lazy() -> None:
    """`import sitreps` must not pull in the database layer or the pipeline (worker processes
    and tools that only need the types would pay for them)."""
    probe = "import sys, sitreps; print(sorted(m for m in ('sqlalchemy', 'sitreps.pipeline') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_version_is_a_string() -> None:
    assert isinstance(sitreps.__version__, str) and sitreps.__version__
