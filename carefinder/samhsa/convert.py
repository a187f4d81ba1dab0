"""SAMHSA rows → records, with a report of what could not be carried over."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from carefinder import gazetteer, implications, vocabulary
from carefinder.phones import to_e164
from carefinder.record import stable_id
from carefinder.samhsa import crosswalk
from carefinder.samhsa.readers import Row
from carefinder.schema import US_STATES

ZIP = re.compile(r"^(\d{3,5})(?:-\d{4})?$")


@dataclass
class Report:
    rows: int = 0
    imported: int = 0
    problems: list[str] = field(default_factory=list)
    unmapped: Counter = field(default_factory=Counter)  # code or service name → rows
    not_geocoded: int = 0
    levels: Counter = field(default_factory=Counter)
    payment: Counter = field(default_factory=Counter)
    states: Counter = field(default_factory=Counter)

    def count(self, record: dict) -> None:
        self.imported += 1
        self.levels.update(record["levels_of_care"])
        self.payment.update(record["payment"])
        self.states[(record.get("address") or {}).get("state") or "?"] += 1
        self.not_geocoded += record.get("location") is None


def _zip(raw: str) -> str | None:
    m = ZIP.match(raw.strip())
    return m[1].zfill(5) if m else None  # spreadsheets drop leading zeros: 2134 → 02134


def _location(row: Row, postal_code: str | None) -> dict | None:
    try:
        lat, lon = float(row.lat), float(row.lon)
        if -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0.0, 0.0):
            return {"lat": lat, "lon": lon, "precision": "address"}
    except ValueError:
        pass
    place = gazetteer.by_zip(postal_code) or gazetteer.by_city(row.city, row.state)
    return {"lat": place.lat, "lon": place.lon, "precision": place.precision} if place else None


def _website(raw: str) -> str | None:
    raw = raw.strip()
    if not raw:
        return None
    url = raw if re.match(r"^https?://", raw, re.I) else f"http://{raw}"
    return url if urlsplit(url).hostname else None


def _facts(row: Row, report: Report) -> Iterator[tuple[str, str, str]]:
    """(facet, slug, quote) for every service the row lists."""
    where = f"{row.source} row {row.number}"
    for code in row.codes:
        slugs = crosswalk.for_code(row.directory, code)
        if slugs is None:
            report.unmapped[f"{row.directory.upper()} code {code}"] += 1
            continue
        name = row.code_names.get(code)
        quote = f"{where}: code {code}" + (f" ({name.strip()})" if name else "")
        yield from ((f, s, quote) for f, s in slugs)
    for name in row.names:
        slugs = crosswalk.for_name(name)
        if slugs is None:
            report.unmapped[f"service {name!r}"] += 1
            continue
        yield from ((f, s, f"{where}: {name}") for f, s in slugs)
    for quote, (f, s) in row.notes:
        yield f, s, f"{where}: {quote}"


def to_record(row: Row, report: Report) -> dict | None:
    name = " – ".join(p for p in (row.name1, row.name2) if p)
    if not name:
        report.problems.append(f"{row.source} row {row.number}: no facility name; row skipped")
        return None
    postal_code = _zip(row.zip)
    if row.zip and not postal_code:
        report.problems.append(f"{row.source} row {row.number}: ZIP {row.zip!r} is not a ZIP code")
    state = row.state.upper() if row.state.upper() in US_STATES else None
    if row.state and not state:
        report.problems.append(
            f"{row.source} row {row.number}: state {row.state!r} is not a USPS code"
        )
    street = ", ".join(p for p in (row.street1, row.street2) if p) or None
    phones, seen = [], set()
    for raw, label in row.phones:
        e164 = to_e164(raw.split(" x")[0])
        if e164 and e164 not in seen:
            seen.add(e164)
            phones.append({"e164": e164, "label": label})
    record = {
        "id": stable_id("samhsa", name, street or "", postal_code or row.city),
        "kind": "provider",
        "name": name,
        "organization": row.name1 if row.name2 else None,
        "website": _website(row.website),
        "source_urls": [],
        "phones": phones,
        "address": {"street": street, "city": row.city or None, "state": state,
                    "postal_code": postal_code},
        "location": _location(row, postal_code),
        **{f: [] for f in vocabulary.FACETS},
        "evidence": [],
        "sources": ["samhsa"],
    }  # fmt: skip
    for facet, slug, quote in _facts(row, report):
        if slug not in record[facet]:
            record[facet].append(slug)
            record["evidence"].append({"field": facet, "value": slug, "url": None, "quote": quote})
    return implications.apply(record)


def convert(rows: Iterable[Row], report: Report) -> Iterator[dict]:
    for row in rows:
        report.rows += 1
        record = to_record(row, report)
        if record:
            report.count(record)
            yield record
