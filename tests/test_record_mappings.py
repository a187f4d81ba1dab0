"""Every field of the record model declares what the mappings read, and reaches every place
that maps records (issue 22 points 1 and 5): the JSON Schema, the OpenAPI document, merge and
the HSDS export. A field added to ``carefinder.record.Record`` and forgotten in any of them
fails here, naming the place (docs/ARCHITECTURE.md, "Add a field", lists the files to touch)."""

import json
from dataclasses import dataclass, fields, is_dataclass
from typing import get_origin, get_type_hints

import pytest

from carefinder import vocabulary
from carefinder.merge import RULES, _plan, combine
from carefinder.record import QUOTE_EACH, Record, declared, optional, spec
from carefinder.schema import JSON_TYPES, SCHEMA_FILE
from openreferral.tables import record_rows
from webapp.openapi import document

FIELDS = [f.name for f in fields(Record)]

# One valid value for each field, different from an empty record's: what merge must carry
# over and what the HSDS export must show. A new field needs one here first.
SAMPLE = {
    "id": "b-record",
    "kind": "referral_service",
    "name": "Sample Recovery",
    "organization": "Sample Health",
    "website": "https://sample.example/",
    "source_urls": ["https://sample.example/about/"],
    "phones": [{"e164": "+13035550110", "label": "office", "extension": None}],
    "email": "intake@sample.example",
    "address": {"street": "1 Main St", "city": "Denver", "state": "CO", "postal_code": "80205"},
    "location": {"lat": 39.75, "lon": -104.98, "precision": "address"},
    "levels_of_care": ["iop"],
    "conditions": ["alcohol"],
    "payment": ["medicaid"],
    "insurers": ["aetna"],
    "populations": ["adults"],
    "approaches": ["cbt"],
    "services": ["telehealth"],
    "languages": ["es"],
    "accreditations": ["carf"],
    "opening_hours": "Mo-Fr 08:00-17:00",
    "program_schedules": [{"level": "iop", "opening_hours": "Mo 18:00-21:00", "label": None}],
    "hours_per_week": {"iop": [9.0, 9.0]},
    "accepting_new_patients": True,
    "intake": ["same_day"],
    "evidence": [{"field": "conditions", "value": "alcohol", "url": None, "quote": "alcohol"}],
    "conflicts": [{"field": "email", "values": ["a@b.example", "c@d.example"], "urls": []}],
    "sources": ["samhsa"],
    "crawled_at": "2026-01-02T03:04:05+00:00",
    "changed": ["name"],
}

# Fields ``merge.combine`` takes from the first record (the crawled one when there is one),
# declaring the merge rule "first": the identity of the merged facility, never combined.
MERGE_FROM_FIRST = {"id", "kind", "name"}

# Fields the HSDS export deliberately leaves out, each with why. Anything not here must change
# the HSDS rows of a record.
HSDS_LEAVES_OUT = {
    "kind": "HSDS 3.0 has no field for a referral service: it is exported as a service",
    "source_urls": "the pages read are provenance, not facts of the service",
    "hours_per_week": "treatment hours a week per level: HSDS 3.0 has no field for them",
    "accepting_new_patients": "no HSDS field; the intake labels go to application_process",
    "evidence": "quotes are carefinder's provenance; HSDS has no place for them",
    "conflicts": "disagreements between sources are for carefinder's own review",
    "sources": "which directories listed it is provenance, not a fact of the service",
    "changed": "a recrawl's bookkeeping, not a fact of the service",
}


@pytest.mark.parametrize("name", FIELDS)
def test_every_field_declares_a_merge_rule_and_a_json_type(name):
    (f,) = [f for f in fields(Record) if f.name == name]
    assert declared(f).merge in RULES, (
        "carefinder/record.py: spec(merge=...) with a merge.RULES name"
    )
    kind, _ = optional(get_type_hints(Record)[name])
    kind = get_origin(kind) or kind
    assert kind in JSON_TYPES or is_dataclass(kind), "a type carefinder/schema.py JSON_TYPES knows"


def test_a_field_without_a_merge_rule_is_refused():
    """merge builds its plan at import: a Record field with no rule stops it, naming the field."""

    @dataclass
    class Undeclared:
        id: str = spec(merge="first")
        rating: int = 0

    with pytest.raises(TypeError, match="'rating' declares no known merge rule"):
        _plan(Undeclared)


def test_every_facet_is_a_quoted_set_of_its_slugs():
    declared_facets = {
        f.name: declared(f) for f in fields(Record) if declared(f).quote == QUOTE_EACH
    }
    assert sorted(declared_facets) == sorted(vocabulary.FACETS)
    for name, spec_ in declared_facets.items():
        assert (spec_.facet, spec_.unique, spec_.merge) == (name, True, "union")
    for f in fields(Record):  # a single value or a dict's keys may be slugs of a facet too
        assert declared(f).facet in (None, *vocabulary.FACETS)


def test_every_field_has_a_sample():
    assert sorted(SAMPLE) == sorted(FIELDS), "give tests/test_record_mappings.py SAMPLE a value"
    Record.from_dict(SAMPLE)  # the samples are the record's own types


def test_json_schema_lists_every_field():
    properties = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["properties"]
    assert sorted(properties) == sorted(FIELDS), (
        "carefinder/schema.py build_schema, then python -m carefinder.schema"
    )


def test_openapi_record_lists_every_field():
    schema = document()["paths"]["/api/facility/{id}"]["get"]["responses"]["200"]
    record = schema["content"]["application/json"]["schema"]
    assert sorted(record["properties"]) == sorted(FIELDS)
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert record["required"] == on_disk["required"] == ["id", "kind", "name"]


@pytest.mark.parametrize("name", sorted(set(FIELDS) - MERGE_FROM_FIRST))
def test_merge_keeps_a_field_only_the_second_record_has(name):
    """Without the right declared rule a field is kept from the first record only: the second
    source's value would be lost silently."""
    first = {"id": "a-record", "name": "Sample Recovery"}
    second = {"id": "b-record", "name": "Sample Recovery", name: SAMPLE[name]}
    assert combine([first, second]).get(name) == SAMPLE[name], (
        "its merge rule in carefinder/record.py"
    )


def test_merge_takes_identity_from_the_first_record():
    first = {"id": "a-record", "kind": "provider", "name": "Sample"}
    merged = combine([first, {**SAMPLE, "sources": []}])
    assert {k: merged[k] for k in MERGE_FROM_FIRST} == first


BARE = {"id": "a-record", "name": "Bare"}  # id and name differ from SAMPLE's too


@pytest.mark.parametrize("name", sorted(set(FIELDS) - set(HSDS_LEAVES_OUT)))
def test_hsds_export_shows_every_field_it_does_not_leave_out(name):
    assert record_rows({**BARE, name: SAMPLE[name]}) != record_rows(BARE), (
        f"openreferral/tables.py does not map {name}: map it, or add it to HSDS_LEAVES_OUT"
    )


@pytest.mark.parametrize("name", sorted(HSDS_LEAVES_OUT))
def test_fields_left_out_of_hsds_are_really_left_out(name):
    """The list stays true: a field the export starts mapping leaves it."""
    assert name in FIELDS
    assert record_rows({**BARE, name: SAMPLE[name]}) == record_rows(BARE)
