"""Every question the store answers beyond plain reads, under the one name callers import.

The questions live in modules of their own; this one gathers their public names so that
`from sitreps.store.queries import ...` keeps working wherever it is written:

- `filters`: which incidents (`IncidentFilter`, its SQL condition, sorts, date windows);
- `search`: the text part of a filter, answered from a full-text index;
- `listing`: incidents as lists and exports show them, with their sources, and their JSON;
- `detail`: one incident with its reports, articles and evidence;
- `tallies`: counts per period, place, type, group or status;
- `linking`: the linker's questions (reports in a window, incidents near some places);
- `reading`: the connection every question reads through.
"""

from __future__ import annotations

from .detail import (
    Evidence,
    IncidentDetail,
    ReportDetail,
    SourceArticle,
    incident_detail,
    incident_detail_to_json,
    resolve_incident_id,
)
from .filters import (
    SORTS,
    IncidentFilter,
    QueryError,
    count_incidents,
    count_window,
    find_incidents,
    in_window,
    incident_condition,
    incident_order,
    window_dates,
)
from .linking import (
    incident_members,
    incidents_dated_near,
    linked_undated_whereabouts,
    reports_by_id,
    reports_in_window,
    undated_reports_of_articles,
)
from .listing import (
    IncidentRow,
    article_sources,
    incident_row_to_json,
    incidents_of_articles,
    list_incidents,
    reports_of_incidents,
    source_name,
    with_sources,
)
from .reading import reading
from .tallies import TALLY_KEYS, TallySummary, period_key, tally, tally_summary, tally_to_json

__all__ = [
    "SORTS",
    "TALLY_KEYS",
    "Evidence",
    "IncidentDetail",
    "IncidentFilter",
    "IncidentRow",
    "QueryError",
    "ReportDetail",
    "SourceArticle",
    "TallySummary",
    "article_sources",
    "count_incidents",
    "count_window",
    "find_incidents",
    "in_window",
    "incident_condition",
    "incident_detail",
    "incident_detail_to_json",
    "incident_members",
    "incident_order",
    "incident_row_to_json",
    "incidents_dated_near",
    "incidents_of_articles",
    "linked_undated_whereabouts",
    "list_incidents",
    "period_key",
    "reading",
    "reports_by_id",
    "reports_in_window",
    "reports_of_incidents",
    "resolve_incident_id",
    "source_name",
    "tally",
    "tally_summary",
    "tally_to_json",
    "undated_reports_of_articles",
    "window_dates",
    "with_sources",
]
