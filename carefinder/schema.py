"""JSON Schema of a record, generated from the record type (``carefinder.record``: each field's
Python type and its ``Spec``) and the vocabulary; ``record.schema.json`` is its output.

Regenerate the file after a change to either: ``python -m carefinder.schema``.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, Field, fields, is_dataclass
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from carefinder import vocabulary
from carefinder.record import FACT_FIELDS, PRECISIONS, Record, Spec, declared, optional

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
    if isinstance(schema.get("type"), str) and "enum" not in schema:
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _slug(facet: str) -> dict:
    if facet == "languages":
        return {"type": "string", "pattern": vocabulary.LANGUAGE_CODE.pattern}
    return {"type": "string", "enum": vocabulary.slugs(facet)}


def _text(cap: str, **more) -> dict:
    return {"type": "string", "maxLength": MAX_LENGTH[cap], **more}


# The JSON Schema of one value of each check a field names (``Spec.check``): the value itself,
# a list's item or a dict's value.
CHECKS = {
    "id": {"type": "string", "pattern": ID},
    "kind": {"enum": ["provider", "referral_service"]},
    "name": _text("name", minLength=1),
    "organization": _text("organization"),
    "url": _text("url", pattern=URL),
    "email": _text("email", pattern=EMAIL),
    "e164": {"type": "string", "pattern": E164},
    "label": _text("label"),
    "extension": {"type": "string", "pattern": EXTENSION},
    "street": _text("street"),
    "city": _text("city"),
    "state": {"enum": US_STATES},
    "postal_code": {"type": "string", "pattern": r"^[0-9]{5}(-[0-9]{4})?$"},
    "latitude": {"type": "number", "minimum": -90, "maximum": 90},
    "longitude": {"type": "number", "minimum": -180, "maximum": 180},
    "precision": {"enum": list(PRECISIONS)},
    "opening_hours": _text("opening_hours", minLength=1),
    "hours_range": {  # the fewest and most hours a week of care at one level
        "type": "array",
        "items": {"type": "number", "minimum": 0, "maximum": 168},
        "minItems": 2,
        "maxItems": 2,
    },
    "field": _text("field"),
    "quote": _text("quote"),
    "source": {"enum": ["crawl", "samhsa"]},
    "date_time": {"type": "string", "format": "date-time"},
    "fact_field": {"type": "string", "enum": list(FACT_FIELDS)},
}
# JSON types of the Python types a record's fields use.
JSON_TYPES = {str: "string", float: "number", bool: "boolean", list: "array", dict: "object"}


def _value(kind: Any, spec: Spec) -> dict:
    """One value: a nested object, a vocabulary slug, a declared check or its bare JSON type."""
    if is_dataclass(kind):
        return _object(kind)
    if spec.facet:
        return _slug(spec.facet)
    if spec.check:
        return CHECKS[spec.check]
    return {} if kind is Any else {"type": JSON_TYPES[kind]}


def _field(f: Field, kind: Any) -> dict:
    """A field of type ``kind``: a list of values, a dict of values by slug, or one value."""
    kind, nullable = optional(kind)
    spec = declared(f)
    if get_origin(kind) is list:
        schema = {"type": "array", "items": _value(get_args(kind)[0], spec)}
        if spec.unique:
            schema["uniqueItems"] = True
        if spec.omit_none:  # absent rather than empty
            schema["minItems"] = 1
    elif get_origin(kind) is dict:  # keys are slugs of the facet, values the check
        schema = {"type": "object", "propertyNames": {"enum": vocabulary.slugs(spec.facet)},
                  "additionalProperties": CHECKS[spec.check]}  # fmt: skip
    else:
        schema = _value(kind, spec)
    return _nullable(schema) if nullable and not spec.omit_none else schema


def _required(f: Field) -> bool:
    return declared(f).required or (f.default is MISSING and f.default_factory is MISSING)


def _object(cls: type) -> dict:
    """A dataclass as a closed JSON object: the fields without a default are required."""
    hints = get_type_hints(cls)
    required = [f.name for f in fields(cls) if _required(f)]
    return {
        "type": "object",
        **({"required": required} if required else {}),
        "additionalProperties": False,
        "properties": {f.name: _field(f, hints[f.name]) for f in fields(cls)},
    }


def build_schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "carefinder facility record",
        **_object(Record),
    }


if __name__ == "__main__":
    SCHEMA_FILE.write_text(json.dumps(build_schema(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
