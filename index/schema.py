"""The Whoosh schema and the mapping of a record to an index document."""

from __future__ import annotations

import json
import math

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from carefinder import gazetteer, vocabulary
from index.hours import availability

# Grid cells (degrees) indexed for every located record; a radius query ORs the cells that
# cover its bounding box at the coarsest size that keeps the cover small.
CELL_SIZES = (0.1, 0.5, 2.0)
FILTERS = (*vocabulary.FACETS, "open")
HOURS_TAG = "hours"  # an "open" value: the record states some hours (only these can be open now)
HOURS_TAGGED = "hours-tagged"  # a file in a generation whose every document carries HOURS_TAG


def build_schema() -> Schema:
    keyword = {f: KEYWORD(commas=True, lowercase=False) for f in FILTERS}
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        name=TEXT(analyzer=StemmingAnalyzer(), field_boost=3.0, stored=True),
        body=TEXT(analyzer=StemmingAnalyzer()),
        cell=KEYWORD(commas=True),
        lat=NUMERIC(float, stored=True, sortable=True),
        lon=NUMERIC(float, stored=True, sortable=True),
        hours=STORED,
        timezone=STORED,
        record=STORED,
        summary=STORED,  # the record without its evidence: what result lists show
        **keyword,
    )


def cell(lat: float, lon: float, size: float) -> str:
    return f"{size}:{math.floor(lat / size)}:{math.floor(lon / size)}"


def with_location(record: dict) -> dict:
    """The record, geocoded from its ZIP (or city) when it has no coordinates."""
    if record.get("location") or not (place := gazetteer.locate(record.get("address"))):
        return record
    return {
        **record,
        "location": {"lat": place.lat, "lon": place.lon, "precision": place.precision},
    }


def expanded_facets(record: dict) -> dict[str, list[str]]:
    """Facet values with every implication added, so filters follow the vocabulary."""
    facets = {f: list(record.get(f) or []) for f in vocabulary.FACETS}
    vocabulary.apply_implications(facets)
    return facets


def body_text(record: dict) -> str:
    address = record.get("address") or {}
    parts = [record.get("organization"), address.get("city"), address.get("state")]
    for facet in vocabulary.FACETS:
        parts += [vocabulary.label(facet, s) for s in record.get(facet) or []]
    # Quotes from web pages are worth searching; directory citations ("file row 7: code OIT") not.
    parts += [e.get("quote") for e in record.get("evidence") or [] if e.get("url")]
    return " ".join(p for p in parts if isinstance(p, str))


def to_document(record: dict) -> dict:
    record = with_location(record)
    hours = [record["opening_hours"]] if record.get("opening_hours") else []
    hours += [s["opening_hours"] for s in record.get("program_schedules") or []]
    doc = {
        "id": record["id"],
        "name": record["name"],
        "body": body_text(record),
        "hours": hours,
        "record": json.dumps(record, ensure_ascii=False),
        "summary": json.dumps(
            {k: v for k, v in record.items() if k != "evidence"}, ensure_ascii=False
        ),
        "open": ",".join([*availability(hours), *([HOURS_TAG] if hours else [])]),
    }
    for facet, values in expanded_facets(record).items():
        doc[facet] = ",".join(values)
    if loc := record.get("location"):
        lat, lon = float(loc["lat"]), float(loc["lon"])
        place = gazetteer.by_zip((record.get("address") or {}).get("postal_code"))
        doc.update(
            lat=lat,
            lon=lon,
            cell=",".join(cell(lat, lon, s) for s in CELL_SIZES),
            timezone=place.timezone if place else None,
        )
    return doc
