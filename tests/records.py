"""Records for tests, built through the one constructor every producer uses
(``carefinder.record.make``), and the check that a producer wrote exactly the declared keys."""

from __future__ import annotations

from dataclasses import fields

from carefinder import vocabulary
from carefinder.record import Record, declared, make

FIELDS = [f.name for f in fields(Record)]
# Fields left out of the JSON when they have no value (``changed``) rather than written null.
ABSENT_WHEN_NONE = {f.name for f in fields(Record) if declared(f).omit_none}


def declared_keys(record: dict) -> list[str]:
    """The keys a record of the record type has, in field order: every field, save one left
    out when it has no value."""
    return [name for name in FIELDS if name in record or name not in ABSENT_WHEN_NONE]


def quoted(*, quote: str = "we offer ", url: str | None = None, **values) -> dict:
    """A record through ``make`` whose facet values each carry the quote validation asks for:
    ``quote`` followed by the value, read at ``url``, in the order the facets are given."""
    evidence = [
        {"field": facet, "value": slug, "url": url, "quote": f"{quote}{slug}"}
        for facet, slugs in values.items()
        if facet in vocabulary.FACETS
        for slug in slugs
    ]
    return make(**{**values, "evidence": [*evidence, *values.get("evidence", [])]})
