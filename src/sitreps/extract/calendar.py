"""What an article's dates are counted from.

Relative dates ("on Sunday", "yesterday") resolve against the publication date. Many pages do
not state one; then the latest full date the text states (a dateline, a photo caption's "June
9, 2022") is the best reference, but a weaker one: it may be the day of an earlier event, so a
weekday resolves to the nearest such day on either side of it rather than only before it. A day
and month with no year and no reference take the year their weekday implies ("Monday night
(August 24)"), bounded by the newest year the text states; never a year the text gives no
ground for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..model import Article, Precision
from .dates import DateKind, DateMention, find_dates, infer_year

_YEAR = re.compile(r"(?<!\d)(?:19[89]\d|20[0-4]\d)(?!\d)")


@dataclass(frozen=True, slots=True)
class Calendar:
    published: date | None  # the article's own date, when known
    reference: date | None  # what relative dates count from: published, else the latest stated day
    latest_year: int | None  # the newest year the text states, bounding inferred years

    def dates_in(self, text: str, offset: int = 0) -> list[DateMention]:
        """Every date in `text`, resolved; offsets shifted by `offset`."""
        found = find_dates(text, self.reference)
        if self.published is None:
            found = [self._without_publication(text, m) for m in found]
        return [replace(m, start=m.start + offset, end=m.end + offset) for m in found]

    def _without_publication(self, text: str, mention: DateMention) -> DateMention:
        if mention.value is None and self.latest_year is not None:
            return infer_year(mention, date(self.latest_year, 12, 31))
        if mention.kind is DateKind.WEEKDAY and mention.value and self.reference:
            later = [m for m in find_dates(text, self.reference + timedelta(days=6)) if m.start == mention.start]
            if later and later[0].value and later[0].value.day > self.reference:
                before, after = mention.value.day, later[0].value.day
                if (after - self.reference) < (self.reference - before):
                    return replace(later[0], confidence=min(later[0].confidence, 0.6), note="nearest to a stated date")
        return mention


def article_calendar(article: Article) -> Calendar:
    text = article.raw_text or article.text
    years = [int(y) for y in _YEAR.findall(text)]
    reference = article.published or latest_stated_day(text)
    return Calendar(article.published, reference, max(years, default=None))


def latest_stated_day(text: str) -> date | None:
    days = [m.value.day for m in find_dates(text, None) if m.value and m.value.precision is Precision.DAY]
    return max(days) if days else None
