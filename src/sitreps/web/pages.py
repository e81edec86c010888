"""The dashboard: one HTML page; the scripts it loads fetch everything else from the API.

The page carries no data and no inline script or style: the choices for the filters are
rendered into the form by Jinja (autoescaped), the tile server's address travels in a `data-`
attribute, and the scripts read their state from the URL, so every view has a permalink.
"""

from __future__ import annotations

import csv
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from ..model import AttackType, Status, Target
from ..resources import data_path
from ..store.queries import SORTS
from .app import WEB_DIR, AppState, app_state

router = APIRouter(include_in_schema=False)

SORT_LABELS = {
    "date": "oldest first",
    "-date": "newest first",
    "-killed": "most killed",
    "killed": "fewest killed",
    "-sources": "most sources",
    "sources": "fewest sources",
}


@cache
def templates() -> Environment:
    return Environment(loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=True, auto_reload=False)


@cache
def governorates() -> tuple[str, ...]:
    """Iraq's governorates by their canonical names (the spelling incidents are stored with)."""
    with data_path("gazetteer", "governorates.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return tuple(sorted(row["canonical"] for row in rows))


@router.get("/", response_class=HTMLResponse)
def dashboard(state: Annotated[AppState, Depends(app_state)]) -> HTMLResponse:
    html = (
        templates()
        .get_template("dashboard.html")
        .render(
            attack_types=[t.value for t in AttackType],
            targets=[t.value for t in Target],
            statuses=[s.value for s in Status],
            sorts=[(key, SORT_LABELS.get(key, key)) for key in SORTS],
            governorates=governorates(),
            tiles_url=state.web.tiles_url,
            tiles_attribution=state.web.tiles_attribution,
        )
    )
    return HTMLResponse(html)
