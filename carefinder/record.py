"""The facility record of RECORD.md as typed Python objects, with a lossless JSON round trip.

One field goes beyond RECORD.md: ``changed``, written by ``carefinder crawl --previous
OLD.jsonl``. It lists, sorted, the names of the fields (of ``FACT_FIELDS``) whose values differ
from the record with the same ``id`` in the previous crawl's output -- for a facility that crawl
did not have, every field with a value. A record with no changes has no ``changed`` at all, so
it is never an empty list. Order within a list and new quotes for the same value are no
change: bookkeeping fields (``Spec.bookkeeping``) say where and when a fact was read, not what it is.
"""

from __future__ import annotations

import hashlib
import types
from collections.abc import Set as AbstractSet
from dataclasses import MISSING, Field, asdict, dataclass, field, fields, is_dataclass
from typing import Any, get_args, get_origin, get_type_hints


@dataclass(frozen=True)
class Spec:
    """What a field declares besides its Python type (which gives its JSON type): everything
    the schema (``carefinder/schema.py``), validation and merge read, so each is said once."""

    merge: str | None = None  # how merge.combine joins several records' values (merge.RULES)
    facet: str | None = None  # the vocabulary facet its values (a dict's keys) are slugs of
    check: str | None = None  # schema.CHECKS: the JSON Schema of one value (item, dict value)
    quote: str | None = None  # which values need an evidence quote: QUOTE_*
    unique: bool = False  # a set: no value twice
    required: bool = False  # in every JSON record, though Python has a default for it
    omit_none: bool = False  # left out of the JSON when None, never null
    bookkeeping: bool = False  # about the record, not the facility: never in ``changed``


QUOTE_VALUE = "value"  # the value itself needs a quote
QUOTE_EACH = "each"  # every item of the list needs its own quote
QUOTE_EACH_HOURS = "each opening_hours"  # every item's opening_hours needs its own quote


def spec(*, default: Any = MISSING, default_factory: Any = MISSING, **declared: Any) -> Any:
    """A dataclass field carrying its ``Spec``."""
    return field(default=default, default_factory=default_factory,
                 metadata={"spec": Spec(**declared)})  # fmt: skip


def declared(f: Field) -> Spec:
    return f.metadata.get("spec", Spec())


def _facet(name: str) -> Any:
    """A facet: vocabulary slugs, each quoted, united by merge."""
    return spec(default_factory=list, merge="union", facet=name, quote=QUOTE_EACH, unique=True)


# How precise a location is, most precise first (merge keeps the most precise).
PRECISIONS = ("address", "postal_code", "city")


@dataclass
class Phone:
    e164: str = spec(check="e164")
    label: str | None = spec(default=None, check="label")
    extension: str | None = spec(default=None, check="extension")  # digits, dialled after


@dataclass
class Address:
    street: str | None = spec(default=None, check="street")
    city: str | None = spec(default=None, check="city")
    state: str | None = spec(default=None, check="state")
    postal_code: str | None = spec(default=None, check="postal_code")


@dataclass
class Location:
    lat: float = spec(check="latitude")
    lon: float = spec(check="longitude")
    precision: str = spec(default="address", check="precision")


@dataclass(kw_only=True)
class ProgramSchedule:
    level: str | None = spec(default=None, facet="levels_of_care")
    opening_hours: str = spec(check="opening_hours")
    label: str | None = spec(default=None, check="label")


@dataclass(kw_only=True)
class Evidence:
    field: str = spec(check="field")
    value: Any
    url: str | None = spec(default=None, check="url")
    quote: str = spec(check="quote")


@dataclass
class Conflict:
    field: str = spec(check="field")
    values: list[Any]
    urls: list[str] = spec(default_factory=list)


@dataclass(kw_only=True)
class Record:
    """A facility. Each field declares its merge rule, its vocabulary facet, its checks and
    which of its values need a quote (``Spec``); tests/test_record_mappings.py holds every
    field to that and to every mapping of records."""

    id: str = spec(merge="first", check="id", bookkeeping=True)
    kind: str = spec(default="provider", merge="first", check="kind", required=True)
    name: str = spec(merge="first", check="name")
    organization: str | None = spec(default=None, merge="scalar", check="organization")
    website: str | None = spec(default=None, merge="scalar_conflict", check="url")
    source_urls: list[str] = spec(
        default_factory=list, merge="union", check="url", bookkeeping=True
    )
    phones: list[Phone] = spec(default_factory=list, merge="union_by_number")
    email: str | None = spec(default=None, merge="scalar_conflict", check="email")
    address: Address | None = spec(default=None, merge="address_with_street")
    location: Location | None = spec(default=None, merge="most_precise")
    levels_of_care: list[str] = _facet("levels_of_care")
    conditions: list[str] = _facet("conditions")
    payment: list[str] = _facet("payment")
    insurers: list[str] = _facet("insurers")
    populations: list[str] = _facet("populations")
    approaches: list[str] = _facet("approaches")
    services: list[str] = _facet("services")
    languages: list[str] = _facet("languages")
    accreditations: list[str] = _facet("accreditations")
    opening_hours: str | None = spec(
        default=None, merge="scalar_conflict", check="opening_hours", quote=QUOTE_VALUE
    )
    program_schedules: list[ProgramSchedule] = spec(
        default_factory=list, merge="union", quote=QUOTE_EACH_HOURS
    )
    hours_per_week: dict[str, list[float]] = spec(
        default_factory=dict, merge="first_per_key", facet="levels_of_care", check="hours_range"
    )
    accepting_new_patients: bool | None = spec(default=None, merge="scalar")
    intake: list[str] = _facet("intake")
    evidence: list[Evidence] = spec(default_factory=list, merge="union", bookkeeping=True)
    conflicts: list[Conflict] = spec(default_factory=list, merge="conflicts", bookkeeping=True)
    sources: list[str] = spec(
        default_factory=list, merge="sorted_union", check="source", bookkeeping=True
    )
    crawled_at: str | None = spec(default=None, merge="latest", check="date_time", bookkeeping=True)
    # The fields that differ from a previous crawl, when any did (see the module's docstring).
    changed: list[str] | None = spec(
        default=None, merge="union_or_absent", check="fact_field", unique=True, omit_none=True,
        bookkeeping=True,
    )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for f in fields(self):
            if declared(f).omit_none and data[f.name] is None:
                del data[f.name]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Build a record from its JSON form; unknown keys raise ``TypeError``."""
        _refuse_unknown(data.keys())
        return _load(cls, data)


def _how_made(f: Field) -> tuple[str, Any, Any, bool]:
    """(name, default, default_factory, omit_none) of a Record field, for ``make``."""
    return f.name, f.default, f.default_factory, declared(f).omit_none


_MADE = tuple(_how_made(f) for f in fields(Record))
_NAMES = frozenset(name for name, *_ in _MADE)


def _refuse_unknown(keys: AbstractSet[str]) -> None:
    if unknown := keys - _NAMES:
        raise TypeError(f"unknown record field(s): {', '.join(sorted(unknown))}")


def make(**values: Any) -> dict[str, Any]:
    """A record's JSON dict, in field order, from its field values: what every producer (crawl,
    import, merge, tests) builds records with, so none can write a key ``Record`` does not
    declare (``TypeError`` naming it) or forget one (its declared default). Values are taken as
    given, already in their JSON form, not converted or checked here: the import makes 21,000
    records in a run, and ``carefinder.validate`` checks values wherever records are read."""
    _refuse_unknown(values.keys())
    record = {}
    for name, default, factory, omit_none in _MADE:
        if name in values:
            value = values[name]
        elif factory is not MISSING:
            value = factory()
        elif default is not MISSING:
            value = default
        else:
            raise TypeError(f"record field {name!r} has no default and was not given")
        if value is not None or not omit_none:
            record[name] = value
    return record


def optional(kind: Any) -> tuple[Any, bool]:
    """``X | None`` → (X, True); any other type → (it, False)."""
    if isinstance(kind, types.UnionType) and type(None) in get_args(kind):
        (inner,) = [a for a in get_args(kind) if a is not type(None)]
        return inner, True
    return kind, False


def _load(kind: Any, value: Any) -> Any:
    """A JSON value as the field type ``kind`` says: objects become their dataclasses, so a
    nested type needs no loader of its own (an unknown key raises ``TypeError``)."""
    kind, _ = optional(kind)
    if value is None:
        return None
    if is_dataclass(kind):
        hints = get_type_hints(kind)
        return kind(**{k: _load(hints.get(k), v) for k, v in value.items()})
    if get_origin(kind) is list:
        return [_load(get_args(kind)[0], v) for v in value]
    return value


# The fields a recrawl compares, in record order: what ``changed`` may name.
FACT_FIELDS = tuple(f.name for f in fields(Record) if not declared(f).bookkeeping)


def stable_id(*parts: str | None) -> str:
    """A short id that stays the same for the same facility on every run."""
    text = "|".join((p or "").strip().lower() for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
