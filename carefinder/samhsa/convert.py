"""SAMHSA rows → records, with a report of what could not be carried over."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from carefinder import vocabulary
from carefinder.complete import complete
from carefinder.merge import combine
from carefinder.phones import parse as parse_phone
from carefinder.record import make, stable_id
from carefinder.samhsa import crosswalk
from carefinder.samhsa.places import same_places
from carefinder.samhsa.readers import Row
from carefinder.schema import US_STATES

ZIP = re.compile(r"^(\d{3,5})(?:-\d{4})?$")
MH_NOTE = "listed in the mental health directory"


@dataclass
class Report:
    rows: int = 0
    converted: int = 0  # rows that became a record (before rows of one facility are merged)
    imported: int = 0  # records written: one per facility
    same_place: int = 0  # records joined to another listing's record of the same place
    problems: list[str] = field(default_factory=list)
    unmapped: Counter = field(default_factory=Counter)  # code or service name → rows
    not_geocoded: int = 0
    facets: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    states: Counter = field(default_factory=Counter)

    def count(self, record: dict) -> None:
        self.imported += 1
        for facet in vocabulary.FACETS:
            self.facets[facet].update(record[facet])
        self.states[(record.get("address") or {}).get("state") or "?"] += 1
        self.not_geocoded += record.get("location") is None


def _zip(raw: str) -> str | None:
    m = ZIP.match(raw.strip())
    return m[1].zfill(5) if m else None  # spreadsheets drop leading zeros: 2134 → 02134


def _location(row: Row) -> dict | None:
    """The row's own coordinates; a row without them is placed by ``complete`` (ZIP, city)."""
    try:
        lat, lon = float(row.lat), float(row.lon)
        if -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0.0, 0.0):
            return {"lat": lat, "lon": lon, "precision": "address"}
    except ValueError:
        pass
    return None


def _point(location: dict | None) -> str:
    """Without a street, a geocoded point (to about 100 m) tells one site of a name from
    another in the same ZIP; a centroid tells nothing."""
    if not location or location["precision"] != "address":
        return ""
    return f"{location['lat']:.3f},{location['lon']:.3f}"


def _website(raw: str) -> str | None:
    raw = raw.strip()
    if not raw:
        return None
    url = raw if re.match(r"^https?://", raw, re.I) else f"http://{raw}"
    return url if urlsplit(url).hostname else None


def _facts(row: Row, report: Report) -> Iterator[tuple[str, str, str]]:
    """(facet, slug, quote) for every service the row lists; quotes name the publication and
    the service as the publication words it."""
    for code in row.codes:
        if row.code_names and code not in row.code_names:
            report.unmapped[f"{row.directory.upper()} code {code} (not on its code sheet)"] += 1
            continue
        slugs = crosswalk.for_code(code)
        if slugs is None:
            if code.upper() not in crosswalk.GENDER_ONLY:
                report.unmapped[f"{row.directory.upper()} code {code}"] += 1
            continue
        name = " ".join(row.code_names.get(code, "").split()) or f"service code {code}"
        yield from ((f, s, f"{row.label}: {name}") for f, s in slugs)
    if only := crosswalk.gender_only(row.codes + row.names):
        value, (f, s) = only
        name = " ".join(row.code_names.get(value, "").split()) or value
        yield f, s, f"{row.label}: gender accepted: {name} only"
    for name in row.names:
        slugs = crosswalk.for_name(name)
        if slugs is None:
            if name.strip().upper() not in crosswalk.GENDER_ONLY:
                report.unmapped[f"service {name!r}"] += 1
            continue
        yield from ((f, s, f"{row.label}: {name}") for f, s in slugs)
    for quote, (f, s) in row.notes:
        yield f, s, f"{row.label}: {quote}"
    if row.directory == "mh":  # a mental-health facility, whatever its codes (RECORD.md §2)
        yield "conditions", "mental_health", f"{row.label}: {MH_NOTE}"


# A name1 ending in one of these (or name2 starting with one) was cut mid-phrase by the
# directory's column width: "Luminous Counseling and" + "Consulting LLC".
JOINERS = {"and", "&", "of", "for", "at", "the", "in", "on", "to", "with", "by", "a", "an"}


def facility_name(name1: str, name2: str) -> tuple[str, str | None]:
    """(name, organization): one phrase rejoined with a space, or "Organization – Site"."""
    name1, name2 = " ".join(name1.split()), " ".join(name2.split())
    if not (name1 and name2):
        return name1 or name2, None
    last, first = name1.split()[-1], name2.split()[0]
    if last.lower() in JOINERS or name1[-1] in "-/,&" or first in JOINERS:
        return f"{name1} {name2}", None
    return f"{name1} – {name2}", name1


def _phones(row: Row) -> list[dict]:
    phones, seen = [], set()
    for raw, label in row.phones:
        parsed = parse_phone(raw)
        if parsed and parsed not in seen:
            seen.add(parsed)
            phones.append({"e164": parsed[0], "label": label, "extension": parsed[1]})
    return phones


def to_record(row: Row, report: Report) -> dict | None:
    name, organization = facility_name(row.name1, row.name2)
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
    location = _location(row)
    record = make(
        id=stable_id("samhsa", name, street or _point(location), postal_code or row.city),
        name=name,
        organization=organization,
        website=_website(row.website),
        phones=_phones(row),
        address={"street": street, "city": row.city or None, "state": state,
                 "postal_code": postal_code},
        location=location,
        sources=["samhsa"],
    )  # fmt: skip
    for facet, slug, quote in _facts(row, report):
        if slug not in record[facet]:
            record[facet].append(slug)
            record["evidence"].append({"field": facet, "value": slug, "url": None, "quote": quote})
    return complete(record)


def convert(rows: Iterable[Row], report: Report) -> list[dict]:
    """One record per facility: rows with the same id (the same name and address, as when a
    facility answers both the substance-use and the mental-health survey) become one record,
    and so do records of one place that two listings name differently (see ``places``)."""
    by_id: dict[str, list[dict]] = {}
    listings: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in rows:
        report.rows += 1
        record = to_record(row, report)
        if record:
            by_id.setdefault(record["id"], []).append(record)
            listings[record["id"]].add((row.source, row.directory))
            report.converted += 1
    records = [group[0] if len(group) == 1 else combine(group) for group in by_id.values()]
    groups = same_places(records, [frozenset(listings[r["id"]]) for r in records])
    report.same_place = sum(len(g) - 1 for g in groups)
    records = [records[g[0]] if len(g) == 1 else combine([records[i] for i in g]) for g in groups]
    for record in records:
        report.count(record)
    return records
