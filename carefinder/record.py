"""The facility record of RECORD.md as typed Python objects, with a lossless JSON round trip.

One field goes beyond RECORD.md: ``changed``, written by ``carefinder crawl --previous
OLD.jsonl``. It lists, sorted, the names of the fields (of ``FACT_FIELDS``) whose values differ
from the record with the same ``id`` in the previous crawl's output -- for a facility that crawl
did not have, every field with a value. A record with no changes has no ``changed`` at all, so
it is never an empty list. Order within a list and new quotes for the same value are no
change: ``BOOKKEEPING`` fields say where and when a fact was read, not what it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class Phone:
    e164: str
    label: str | None = None
    extension: str | None = None  # digits only, dialled after the number


@dataclass
class Address:
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None


@dataclass
class Location:
    lat: float
    lon: float
    precision: str = "address"


@dataclass
class ProgramSchedule:
    level: str | None
    opening_hours: str
    label: str | None = None


@dataclass
class Evidence:
    field: str
    value: Any
    url: str | None
    quote: str


@dataclass
class Conflict:
    field: str
    values: list[Any]
    urls: list[str]


@dataclass(kw_only=True)
class Record:
    id: str
    kind: str = "provider"
    name: str
    organization: str | None = None
    website: str | None = None
    source_urls: list[str] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    email: str | None = None
    address: Address | None = None
    location: Location | None = None
    levels_of_care: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    payment: list[str] = field(default_factory=list)
    insurers: list[str] = field(default_factory=list)
    populations: list[str] = field(default_factory=list)
    approaches: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    accreditations: list[str] = field(default_factory=list)
    opening_hours: str | None = None
    program_schedules: list[ProgramSchedule] = field(default_factory=list)
    hours_per_week: dict[str, list[float]] = field(default_factory=dict)
    accepting_new_patients: bool | None = None
    intake: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    crawled_at: str | None = None
    changed: list[str] | None = None  # fields that differ from a previous crawl, when any did

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if data["changed"] is None:  # only a recrawl that found changes says so
            del data["changed"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Build a record from its JSON form; unknown keys raise ``TypeError``."""
        nested = {
            "phones": lambda v: [Phone(**p) for p in v],
            "address": lambda v: Address(**v) if v is not None else None,
            "location": lambda v: Location(**v) if v is not None else None,
            "program_schedules": lambda v: [ProgramSchedule(**p) for p in v],
            "evidence": lambda v: [Evidence(**e) for e in v],
            "conflicts": lambda v: [Conflict(**c) for c in v],
        }
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise TypeError(f"unknown record field(s): {', '.join(sorted(unknown))}")
        kwargs = {k: nested[k](v) if k in nested else v for k, v in data.items()}
        return cls(**kwargs)


# Fields about the record rather than the facility: never listed in ``changed``.
BOOKKEEPING = frozenset(
    {"id", "crawled_at", "changed", "evidence", "source_urls", "conflicts", "sources"}
)
# The fields a recrawl compares, in record order: what ``changed`` may name.
FACT_FIELDS = tuple(f.name for f in fields(Record) if f.name not in BOOKKEEPING)


def stable_id(*parts: str | None) -> str:
    """A short id that stays the same for the same facility on every run."""
    text = "|".join((p or "").strip().lower() for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
