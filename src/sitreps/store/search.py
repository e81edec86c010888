"""Text search over incidents (`IncidentFilter.text`) that reads an index, not every article.

What a search means is the `LIKE` it replaces (`like_text_condition`, still used where no index
can help): an incident matches when the needle, case-folded, is a substring of `lower()` of its
governorate or claimants, or of the place text, title or body of an article that reports it.
`lower()` folds ASCII letters only, on SQLite (no ICU) as on PostgreSQL in the C locale, so
that is the case-insensitivity users get on both; the index reproduces it exactly.

SQLite: three contentless FTS5 tables with the `trigram` tokenizer hold the `lower()`ed text of
the articles that have reports (their title and body), of the reports (their place text) and of
the incidents (governorate, claimants), under the rowid of their row; `search_links` says which
incident each report's row and article's row belong to. Triggers on the source tables keep all
four in step with every write, so `Store.add`, `save_incidents`, `clear_incidents` and a
re-link need no code of their own, and a database written by bulk inserts (the benchmarks) is
indexed too. A trigram phrase matches exactly where its text is a substring; the trigram
tokenizer runs case-sensitively over text already `lower()`ed, hence the same answers as the
`LIKE`. Needles of fewer than three characters have no trigram and fall back to the `LIKE`.

The index refers to rows by rowid. The three source tables have no INTEGER PRIMARY KEY, but each
has indexes, and SQLite's VACUUM keeps the rowids of such tables (it copies their b-trees as
they are); a copy that renumbers rows (`.dump` without `--preserve-rowids`) must be followed by
`rebuild_text_search`. Incidents must be deleted with their `incident_reports` rows first (the
foreign key the store turns on asks for it), and never replaced with `INSERT OR REPLACE`, whose
implicit delete fires no trigger.

A count over a search's matches (the timeline, the map, the tallies) reads a few flat columns of
every match, which the store copies under each incident's rowid (`copied.py`): on SQLite it is
asked with `copied_text_condition`, one narrow row read per match.

PostgreSQL: `pg_trgm` GIN indexes on the same `lower(...)` expressions let the `LIKE` itself
use an index (`EXPLAIN` shows bitmap index scans). Without the extension the search still
works, by scanning; that is logged once.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import sqlalchemy as sa

from . import copied
from .schema import articles, incident_reports, incidents, reports

log = logging.getLogger(__name__)

#: Shorter needles have no trigram: the FTS index cannot answer them.
TRIGRAM = 3
_TOKENIZER = "trigram case_sensitive 1"  # over lower()ed text: exactly the LIKE's matches

# -- SQLite: the index and the triggers that keep it ----------------------------------------

_FTS_TABLES = {
    "search_articles": ("title", "text"),  # articles that have at least one report
    "search_reports": ("location_text",),  # reports that have a place text
    "search_incidents": ("admin1", "claimed_by"),
}

_SQLITE_TABLES = [
    *(
        f"CREATE VIRTUAL TABLE {name} USING fts5({', '.join(columns)}, content='', columnsize=0, "
        f"tokenize='{_TOKENIZER}')"
        for name, columns in _FTS_TABLES.items()
    ),
    # Which incident a report's row, and its article's row, belong to: the one step from an FTS
    # hit to an incident, without reading the wide reports or incidents rows.
    """CREATE TABLE search_links (
        report_rowid INTEGER NOT NULL,
        article_rowid INTEGER NOT NULL,
        incident_rowid INTEGER NOT NULL,
        PRIMARY KEY (report_rowid, incident_rowid)
    ) WITHOUT ROWID""",
    "CREATE INDEX ix_search_links_article ON search_links (article_rowid, incident_rowid)",
]

# Contentless FTS5 rows are removed with the 'delete' command and the values they were indexed
# with, so each pair of statements below writes and deletes exactly the same lower()ed values.
_INDEX_ARTICLE = """INSERT INTO search_articles(rowid, title, text)
    SELECT a.rowid, lower(a.title), lower(a.text) FROM articles a WHERE a.id = {row}.article_id
    AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.article_id = {row}.article_id AND r.rowid <> {row}.rowid)"""
_UNINDEX_ARTICLE = """INSERT INTO search_articles(search_articles, rowid, title, text)
    SELECT 'delete', a.rowid, lower(a.title), lower(a.text) FROM articles a WHERE a.id = {row}.article_id
    AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.article_id = {row}.article_id)"""
_INDEX_REPORT = """INSERT INTO search_reports(rowid, location_text)
    SELECT {row}.rowid, lower({row}.location_text) WHERE {row}.location_text IS NOT NULL"""
_UNINDEX_REPORT = """INSERT INTO search_reports(search_reports, rowid, location_text)
    SELECT 'delete', {row}.rowid, lower({row}.location_text) WHERE {row}.location_text IS NOT NULL"""
_INDEX_INCIDENT = """INSERT INTO search_incidents(rowid, admin1, claimed_by)
    SELECT {row}.rowid, lower({row}.admin1), lower({row}.claimed_by)
    WHERE coalesce({row}.admin1, {row}.claimed_by) IS NOT NULL"""
_UNINDEX_INCIDENT = """INSERT INTO search_incidents(search_incidents, rowid, admin1, claimed_by)
    SELECT 'delete', {row}.rowid, lower({row}.admin1), lower({row}.claimed_by)
    WHERE coalesce({row}.admin1, {row}.claimed_by) IS NOT NULL"""
_LINK = """INSERT OR IGNORE INTO search_links(report_rowid, article_rowid, incident_rowid)
    SELECT r.rowid, a.rowid, i.rowid FROM reports r, articles a, incidents i
    WHERE r.id = {row}.report_id AND a.id = r.article_id AND i.id = {row}.incident_id"""
_UNLINK = """DELETE FROM search_links
    WHERE report_rowid = (SELECT rowid FROM reports WHERE id = {row}.report_id)
    AND incident_rowid = (SELECT rowid FROM incidents WHERE id = {row}.incident_id)"""
# An article indexed under its first report stays indexed until its last report goes; a report
# moved to another article (no code does it) takes its links along.
_MOVE_REPORT = """UPDATE search_links SET article_rowid = (SELECT rowid FROM articles WHERE id = new.article_id)
    WHERE report_rowid = new.rowid"""


def _trigger(name: str, event: str, *steps: str, when: str | None = None) -> str:
    condition = f" WHEN {when}" if when else ""
    body = "".join(f"    {step};\n" for step in steps)
    return f"CREATE TRIGGER {name} {event}{condition} BEGIN\n{body}END"


def _old(statement: str) -> str:
    return statement.format(row="old")


def _new(statement: str) -> str:
    return statement.format(row="new")


_MOVED = "old.article_id IS NOT new.article_id"
_SQLITE_TRIGGERS = {
    "search_reports_insert": _trigger(
        "search_reports_insert", "AFTER INSERT ON reports", _new(_INDEX_REPORT), _new(_INDEX_ARTICLE)
    ),
    "search_reports_delete": _trigger(
        "search_reports_delete", "AFTER DELETE ON reports", _old(_UNINDEX_REPORT), _old(_UNINDEX_ARTICLE)
    ),
    "search_reports_update": _trigger(
        "search_reports_update",
        "AFTER UPDATE OF location_text ON reports",
        _old(_UNINDEX_REPORT),
        _new(_INDEX_REPORT),
    ),
    "search_reports_move": _trigger(
        "search_reports_move",
        "AFTER UPDATE OF article_id ON reports",
        _old(_UNINDEX_ARTICLE),
        _new(_INDEX_ARTICLE),
        _MOVE_REPORT,
        when=_MOVED,
    ),
    "search_articles_update": _trigger(
        "search_articles_update",
        "AFTER UPDATE OF title, text ON articles",
        "INSERT INTO search_articles(search_articles, rowid, title, text) "
        "VALUES ('delete', old.rowid, lower(old.title), lower(old.text))",
        "INSERT INTO search_articles(rowid, title, text) VALUES (new.rowid, lower(new.title), lower(new.text))",
        when="EXISTS (SELECT 1 FROM reports r WHERE r.article_id = new.id)",
    ),
    "search_incidents_insert": _trigger(
        "search_incidents_insert", "AFTER INSERT ON incidents", _new(_INDEX_INCIDENT)
    ),
    "search_incidents_delete": _trigger(
        "search_incidents_delete", "AFTER DELETE ON incidents", _old(_UNINDEX_INCIDENT)
    ),
    "search_incidents_update": _trigger(
        "search_incidents_update",
        "AFTER UPDATE OF admin1, claimed_by ON incidents",
        _old(_UNINDEX_INCIDENT),
        _new(_INDEX_INCIDENT),
    ),
    "search_links_insert": _trigger("search_links_insert", "AFTER INSERT ON incident_reports", _new(_LINK)),
    "search_links_delete": _trigger("search_links_delete", "AFTER DELETE ON incident_reports", _old(_UNLINK)),
    "search_links_update": _trigger(
        "search_links_update", "AFTER UPDATE ON incident_reports", _old(_UNLINK), _new(_LINK)
    ),
}

#: Everything already stored, indexed as the triggers would have indexed it.
_SQLITE_BACKFILL = (
    """INSERT INTO search_articles(rowid, title, text) SELECT rowid, lower(title), lower(text) FROM articles a
    WHERE EXISTS (SELECT 1 FROM reports r WHERE r.article_id = a.id)""",
    """INSERT INTO search_reports(rowid, location_text) SELECT rowid, lower(location_text) FROM reports
    WHERE location_text IS NOT NULL""",
    """INSERT INTO search_incidents(rowid, admin1, claimed_by) SELECT rowid, lower(admin1), lower(claimed_by)
    FROM incidents WHERE coalesce(admin1, claimed_by) IS NOT NULL""",
    """INSERT OR IGNORE INTO search_links(report_rowid, article_rowid, incident_rowid)
    SELECT r.rowid, a.rowid, i.rowid FROM incident_reports ir JOIN reports r ON r.id = ir.report_id
    JOIN articles a ON a.id = r.article_id JOIN incidents i ON i.id = ir.incident_id""",
    *(f"INSERT INTO {name}({name}) VALUES ('optimize')" for name in _FTS_TABLES),
)


# -- installing, rebuilding and dropping it all ------------------------------------------------


def install_text_search(conn: sa.Connection) -> None:
    """Create the search index of a database whose tables are new (and so empty)."""
    if conn.dialect.name == "sqlite":
        for statement in (*_SQLITE_TABLES, *_SQLITE_TRIGGERS.values()):
            conn.exec_driver_sql(statement)
    elif conn.dialect.name == "postgresql":
        _install_trigram_indexes(conn)
    copied.install(conn)


def rebuild_text_search(conn: sa.Connection) -> None:
    """Index everything stored, from scratch: the cure for an index that no longer matches its
    rows (a database copied without its rowids)."""
    rebuild_text_index(conn)
    copied.rebuild(conn)


def rebuild_text_index(conn: sa.Connection) -> None:
    """The full-text index and its links, from scratch: the migration that added them (the
    copy of the incidents' columns came later, `copied.rebuild`)."""
    _drop_text_index(conn)
    if conn.dialect.name == "sqlite":
        for statement in (*_SQLITE_TABLES, *_SQLITE_TRIGGERS.values(), *_SQLITE_BACKFILL):
            conn.exec_driver_sql(statement)
    elif conn.dialect.name == "postgresql":
        _install_trigram_indexes(conn)  # CREATE INDEX reads the rows already there


def drop_text_search(conn: sa.Connection) -> None:
    """Remove the search index, leaving the database as it was before it had one."""
    _drop_text_index(conn)
    copied.drop(conn)


def _drop_text_index(conn: sa.Connection) -> None:
    if conn.dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        for name in (*_FTS_TABLES, "search_links"):
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    elif conn.dialect.name == "postgresql":
        for name, _, _ in TRIGRAM_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


# -- PostgreSQL: trigram indexes for the LIKE -----------------------------------------------

TRIGRAM_EXTENSION = "pg_trgm"
TRIGRAM_INDEXES: tuple[tuple[str, sa.Table, str], ...] = (
    ("ix_articles_title_trgm", articles, "title"),
    ("ix_articles_text_trgm", articles, "text"),
    ("ix_reports_location_text_trgm", reports, "location_text"),
    ("ix_incidents_admin1_trgm", incidents, "admin1"),
    ("ix_incidents_claimed_by_trgm", incidents, "claimed_by"),
)


def _install_trigram_indexes(conn: sa.Connection) -> None:
    schema = _trigram_schema(conn)
    if schema is None:
        return
    ops = f"{conn.dialect.identifier_preparer.quote_schema(schema)}.gin_trgm_ops"
    for name, table, column in TRIGRAM_INDEXES:
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table.name} USING gin (lower({column}) {ops})"
        )


def _trigram_schema(conn: sa.Connection) -> str | None:
    """The schema `pg_trgm` lives in (its operator class is named through it, since the
    database's search path need not include it), installing the extension if we may."""
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS {TRIGRAM_EXTENSION}")
    except sa.exc.DBAPIError as exc:  # not installed on the server, or not ours to create
        reason = _first_line(exc.orig)
        _warn_once(f"text search will scan: cannot create the {TRIGRAM_EXTENSION} extension ({reason})")
    query = sa.text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = :name"
    )
    return conn.scalar(query, {"name": TRIGRAM_EXTENSION})


@functools.cache
def _warn_once(message: str) -> None:
    log.warning(message)


def _first_line(exc: BaseException | None) -> str:
    return (str(exc).splitlines() or [""])[0]


# -- the conditions -------------------------------------------------------------------------


def text_condition(needle: str, dialect: str) -> sa.ColumnElement[bool]:
    """Incidents that mention `needle` (case aside), asked the fastest way the database can:
    the FTS index on SQLite, the `LIKE` (which PostgreSQL's trigram indexes serve) elsewhere.

    On SQLite the incidents are then taken by rowid with a unary `+`, which tells SQLite not to
    drive the query from the list of matches: it walks the index that serves the sort or the
    other filters and checks each row against the list, so a page of a search that matches
    half the database stops after a page of rows instead of sorting every match."""
    folded = needle.casefold()
    if _indexed(folded, dialect):
        return sa.literal_column(f"+{incidents.name}.rowid").in_(_indexed_matches(folded))
    return incidents.c.id.in_(_scanned_matches(folded))


def copied_text_condition(needle: str, dialect: str) -> sa.ColumnElement[bool] | None:
    """Incidents that mention `needle`, as a condition on the copy of their flat columns
    (`incident_columns`), for a count: without the `+`, SQLite drives the query from the list
    of matches, reading one narrow row per match. None where the index cannot answer."""
    folded = needle.casefold()
    if not _indexed(folded, dialect):
        return None
    return copied.incident_columns.c.incident_rowid.in_(_indexed_matches(folded))


def like_text_condition(needle: str) -> sa.ColumnElement[bool]:
    """The scan: `lower(column) LIKE '%needle%'` over the same columns, whatever the database."""
    return incidents.c.id.in_(_scanned_matches(needle.casefold()))


def count_mentioning(needle: str, dialect: str, at_most: int | None = None) -> sa.Select[int]:
    """How many incidents mention `needle`: counted from the index alone, reading no incident
    row (a search with no other filter needs nothing else). With `at_most`, the count stops at
    `at_most + 1` (more than `at_most` is all a capped total needs to know): the index hands
    out its matches as it finds them, so a needle in every article is not read to its end."""
    folded = needle.casefold()
    matches = (_indexed_matches(folded) if _indexed(folded, dialect) else _scanned_matches(folded)).subquery()
    distinct = sa.select(matches.c[0]).distinct()
    if at_most is not None:
        distinct = distinct.limit(at_most + 1)
    return sa.select(sa.func.count()).select_from(distinct.subquery())


def mentions(needle: str) -> sa.ColumnElement[bool]:
    """The search asked of one incident at a time: a condition on the enclosing query's
    `incidents` row that reads its own columns and its reports' texts (the `LIKE` that defines
    a match, correlated). Cheap per row, and it reads only the rows it is asked about, so a
    walk that stops after a page of matches never reads the other matches (`filters.py`)."""
    has = _contains(needle.casefold())
    ir, r, a = incident_reports.c, reports.c, articles.c
    told = (
        sa.select(sa.literal(1))
        .select_from(
            incident_reports.join(reports, r.id == ir.report_id).join(articles, a.id == r.article_id)
        )
        .where(ir.incident_id == incidents.c.id, sa.or_(has(r.location_text), has(a.title), has(a.text)))
        .exists()
    )
    return sa.or_(has(incidents.c.admin1), has(incidents.c.claimed_by), told)


def _indexed(folded: str, dialect: str) -> bool:
    return dialect == "sqlite" and len(folded) >= TRIGRAM


_ARTICLE_HITS = sa.table("search_articles", sa.column("rowid"), sa.column("search_articles"))
_REPORT_HITS = sa.table("search_reports", sa.column("rowid"), sa.column("search_reports"))
_INCIDENT_HITS = sa.table("search_incidents", sa.column("rowid"), sa.column("search_incidents"))
_LINKS = sa.table(
    "search_links", sa.column("report_rowid"), sa.column("article_rowid"), sa.column("incident_rowid")
)


def _indexed_matches(folded: str) -> sa.CompoundSelect:
    """The rowids of the matching incidents (with repeats), from the three FTS tables through
    `search_links`. Each FTS table drives a join rather than feeding an `IN` list, so matches
    stream out as the index finds them: a capped count of a needle in every article stops
    after its cap (10,000 of 100,000 incidents: 75 ms -> 10 ms) instead of listing them all."""
    phrase = '"' + folded.replace('"', '""') + '"'  # an FTS5 string: every character literal

    def matching(fts: sa.TableClause) -> sa.ColumnElement[bool]:
        return fts.c[fts.name].op("MATCH")(phrase)

    links = _LINKS.c
    return sa.union_all(
        sa.select(links.incident_rowid)
        .select_from(_ARTICLE_HITS.join(_LINKS, links.article_rowid == _ARTICLE_HITS.c.rowid))
        .where(matching(_ARTICLE_HITS)),
        sa.select(links.incident_rowid)
        .select_from(_REPORT_HITS.join(_LINKS, links.report_rowid == _REPORT_HITS.c.rowid))
        .where(matching(_REPORT_HITS)),
        sa.select(_INCIDENT_HITS.c.rowid).where(matching(_INCIDENT_HITS)),
    )


def _scanned_matches(folded: str) -> sa.CompoundSelect:
    """The ids of the matching incidents (with repeats) by `LIKE`: one branch per table, so that
    PostgreSQL can answer each from its trigram indexes."""
    has = _contains(folded)
    own = incidents.alias("mentioning")  # not the outer query's incidents
    ir, r, a = incident_reports.c, reports.c, articles.c
    return sa.union_all(
        sa.select(own.c.id).where(sa.or_(has(own.c.admin1), has(own.c.claimed_by))),
        sa.select(ir.incident_id).join(reports, r.id == ir.report_id).where(has(r.location_text)),
        sa.select(ir.incident_id)
        .join(reports, r.id == ir.report_id)
        .join(articles, a.id == r.article_id)
        .where(sa.or_(has(a.title), has(a.text))),
    )


def _contains(folded: str) -> Callable[[sa.ColumnElement[str | None]], sa.ColumnElement[bool]]:
    """The `LIKE` that defines a match: does a column, lowercased, hold the folded needle?"""
    pattern = "%" + _escape_like(folded) + "%"

    def has(column: sa.ColumnElement[str | None]) -> sa.ColumnElement[bool]:
        return sa.func.lower(column).like(pattern, escape="/")

    return has


def _escape_like(text: str) -> str:
    """Every character literal in a LIKE pattern with '/' as the escape (a user's % is a %)."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")
