"""JSON Schema of a record, generated from the vocabulary; ``record.schema.json`` is its output.

Regenerate the file after a vocabulary change: ``python -m carefinder.schema``.
"""

from __future__ import annotations

import json
from pathlib import Path

from carefinder import vocabulary
from carefinder.record import FACT_FIELDS

SCHEMA_FILE = Path(__file__).with_name("record.schema.json")

E164 = r"^\+[1-9][0-9]{7,14}$"
EXTENSION = r"^[0-9]{1,8}$"
# Ids go into URL paths, mailto subjects and CSV cells: letters, digits, "." "_" "-", starting
# with a letter or digit (never a spreadsheet formula), at most 64 characters.
ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP FM PW MH AA AE AP"
).split()
PRECISIONS = ["address", "postal_code", "city"]
# The end of the text in Python's re and ECMA's alike: Python's $ lets a final newline through.
END = r"(?![\s\S])"
# Links are http(s) only (never javascript: or data:), of any case, without spaces.
URL = r"^[Hh][Tt][Tt][Pp][Ss]?://\S+" + END
# HTML's "valid e-mail address" (WHATWG HTML, 4.10.5.1.5) with a dot in the domain: no markup,
# quotes or spaces can hide in one. "\$", not "$", in the set: the compiled check
# (fastjsonschema, carefinder/validate.py) reads every unescaped "$" as the end of the text.
EMAIL = (
    r"^[a-zA-Z0-9.!#\$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+" + END
)
# The most characters a text field holds: far above real values (crawled quotes are cut at
# 300 characters; the national directories' longest name is under 150) and low enough that no
# one record makes a page of results megabytes long (a 1 MB name made 3 MB pages: issue 21).
MAX_LENGTH = {"name": 300, "organization": 300, "street": 200, "city": 100, "label": 100,
              "opening_hours": 1000, "url": 2048, "email": 254, "quote": 1000, "field": 64}  # fmt: skip


def _nullable(schema: dict) -> dict:
    """``schema`` or null. A type list where the schema has a type: compiled checks
    (fastjsonschema) pay for every failed ``anyOf`` branch with an exception, and most nullable
    values (an evidence entry's url, an unknown email) are null."""
    if isinstance(schema.get("type"), str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _slug_list(facet: str) -> dict:
    if facet == "languages":
        item = {"type": "string", "pattern": vocabulary.LANGUAGE_CODE.pattern}
    else:
        item = {"type": "string", "enum": vocabulary.slugs(facet)}
    return {"type": "array", "items": item, "uniqueItems": True}


def _text(cap: str, **more) -> dict:
    return {"type": "string", "maxLength": MAX_LENGTH[cap], **more}


def build_schema() -> dict:
    levels = vocabulary.slugs("levels_of_care")
    url = _text("url", pattern=URL)
    props = {
        "id": {"type": "string", "pattern": ID},
        "kind": {"enum": ["provider", "referral_service"]},
        "name": _text("name", minLength=1),
        "organization": _nullable(_text("organization")),
        "website": _nullable(url),
        "source_urls": {"type": "array", "items": url},
        "phones": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["e164"],
                "additionalProperties": False,
                "properties": {
                    "e164": {"type": "string", "pattern": E164},
                    "label": _nullable(_text("label")),
                    "extension": _nullable({"type": "string", "pattern": EXTENSION}),
                },
            },
        },
        "email": _nullable(_text("email", pattern=EMAIL)),
        "address": _nullable(
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "street": _nullable(_text("street")),
                    "city": _nullable(_text("city")),
                    "state": _nullable({"enum": US_STATES}),
                    "postal_code": _nullable(
                        {"type": "string", "pattern": r"^[0-9]{5}(-[0-9]{4})?$"}
                    ),
                },
            }
        ),
        "location": _nullable(
            {
                "type": "object",
                "required": ["lat", "lon"],
                "additionalProperties": False,
                "properties": {
                    "lat": {"type": "number", "minimum": -90, "maximum": 90},
                    "lon": {"type": "number", "minimum": -180, "maximum": 180},
                    "precision": {"enum": PRECISIONS},
                },
            }
        ),
        **{facet: _slug_list(facet) for facet in vocabulary.FACETS},
        "opening_hours": _nullable(_text("opening_hours", minLength=1)),
        "program_schedules": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["opening_hours"],
                "additionalProperties": False,
                "properties": {
                    "level": _nullable({"enum": levels}),
                    "opening_hours": _text("opening_hours", minLength=1),
                    "label": _nullable(_text("label")),
                },
            },
        },
        "hours_per_week": {
            "type": "object",
            "propertyNames": {"enum": levels},
            "additionalProperties": {
                "type": "array",
                "items": {"type": "number", "minimum": 0, "maximum": 168},
                "minItems": 2,
                "maxItems": 2,
            },
        },
        "accepting_new_patients": {"type": ["boolean", "null"]},
        "evidence": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "value", "quote"],
                "additionalProperties": False,
                "properties": {
                    "field": _text("field"),
                    "value": {},
                    "url": _nullable(url),
                    "quote": _text("quote"),
                },
            },
        },
        "conflicts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "values"],
                "additionalProperties": False,
                "properties": {
                    "field": _text("field"),
                    "values": {"type": "array"},
                    "urls": {"type": "array"},
                },
            },
        },
        "sources": {"type": "array", "items": {"enum": ["crawl", "samhsa"]}},
        "crawled_at": _nullable({"type": "string", "format": "date-time"}),
        "changed": {
            "description": "carefinder crawl --previous: the fields whose values differ from the "
            "previous crawl's record with this id; absent when none do",
            "type": "array",
            "items": {"type": "string", "enum": list(FACT_FIELDS)},
            "uniqueItems": True,
            "minItems": 1,
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "carefinder facility record",
        "type": "object",
        "required": ["id", "kind", "name"],
        "additionalProperties": False,
        "properties": props,
    }


if __name__ == "__main__":
    SCHEMA_FILE.write_text(json.dumps(build_schema(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
