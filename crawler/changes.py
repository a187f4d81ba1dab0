"""What changed since a previous crawl: a record's ``changed`` lists the fields whose values
differ from the record with the same stable id in the previous output (a facility not found
then: every field it has a value for); a record without changes has no ``changed``. What the
field means and which names it may hold: carefinder/record.py (only ``FACT_FIELDS`` are
compared: a new quote for the same value is no change)."""

from __future__ import annotations

import hashlib
import json

from carefinder.jsonl import read_records
from carefinder.record import FACT_FIELDS


def _digest(value) -> str:
    if isinstance(value, list):  # order on a page is not a change
        value = sorted(json.dumps(v, sort_keys=True) for v in value)
    return hashlib.blake2b(json.dumps(value, sort_keys=True).encode(), digest_size=8).hexdigest()


def fingerprints(record: dict) -> dict[str, str]:
    """A digest of each field a recrawl compares (a field a record leaves out counts as null)."""
    return {k: _digest(record.get(k)) for k in FACT_FIELDS}


class Previous:
    """The previous crawl, kept as small per-field digests (not whole records) by id."""

    def __init__(self, path: str):
        self.by_id = {r["id"]: fingerprints(r) for r in read_records([path]) if "id" in r}

    def mark(self, record: dict) -> dict:
        now, before = fingerprints(record), self.by_id.get(record["id"])
        if before is None:
            empty = _digest(None), _digest([]), _digest({})
            changed = sorted(k for k, v in now.items() if v not in empty)
        else:
            changed = sorted(k for k in now.keys() | before.keys() if now.get(k) != before.get(k))
        if changed:
            record["changed"] = changed
        return record
