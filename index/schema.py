"""The Whoosh schema and the mapping of a record to an index document."""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from functools import cache

from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from carefinder import gazetteer, provenance, vocabulary

# Grid cells (degrees) indexed for every located record; a radius query ORs the cells that
# cover its bounding box at the coarsest size that keeps the cover small.
CELL_SIZES = (0.1, 0.5, 2.0)
FILTERS = (*vocabulary.FACETS, "open")
# "iop:evening": the level's own program schedule has evening hours, so an hours filter can
# follow the level asked for instead of any program's or the office's hours; "stated": the
# record states some hours, so "open now" reads only those records' hours.
PROGRAM_OPEN = "program_open"
STATED = "stated"
# A referral service (a helpline placing callers) sends people to care others provide: what it
# names matches no care filter, and it ranks after every provider (RECORD.md: never a provider).
KIND = "kind"
REFERRAL = "referral_service"


def build_schema() -> Schema:
    keyword = {f: KEYWORD(commas=True, lowercase=False) for f in (*FILTERS, PROGRAM_OPEN, KIND)}
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        name=TEXT(analyzer=StemmingAnalyzer(), field_boost=3.0, stored=True),
        sort_name=ID(sortable=True),  # the case-folded name: the order without place or words
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


def expanded_facets(record: dict) -> dict[str, list[str]]:
    """The facet terms a record is found under: search semantics, never written back (the
    stored record is the one given, completed where it was made: ``carefinder.complete``).
    Every implication applies here, also those a record does not carry: a crawled page naming
    depression does not state ``mental_health`` (a false condition on 23 of 61 real provider
    pages), yet a mental_health filter finds it; a record accepting new patients matches
    intake=accepting even when it states no intake detail."""
    facets = {f: list(record.get(f) or []) for f in vocabulary.FACETS}
    if record.get("accepting_new_patients") is True and "accepting" not in facets["intake"]:
        facets["intake"].append("accepting")
    vocabulary.apply_implications(facets)
    return facets


def body_text(record: dict, facets: dict[str, list[str]]) -> str:
    """Searchable words: place, and each facet value (``expanded_facets``) by its label."""
    address = record.get("address") or {}
    parts = [record.get("organization"), address.get("city"), address.get("state")]
    for facet, slugs in facets.items():
        parts += [vocabulary.label(facet, s) for s in slugs]
    # Quotes from web pages are worth searching; directory citations only repeat the values.
    parts += [e.get("quote") for e in record.get("evidence") or [] if e.get("url")]
    return " ".join(p for p in parts if isinstance(p, str))


# A word naming more terms than this ("treatment", "care") says too little to add their labels.
MAX_TERMS_PER_WORD = 4


@cache
def _terms_by_word() -> dict[str, set[tuple[str, str]]]:
    """Each word of a term's synonyms and label → the terms using it."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for facet, terms in vocabulary.terms().items():
        for slug, term in terms.items():
            for phrase in (*term.synonyms, term.label):
                for word in re.findall(r"[a-z0-9]+", phrase.lower()):
                    found[word].add((facet, slug))
    return found


def named_terms(text: str) -> list[tuple[str, str]]:
    """The vocabulary terms the everyday words of ``text`` name, so "opioid" also finds MAT and
    OTP listings and "rehab" residential ones; the search ORs in those terms' own postings (the
    index holds the terms; synonyms are matched here, at no cost to the index). Stop words and
    words under three letters name nothing: "a" or "or" occur in some synonym of many terms."""
    found: dict[tuple[str, str], None] = {}
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if len(word) < 3 or word in STOP_WORDS:
            continue
        named = _terms_by_word().get(word, set()) | _terms_by_word().get(
            word.removesuffix("s"), set()
        )
        if 0 < len(named) <= MAX_TERMS_PER_WORD:
            found.update(dict.fromkeys(sorted(named)))
    return list(found)


def to_document(record: dict) -> dict:
    from carefinder.hours import availability  # opening-hours parsing: building, not searching

    facets = expanded_facets(record)  # the words and the filters read the same terms
    hours = [record["opening_hours"]] if record.get("opening_hours") else []
    hours += [s["opening_hours"] for s in record.get("program_schedules") or []]
    doc = {
        "id": record["id"],
        "name": record["name"],
        "sort_name": record["name"].casefold(),
        "body": body_text(record, facets),
        "hours": hours,
        "record": json.dumps(record, ensure_ascii=False),
        "summary": json.dumps(
            {**record, "evidence": provenance.card_evidence(record.get("evidence") or [])},
            ensure_ascii=False,
        ),
        "open": ",".join(availability(hours)),
        PROGRAM_OPEN: ",".join(
            [STATED] * bool(hours)
            + [
                f"{s['level']}:{tag}"
                for s in record.get("program_schedules") or []
                if s.get("level")
                for tag in availability([s["opening_hours"]])
            ]
        ),
    }
    doc[KIND] = record.get("kind") or "provider"
    if doc[KIND] != REFERRAL:
        for facet, values in facets.items():
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
