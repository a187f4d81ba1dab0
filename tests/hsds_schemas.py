"""Open Referral's HSDS 3.0 JSON schemas, read by path from ../shared/spec/hsds, as validators."""

from __future__ import annotations

import json
from functools import cache

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import shared_path

# table file of an export → the schema of one of its rows
ROW_SCHEMA = {
    "organizations": "organization.json", "locations": "location.json",
    "addresses": "address.json", "services": "service.json",
    "service_at_locations": "service_at_location.json", "phones": "phone.json",
    "schedules": "schedule.json", "service_areas": "service_area.json",
    "languages": "language.json", "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json", "attributes": "attribute.json",
}  # fmt: skip


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for ``name`` (e.g. "phone.json" or "compiled/service.json"); the table
    schemas' relative $refs ("phone.json") resolve to the files beside them."""
    root = shared_path("spec", "hsds")
    resources = [
        (p.relative_to(root).as_posix(), Resource.from_contents(
            json.loads(p.read_text(encoding="utf-8")), default_specification=DRAFT202012))
        for p in root.rglob("*.json")
    ]  # fmt: skip
    registry = Registry().with_resources(resources)
    schema = registry[name].contents
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def table_errors(found: dict[str, list[dict]]) -> list[str]:
    """Every schema error in an export's tables, as "table[row]: path: message"."""
    errors = []
    for table, rows in found.items():
        check = validator(ROW_SCHEMA[table])
        for n, row in enumerate(rows):
            for e in check.iter_errors(row):
                errors.append(f"{table}[{n}]: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    return errors
