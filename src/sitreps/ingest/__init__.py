"""Ingest: sources to `Article`s (readers), page text to clean text (clean), and the metadata an
article needs before extraction (metadata).

    from sitreps.ingest.readers import read        # files, folders, JSONL, feeds, URLs, stdin
    from sitreps.ingest.clean import clean         # boilerplate out, offsets kept
    from sitreps.ingest.metadata import add_metadata

Nothing is imported here on purpose: the analysis workers import `clean` and `add_metadata` and
should not pay for loading the HTTP, feed and HTML libraries that only the reader needs.
"""
