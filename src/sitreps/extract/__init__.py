"""From one clean article to the incidents it reports, each field with its evidence.

    sentences ─▶ attack mentions ─▶ incidents (main / background) ─▶ fields ─▶ Report

The fields are read from the incident's own stretch of text: from its first mention to the
next incident's first mention, so that "No casualties have yet been reported" two sentences
after the blast belongs to the blast, and "No group claimed responsibility for that operation"
belongs to the earlier bombing it follows. Statements about "both attacks" apply to every main
incident.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Article, Report
from ..resources import Resources
from .calendar import article_calendar
from .fields import build_reports
from .incidents import group_incidents
from .lexicon import load_lexicon
from .mentions import attack_mentions
from .sentences import split_sentences

__all__ = ["extract_reports"]

#: An article tells a handful of attacks (at most nine mentions in any annotated article); a
#: chronology may list a hundred. Mentions past this many are not read, so that a crafted page
#: repeating "rockets hit" 70,000 times costs seconds, not hours (grouping compares mentions).
MAX_ATTACK_MENTIONS = 200


def extract_reports(article: Article, res: Resources) -> list[Report]:
    res = replace(res, lexicon=load_lexicon(article.language))  # the words of the article's language
    sentences = split_sentences(article.text)
    # Asked of the opening before any mention is read: an article that reports nothing needs none.
    if sentences and res.lexicon.cues["false_report"].search(sentences[0].text):
        return []  # "Report of attack on Al Asad Air Base is false": the news is that nothing happened
    if res.lexicon.cues["not_news"].search(article.text[: sentences[min(2, len(sentences) - 1)].end] if sentences else ""):
        return []  # "The Hurt Locker review": a story told, not an event reported
    calendar = article_calendar(article)
    mentions = attack_mentions(sentences, res.lexicon, res.gazetteer, calendar, res.actors)[:MAX_ATTACK_MENTIONS]
    drafts = group_incidents(mentions, calendar.published)
    return build_reports(article, sentences, drafts, res)
