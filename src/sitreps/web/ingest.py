"""Articles posted to the API go through the same pipeline as `sitreps ingest`: analyse, store,
link. A posted record becomes an `Article` exactly as a line of a JSONL corpus does, so the
same text posted twice, or posted and also ingested from a file, is one article.

Posts are analysed in the server process, one request at a time (`write_lock`): linking reads
and rewrites incidents, and two linkers interleaving could each miss the other's reports.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from ..geo.gazetteer import load_gazetteer
from ..link.cluster import link_new_reports
from ..model import Article, Failure, content_id
from ..pipeline import analyse_all
from ..settings import Settings
from ..store.store import Store
from .schemas import ArticleIn

MAX_ARTICLES_PER_POST = 100


def article_from_record(record: ArticleIn, max_chars: int) -> Article | Failure:
    """The article a corpus record stands for, or why it cannot be one."""
    article_id = content_id(record.text)
    source = f"api:{record.id or article_id}"
    if not record.text.strip():
        return Failure(source, "read", "empty: the record's text is blank")
    if len(record.text) > max_chars:
        return Failure(
            source, "read", f"too large: {len(record.text):,} characters (max_text_chars is {max_chars:,})"
        )
    return Article(
        id=article_id,
        source=source,
        raw_text=record.text,
        url=record.url,
        outlet=record.outlet,
        title=record.title,
        published=record.published,
        language=record.language,
        external_id=record.id,
        meta=(("published_from", "record"),) if record.published else (),
    )


def ingest_records(
    store: Store, records: Sequence[ArticleIn], settings: Settings, write_lock: threading.Lock
) -> dict[str, Any]:
    """Analyse, store and link the posted records; what happened, in `IngestOut`'s shape."""
    items = [article_from_record(record, settings.max_text_chars) for record in records]
    with write_lock:
        stored = store.add(analyse_all(items, settings.published))
        link_new_reports(store, load_gazetteer())
        n_incidents = store.counts()["incidents"]
    return {
        "ok": True,
        "ingested": stored.ingested,
        "duplicate": stored.duplicate,
        "skipped": stored.skipped,
        "failed": stored.failed,
        "reports": stored.reports,
        "incidents": n_incidents,
        "article_ids": list(stored.article_ids),
        "failures": [{"source": f.source, "stage": f.stage, "reason": f.reason} for f in stored.failures],
    }
