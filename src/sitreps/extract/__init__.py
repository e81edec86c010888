"""From one clean article to the incidents it reports, each field with its evidence.

    sentences ─▶ attack mentions ─▶ incidents (main / background) ─▶ fields ─▶ Report

The fields are read from the incident's own stretch of text: from its first mention to the
next incident's first mention, so that "No casualties have yet been reported" two sentences
after the blast belongs to the blast, and "No group claimed responsibility for that operation"
belongs to the earlier bombing it follows. Statements about "both attacks" apply to every main
incident.
"""

from __future__ import annotations

from ..model import Article, Report
from ..resources import Resources
from .fields import build_reports
from .incidents import group_incidents
from .mentions import attack_mentions
from .sentences import split_sentences

__all__ = ["extract_reports"]


def extract_reports(article: Article, res: Resources) -> list[Report]:
    sentences = split_sentences(article.text)
    mentions = attack_mentions(sentences, res.lexicon, res.gazetteer, article.published)
    drafts = group_incidents(mentions)
    return build_reports(article, sentences, drafts, res)
