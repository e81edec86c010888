"""`sitreps eval`: score a run against an annotated corpus (`tests/data/corpus/README.md`).

`score()` is pure (gold and predictions in, figures out), so it can be tested on hand-made
events and used on any predictions file; `evaluate()` adds the reading of a corpus folder and a
`predict` callable that runs the pipeline on it.

    gold.py     the corpus/gold/predictions format as typed values
    fields.py   when a predicted field agrees with the gold one
    match.py    per-article Hungarian pairing under the README's rules
    metrics.py  PRF, field shares, B-cubed, the Scores value
    report.py   rich table and the README's JSON object
    aliases.py  which claimant spellings name the same group
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from pathlib import Path

from ..errors import DataError
from ..model import Role
from .aliases import Aliases, aliases_from, default_aliases, normalise_group_name
from .fields import FIELDS, field_agreement, haversine_km
from .gold import (
    CorpusRecord,
    GoldEvent,
    PredictedEvent,
    corpus_files,
    gold_to_predicted,
    load_corpus,
    load_gold,
    predictions_from_jsonl,
    write_predictions,
)
from .match import ArticleMatch, Pair, match_article
from .metrics import PRF, BCubed, Scores, Share, bcubed
from .report import render_table, to_json

#: Runs the pipeline on a corpus file; predicted events per corpus article id.
Predict = Callable[[Path], Mapping[str, list[PredictedEvent]]]

__all__ = [
    "FIELDS",
    "PRF",
    "Aliases",
    "ArticleMatch",
    "BCubed",
    "CorpusRecord",
    "GoldEvent",
    "Pair",
    "Predict",
    "PredictedEvent",
    "Scores",
    "Share",
    "aliases_from",
    "bcubed",
    "corpus_files",
    "default_aliases",
    "evaluate",
    "field_agreement",
    "gold_to_predicted",
    "haversine_km",
    "load_corpus",
    "load_gold",
    "match_article",
    "normalise_group_name",
    "predictions_from_jsonl",
    "render_table",
    "score",
    "to_json",
    "write_predictions",
]


def score(
    gold: Mapping[str, Sequence[GoldEvent]],
    predicted: Mapping[str, Sequence[PredictedEvent]],
    aliases: Aliases | None = None,
) -> Scores:
    """Score predictions against the gold, article by article; the gold decides which articles
    there are, and a prediction for an article the gold does not know is an error (usually ids
    of the wrong kind, e.g. content hashes instead of corpus ids), never a silent false alarm."""
    unknown = sorted(set(predicted) - set(gold))
    if unknown:
        raise DataError(
            f"predictions for {len(unknown)} article(s) not in the gold: {', '.join(unknown[:5])}"
        )
    resolve = aliases or default_aliases()
    matches = tuple(
        match_article(aid, predicted.get(aid, ()), events, resolve) for aid, events in gold.items()
    )
    detection = {role.value: _detection(matches, role) for role in Role}
    detection["all"] = detection[Role.MAIN.value] + detection[Role.BACKGROUND.value]
    main_pairs = [(m.article_id, pair) for m in matches for pair in m.pairs if pair.gold.role == Role.MAIN]
    return Scores(
        articles=len(gold),
        detection=detection,
        fields={name: _share([pair for _, pair in main_pairs], name) for name in FIELDS},
        dedup=bcubed([_clusters(article_id, n, pair) for n, (article_id, pair) in enumerate(main_pairs)]),
        predicted_events=sum(len(events) for events in predicted.values()),
        outside_iraq=sum(len(m.set_aside) for m in matches),
        matches=matches,
    )


def evaluate(
    corpus_path: Path,
    gold_path: Path,
    predict: Predict,
    aliases: Aliases | None = None,
    predictions_out: Path | None = None,
) -> Scores:
    """Run `predict` on a corpus and score it against its gold; with `predictions_out`, also
    write what the run found (one line per gold article, in the gold format)."""
    corpus_ids = {record.id for record in load_corpus(corpus_path)}
    gold = load_gold(gold_path)
    if corpus_ids != set(gold):
        only = sorted(corpus_ids ^ set(gold))
        raise DataError(f"{corpus_path} and {gold_path} list different articles: {', '.join(only[:5])}")
    predicted = predict(corpus_path)
    if predictions_out is not None:
        write_predictions({aid: list(predicted.get(aid, [])) for aid in gold}, predictions_out)
    return score(gold, predicted, aliases)


def _detection(matches: Sequence[ArticleMatch], role: Role) -> PRF:
    return PRF(
        tp=sum(pair.gold.role == role for m in matches for pair in m.pairs),
        fp=sum(event.role == role for m in matches for event in m.spurious),
        fn=sum(event.role == role for m in matches for event in m.missed),
    )


def _share(pairs: Sequence[Pair], name: str) -> Share:
    scored = [pair.agreement[name] for pair in pairs if pair.agreement[name] is not None]
    return Share(agreed=sum(value is True for value in scored), n=len(scored))


def _clusters(article_id: str, n: int, pair: Pair) -> tuple[Hashable, Hashable]:
    """A pair's (predicted, gold) incident; an event with no incident id is its own incident."""
    predicted = pair.predicted.incident or ("unlinked predicted", article_id, n)
    gold = pair.gold.incident or ("unlinked gold", article_id, n)
    return predicted, gold
