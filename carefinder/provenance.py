"""Where each fact of a record came from, and how old it is, in words a reader can weigh.

A crawled fact has the page's URL and the record's crawl date; a directory fact names its
publication and year in its quote ("SAMHSA National Directory 2022: Intensive outpatient
treatment", written by ``carefinder.samhsa``). Facts older than a year are marked stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

# "<publication> <year or date>: <service>" as the SAMHSA importer words directory evidence.
PUBLICATION = re.compile(r"^(?P<label>[A-Z][^:]*?) (?P<year>\d{4})(?:-(?P<md>\d\d-\d\d))?: ")
STALE_AFTER = timedelta(days=365)
WEBSITE = "facility website"
# Facts a result card shows with their source: few per record, so they stay in the summary.
CARD_FIELDS = ("accreditations", "intake")


@dataclass(frozen=True)
class Source:
    label: str  # "facility website", "SAMHSA National Directory"
    as_of: str | None  # "2026-11-30", "2022" (a survey year) or None when unknown

    def stale(self, today: date) -> bool:
        """Older than a year; a survey year counts from its last day."""
        if not self.as_of:
            return False
        year, _, rest = self.as_of.partition("-")
        collected = date(int(year), 12, 31) if not rest else date.fromisoformat(self.as_of)
        return today - collected > STALE_AFTER


def of_evidence(evidence: dict, record: dict) -> Source:
    if evidence.get("url"):
        return Source(WEBSITE, (record.get("crawled_at") or "")[:10] or None)
    found = PUBLICATION.match(evidence.get("quote") or "")
    if not found:
        return Source("directory", None)
    as_of = found["year"] + (f"-{found['md']}" if found["md"] else "")
    return Source(found["label"], as_of)


def of_record(record: dict) -> list[Source]:
    """Each distinct source of the record's facts, in the order first cited."""
    seen = {of_evidence(e, record): None for e in record.get("evidence") or []}
    if "crawl" in (record.get("sources") or []) and not any(s.label == WEBSITE for s in seen):
        seen[Source(WEBSITE, (record.get("crawled_at") or "")[:10] or None)] = None
    return list(seen)


def card_evidence(evidence: list[dict]) -> list[dict]:
    """The evidence a result card needs: its quality marks and intake state, and one entry per
    source (for "as of" dates); the rest stays on the facility page."""
    kept, sources = [], set()
    for e in evidence:
        source = "url" if e.get("url") else (PUBLICATION.match(e.get("quote") or "") or [""])[0]
        if e.get("field") in CARD_FIELDS or source not in sources:
            sources.add(source)
            kept.append(e)
    return kept
