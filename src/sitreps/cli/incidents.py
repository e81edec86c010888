"""Commands about incidents: list them, show one with its sources, tally them, export, relink.

Every command asks `store.queries` (or `store.export`, `link.cluster`) one question and renders
the answer; the `--json` of a listing is `queries.incident_row_to_json`, the same shape the web
API returns, so a script and a page never disagree about an incident.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table
from rich.text import Text

from ..model import AttackType, Range, Status, Target
from ..settings import load_settings
from .app import AsJson, Db, Verbose, app, err, opened, out, print_json

if TYPE_CHECKING:
    from ..store.queries import IncidentDetail, IncidentFilter, IncidentRow, ReportDetail, TallySummary

# The choices of `store.queries` and `store.export`, spelt out so that `--help` needs neither
# the database layer nor pyarrow (a test checks they match).
TallyKey = Literal["week", "month", "admin1", "attack_type", "target", "group", "status"]
Sort = Literal["date", "-date", "killed", "-killed", "sources", "-sources"]
Format = Literal["csv", "geojson", "jsonl", "parquet"]

# Options shared by every command that selects incidents (typer has no option groups).
DateFrom = Annotated[
    datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="First day, YYYY-MM-DD.")
]
DateTo = Annotated[datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day, YYYY-MM-DD.")]
Admin1 = Annotated[str | None, typer.Option("--admin1", "--governorate", help="Governorate, e.g. Basra.")]
TypeOption = Annotated[AttackType | None, typer.Option("--type", case_sensitive=False, help="Attack type.")]
TargetOption = Annotated[Target | None, typer.Option("--target", case_sensitive=False)]
Group = Annotated[str | None, typer.Option("--group", help="Claiming group, by any of its names.")]
StatusOption = Annotated[Status | None, typer.Option("--status", case_sensitive=False)]
Search = Annotated[
    str | None, typer.Option("--text", help="Words in the place, a claimant or a source article.")
]

EVIDENCE_CONTEXT = 90  # characters shown on each side of an evidence span in a long line
INCIDENT_COLUMNS = (
    "id",
    "date",
    "governorate",
    "type",
    "target",
    "status",
    "claimed by",
    "killed",
    "sources",
)


def _filter(
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    admin1: str | None = None,
    attack_type: AttackType | None = None,
    target: Target | None = None,
    group: str | None = None,
    status: Status | None = None,
    text: str | None = None,
) -> IncidentFilter:
    from ..store.queries import IncidentFilter

    return IncidentFilter(
        date_from=date_from.date() if date_from else None,
        date_to=date_to.date() if date_to else None,
        admin1=admin1,
        attack_type=attack_type,
        target=target,
        group=group,
        status=status,
        text=text,
    )


@app.command()
def incidents(
    db: Db = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    admin1: Admin1 = None,
    attack_type: TypeOption = None,
    target: TargetOption = None,
    group: Group = None,
    status: StatusOption = None,
    text: Search = None,
    sort: Annotated[Sort, typer.Option(help="Order; a leading - reverses it.")] = "date",
    limit: Annotated[int, typer.Option(help="Most incidents shown; 0 for all.")] = 100,
    as_json: AsJson = False,
    verbose: Verbose = False,
) -> None:
    """List incidents, oldest first: merged date, place, type, target, status and sources."""
    from ..store.queries import count_incidents, incident_row_to_json, list_incidents

    filt = _filter(date_from, date_to, admin1, attack_type, target, group, status, text)
    with opened(load_settings(db=db)) as store:
        rows = list_incidents(store, filt, limit=limit or None, sort=sort)
        total = count_incidents(store, filt)
    if as_json:
        print_json([incident_row_to_json(row) for row in rows])
    else:
        out.print(incidents_table(rows, f"{len(rows)} of {total} incidents"))


@app.command()
def incident(
    key: Annotated[str, typer.Argument(metavar="ID", help="Incident id, or a unique start of it.")],
    db: Db = None,
    as_json: AsJson = False,
    verbose: Verbose = False,
) -> None:
    """Show one incident: merged fields and their rules, every source, every disagreement, and
    the lines of each article that the fields were read from."""
    from ..store.queries import incident_detail, incident_detail_to_json

    with opened(load_settings(db=db)) as store:
        detail = incident_detail(store, key)
    if as_json:
        print_json(incident_detail_to_json(detail))
        return
    out.print(_merged_table(detail))
    out.print(_sources_table(detail))
    if detail.incident.disagreements:
        out.print(_disagreements_table(detail))
    for report in detail.reports:
        out.print(_evidence_table(report))


@app.command()
def tally(
    by: Annotated[
        TallyKey | None, typer.Option(help="Count per this key (default: month; none with --weeks).")
    ] = None,
    weeks: Annotated[
        int | None, typer.Option(min=1, help="Only the N weeks up to --before, and list them.")
    ] = None,
    before: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Last day of the --weeks window (default: today)."),
    ] = None,
    db: Db = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    admin1: Admin1 = None,
    attack_type: TypeOption = None,
    target: TargetOption = None,
    group: Group = None,
    status: StatusOption = None,
    text: Search = None,
    as_json: AsJson = False,
    verbose: Verbose = False,
) -> None:
    """Count incidents per week, month, governorate, attack type, target, group or status; with
    --weeks N, count those of the N weeks up to --before and say which they are."""
    from ..store.queries import tally_summary, tally_to_json

    if before and weeks is None:
        raise typer.BadParameter("--before needs --weeks", param_hint="--before")
    filt = _filter(date_from, date_to, admin1, attack_type, target, group, status, text)
    end = before.date() if before else date.today()
    with opened(load_settings(db=db)) as store:
        summary = tally_summary(store, by or (None if weeks else "month"), filt, end, weeks)
    if as_json:
        print_json(tally_to_json(summary))
        return
    if summary.by:
        out.print(_tally_table(summary))
    if summary.window:
        days = f"{summary.window[0]} to {summary.window[1]}"
        out.print(incidents_table(summary.incidents, f"{summary.total} incidents from {days}"))


@app.command("export")
def export_cmd(
    fmt: Annotated[Format, typer.Option("--format", help="What to write.")],
    output: Annotated[
        str, typer.Option("--out", "-o", help="File to write; - for stdout (not for parquet).")
    ] = "-",
    db: Db = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    admin1: Admin1 = None,
    attack_type: TypeOption = None,
    target: TargetOption = None,
    group: Group = None,
    status: StatusOption = None,
    text: Search = None,
    verbose: Verbose = False,
) -> None:
    """Write incidents as ACLED-style CSV, GeoJSON points, JSONL with evidence, or Parquet."""
    from ..geo.gazetteer import load_gazetteer
    from ..store.export import export

    if fmt == "parquet" and output == "-":
        raise typer.BadParameter("parquet is binary; give a file with --out", param_hint="--out")
    filt = _filter(date_from, date_to, admin1, attack_type, target, group, status, text)
    destination = sys.stdout.buffer if output == "-" else Path(output)
    with opened(load_settings(db=db)) as store:
        written = export(store, fmt, destination, filt, centroid=load_gazetteer().governorate_point)
    sys.stdout.flush()
    err.print(f"exported {written} incidents as {fmt}" + ("" if output == "-" else f" to {output}"))


@app.command()
def relink(db: Db = None, verbose: Verbose = False) -> None:
    """Forget every incident and link all stored reports again (after the rules or data change)."""
    from ..geo.gazetteer import load_gazetteer
    from ..link.cluster import relink as relink_all

    with opened(load_settings(db=db)) as store:
        summary = relink_all(store, load_gazetteer())
        total = store.counts()["incidents"]
    out.print(f"reports linked {summary.reports_linked} · incidents {total}")


# -- rendering ----------------------------------------------------------------------------------


def short_id(incident_id: str) -> str:
    """Enough of the id to find it again (`sitreps incident` takes a unique start)."""
    return incident_id.removeprefix("inc-")[:8]


def incidents_table(rows: Sequence[IncidentRow], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in INCIDENT_COLUMNS:
        table.add_column(column, overflow="fold")
    for row in rows:
        i, place = row.incident, row.incident.place.value
        table.add_row(
            short_id(i.id),
            str(i.date.value) if i.date.value else "?",
            (place.admin1 or place.name) if place else "?",
            str(i.attack_type.value or "?"),
            str(i.target.value or "?"),
            str(i.status),
            "; ".join(i.claimed_by),
            _toll(i.killed),
            ", ".join(row.sources),
        )
    return table


def _toll(toll: Range) -> str:
    if toll.best is None:
        return ""
    return str(toll.best) if toll.low == toll.high else f"{toll.best} ({toll.low}–{toll.high})"


def _tally_table(summary: TallySummary) -> Table:
    key = summary.by or ""
    table = Table(key, "incidents", title=f"Incidents by {key}", title_justify="left")
    for value, n in summary.counts:
        table.add_row(value or "—", str(n))
    table.add_section()
    table.add_row("incidents", str(summary.total))  # fewer than the sum when groups claim jointly
    return table


def _merged_table(detail: IncidentDetail) -> Table:
    i, names = detail.incident, _report_names(detail)
    table = Table("field", "value", "from", "rule", title=f"Incident {i.id}", title_justify="left")
    for field in ("date", "place", "attack_type", "target"):
        merged = getattr(i, field)
        value = merged.value.name if field == "place" and merged.value else merged.value
        table.add_row(
            field,
            str(value if value is not None else "?"),
            ", ".join(names[r] for r in merged.report_ids),
            merged.rule,
        )
    place = i.place.value
    table.add_row("governorate", f"{place.admin1 or '?'}, {place.country}" if place else "?", "", "")
    table.add_row("status", str(i.status), "", "")
    table.add_row("claimed by", "; ".join(i.claimed_by), "", "")
    table.add_row("denied by", "; ".join(i.denied_by), "", "")
    table.add_row("killed", _toll(i.killed), "", "low / best / high over the figures sources give")
    table.add_row("injured", _toll(i.injured), "", "")
    return table


def _report_names(detail: IncidentDetail) -> dict[str, str]:
    """How a report is named in tables: its article's outlet, and its role when not the news."""
    return {
        r.report.id: r.article.name + ("" if r.report.role == "main" else f" ({r.report.role})")
        for r in detail.reports
    }


def _sources_table(detail: IncidentDetail) -> Table:
    table = Table(
        "article", "role", "outlet", "published", "title", "url", title="Sources", title_justify="left"
    )
    for r in detail.reports:
        a = r.article
        published = a.published.isoformat() if a.published else "—"
        table.add_row(
            a.external_id or a.id[:10], r.report.role, a.name, published, a.title or "—", a.url or a.source
        )
    return table


def _disagreements_table(detail: IncidentDetail) -> Table:
    names = _report_names(detail)
    table = Table("field", "sources say", title="Where sources disagree", title_justify="left")
    for d in detail.incident.disagreements:
        table.add_row(d.field, "; ".join(f"{names.get(rid, rid)}: {value}" for rid, value in d.values))
    return table


def _evidence_table(report: ReportDetail) -> Table:
    """The lines of the article that hold evidence, spans in bold, with the fields they support."""
    title = f"Evidence in {report.article.name} ({report.report.role}, report {report.report.id})"
    table = Table("fields", "line", title=title, title_justify="left", show_lines=True)
    text = report.article.text
    lines: dict[int, list[tuple[int, int, str]]] = {}
    for e in report.evidence:
        lines.setdefault(text.rfind("\n", 0, e.start) + 1, []).append((e.start, e.end, e.field))
    for line_start, spans in sorted(lines.items()):
        fields = ", ".join(dict.fromkeys(field for _, _, field in spans))
        table.add_row(fields, _highlighted_line(text, line_start, spans))
    return table


def _highlighted_line(text: str, line_start: int, spans: Sequence[tuple[int, int, str]]) -> Text:
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    first, last = min(s for s, _, _ in spans), max(e for _, e, _ in spans)
    start = max(line_start, first - EVIDENCE_CONTEXT)
    end = min(line_end, last + EVIDENCE_CONTEXT)
    shown = Text(("…" if start > line_start else "") + text[start:end] + ("…" if end < line_end else ""))
    offset = start - (1 if start > line_start else 0)
    for span_start, span_end, _ in spans:
        shown.stylize("bold yellow", span_start - offset, min(span_end, end) - offset)
    return shown
