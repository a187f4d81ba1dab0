"""Apply the vocabulary's implications to a record, with evidence for every value added."""

from __future__ import annotations

from carefinder import vocabulary
from carefinder.validate import OPEN_INTAKE


def apply(record: dict) -> dict:
    """Add implied slugs (e.g. ``aetna`` → ``private_insurance``) in place; return the record.

    An open intake state (``accepting``, ``same_day``) makes an unknown
    ``accepting_new_patients`` true; a stated ``false`` is left for validation to report.
    """
    if record.get("accepting_new_patients") is None and any(
        s in OPEN_INTAKE for s in record.get("intake") or []
    ):
        record["accepting_new_patients"] = True
    facets = {f: list(record.get(f) or []) for f in vocabulary.FACETS}
    # Facts read from pages gain no directory-only category (mental_health), also once merged
    # with a listing: the listing's own values were completed when it was imported.
    from_pages = "crawl" in (record.get("sources") or [])
    added = vocabulary.apply_implications(facets, from_pages=from_pages)
    for facet, triples in added.items():
        record[facet] = facets[facet]
        for slug, from_facet, from_slug in triples:
            source = next(
                (
                    e
                    for e in record.get("evidence", [])
                    if (e["field"], e["value"]) == (from_facet, from_slug)
                ),
                None,
            )
            record.setdefault("evidence", []).append(
                {
                    "field": facet,
                    "value": slug,
                    "url": source.get("url") if source else None,
                    "quote": source["quote"] if source else f"implied by {from_facet} {from_slug}",
                }
            )
    return record
