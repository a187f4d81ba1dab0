"""Check records against the schema, the vocabulary and the evidence rule, in plain words."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from functools import cache

import fastjsonschema
import jsonschema

from carefinder import hours, phones, vocabulary
from carefinder.record import QUOTE_EACH, QUOTE_EACH_HOURS, QUOTE_VALUE, Record, declared
from carefinder.schema import SCHEMA_FILE

# What a pattern means, for messages a person can act on.
PATTERN_MEANING = {
    "e164": "is not an E.164 phone number (like +18665551234)",
    "id": "is not a safe id (1-64 letters, digits, '.', '_' or '-', starting with a letter or digit)",
    "postal_code": "is not a 5-digit ZIP code (or ZIP+4)",
    "website": "is not an http(s) URL",
    "source_urls": "is not an http(s) URL",
    "url": "is not an http(s) URL",
    "email": "is not an e-mail address (no spaces, quotes or markup)",
    "extension": "is not a phone extension (digits only)",
}

# Intake states that say a person can start care now (RECORD.md: accepting_new_patients true).
OPEN_INTAKE = ("accepting", "same_day")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


@cache
def _schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@cache
def _compiled_check():
    """The schema compiled once into Python code by fastjsonschema: a valid record is checked
    about 30 times faster than by jsonschema's interpreter, and nearly all records are valid.
    Formats are not checked, as jsonschema checks none without a format checker."""
    return fastjsonschema.compile(_schema(), use_formats=False)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    """For a record the compiled check refuses: fastjsonschema stops at the first error and
    words it for programmers; jsonschema lists every error, worded below for people."""
    return jsonschema.Draft202012Validator(_schema())


def _schema_problems(record: dict) -> list[Problem]:
    try:
        _compiled_check()(record)
    except fastjsonschema.JsonSchemaValueException:
        errors = sorted(_validator().iter_errors(record), key=lambda e: e.path)
        return [_describe(e) for e in errors]
    return []


def _path(parts: Iterable) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _facet_of(path: list) -> str | None:
    return path[0] if path and path[0] in vocabulary.FACETS else None


def _describe(error: jsonschema.ValidationError) -> Problem:
    where = _path(error.absolute_path)
    leaf = next((p for p in reversed(error.absolute_path) if isinstance(p, str)), "")
    facet = _facet_of(list(error.absolute_path))
    if error.validator == "enum" and facet:
        valid = ", ".join(vocabulary.slugs(facet))
        return Problem(where, f"unknown {facet} slug {error.instance!r}; valid: {valid}")
    if error.validator == "pattern" and facet == "languages":
        return Problem(where, f"{error.instance!r} is not an ISO 639-1 language code or 'asl'")
    if error.validator == "enum" and leaf == "state":
        return Problem(where, f"{error.instance!r} is not a two-letter USPS state code")
    if error.validator == "enum" and leaf == "changed":
        return Problem(where, f"{error.instance!r} is not a field a recrawl compares")
    if error.validator == "enum":
        return Problem(where, f"{error.instance!r} is not one of {error.validator_value}")
    if error.validator == "maxLength":  # the value itself may be a megabyte: not repeated
        return Problem(where, f"is {len(error.instance):,} characters long; at most "
                              f"{error.validator_value:,}")  # fmt: skip
    if error.validator == "pattern" and leaf in PATTERN_MEANING:
        return Problem(where, f"{error.instance[:80]!r} {PATTERN_MEANING[leaf]}")
    if error.validator == "anyOf":
        # A nullable field with a bad value: report the non-null branch's complaint.
        inner = [e for e in error.context if e.validator != "type" or e.validator_value != "null"]
        if inner:
            return _describe(inner[0])
    if error.validator == "additionalProperties":
        return Problem(where, error.message.replace("Additional properties", "unknown field(s)"))
    return Problem(where, error.message)


def _hours_problems(record: dict) -> Iterator[Problem]:
    values = [("opening_hours", record.get("opening_hours"))]
    values += [
        (f"program_schedules[{i}].opening_hours", s.get("opening_hours"))
        for i, s in enumerate(record.get("program_schedules") or [])
        if isinstance(s, dict)
    ]
    for where, value in values:
        if isinstance(value, str) and not hours.valid(value):
            yield Problem(where, f"{value!r} is not OpenStreetMap opening_hours syntax")


def _phone_problems(record: dict) -> Iterator[Problem]:
    for i, phone in enumerate(record.get("phones") or []):
        if not phones.is_valid(phone["e164"]):
            yield Problem(
                f"phones[{i}].e164",
                f"{phone['e164']!r} is not a valid phone number (no such country code or range)",
            )


# The fields whose values need a quote, and which of their values (``Spec.quote``).
QUOTED = [(f.name, declared(f).quote) for f in fields(Record) if declared(f).quote]


def _needing_quotes(record: dict) -> Iterator[tuple[str, object]]:
    """(field, value) for every value that needs a quote; a program schedule's quoted value
    is its opening_hours string, as for the office hours."""
    for name, which in QUOTED:
        value = record.get(name)
        if which == QUOTE_VALUE and value is not None:
            yield name, value
        elif which == QUOTE_EACH:
            yield from ((name, v) for v in value or [])
        elif which == QUOTE_EACH_HOURS:
            yield from ((name, s.get("opening_hours")) for s in value or [])


def _evidence_problems(record: dict) -> Iterator[Problem]:
    """Every value its field declares quoted needs an evidence entry quoting it. Runs after
    the schema check, so every needed value is a string and only string values can cite one."""
    cited = {
        (e["field"], e["value"])
        for e in record.get("evidence") or []
        if isinstance(e["value"], str)
    }
    for field_name, value in _needing_quotes(record):
        if (field_name, value) not in cited:
            yield Problem(field_name, f"value {value!r} has no evidence entry quoting its source")


def _intake_problems(record: dict) -> Iterator[Problem]:
    """A record cannot be closed to new patients and open for admission at once.

    (``null`` with an open intake state is filled in as ``true`` by ``implications.apply``.)
    """
    open_now = [s for s in record.get("intake") or [] if s in OPEN_INTAKE]
    if open_now and record.get("accepting_new_patients") is False:
        yield Problem(
            "accepting_new_patients",
            f"is false but intake says {open_now[0]!r} (open to new patients)",
        )


def problems(record: object) -> list[Problem]:
    """Every problem with one record (an empty list means valid)."""
    if not isinstance(record, dict):
        return [Problem("", f"a record must be a JSON object, not {type(record).__name__}")]
    found = _schema_problems(record)
    if not found:
        found += _hours_problems(record)
        found += _phone_problems(record)
    if not found:  # a value that is wrong anyway needs no quote
        found += _evidence_problems(record)
        found += _intake_problems(record)
    return found
