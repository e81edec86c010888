"""From one clean article to the incidents it reports, each field with its evidence.

    sentences ─▶ attack mentions ─▶ incidents (main / background) ─▶ fields ─▶ Report

The fields are read from the incident's own stretch of text: from its first mention to the
next incident's first mention, so that "No casualties have yet been reported" two sentences
after the blast belongs to the blast, and "No group claimed responsibility for that operation"
belongs to the earlier bombing it follows. Statements about "both attacks" apply to every main
incident.
"""

from __future__ import annotations

import re
from datetime import date

from ..model import Article, Precision, Report
from ..resources import Resources
from .dates import find_dates
from .fields import build_reports
from .incidents import group_incidents
from .mentions import attack_mentions
from .sentences import split_sentences

__all__ = ["extract_reports"]


_YEAR = re.compile(r"(?<!\d)(?:19[89]\d|20[0-4]\d)(?!\d)")


def latest_stated_day(text: str) -> date | None:
    """Without a publication date, the latest full date the text states (a photo caption's
    "June 9, 2022") is the best reference for its "on Thursday"; never a year it does not give."""
    days = [m.value.day for m in find_dates(text, None) if m.value and m.value.precision is Precision.DAY]
    return max(days) if days else None


def extract_reports(article: Article, res: Resources) -> list[Report]:
    sentences = split_sentences(article.text)
    reference = article.published or latest_stated_day(article.raw_text or article.text)
    years = [int(y) for y in _YEAR.findall(article.raw_text or article.text)]
    mentions = attack_mentions(sentences, res.lexicon, res.gazetteer, reference, max(years, default=None))
    if sentences and res.lexicon.cues["false_report"].search(sentences[0].text):
        return []  # "Report of attack on Al Asad Air Base is false": the news is that nothing happened
    drafts = group_incidents(mentions)
    return build_reports(article, sentences, drafts, res)
