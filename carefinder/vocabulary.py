"""The record vocabulary of RECORD.md section 2: slugs, labels, synonyms and implications.

The data lives in ``vocabulary.json``; this module is the only reader of it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

FACETS = (
    "levels_of_care",
    "conditions",
    "payment",
    "insurers",
    "populations",
    "approaches",
    "services",
    "languages",
    "accreditations",
    "intake",
)

# Hours a search can ask for (?open=): words for them, not facts of a record, so no facet.
HOURS = "open"

# The singular name of each facet as a search filter (--level, ?level=): one name, everywhere.
FILTER_NAMES = {
    "level": "levels_of_care",
    "condition": "conditions",
    "payment": "payment",
    "insurer": "insurers",
    "population": "populations",
    "language": "languages",
    "service": "services",
    "approach": "approaches",
    "accreditation": "accreditations",
    "intake": "intake",  # intake=accepting: accepting new patients (same-day admission included)
}

# Languages are ISO 639-1 codes (any of them) or "asl"; the JSON lists the labelled ones.
LANGUAGE_CODE = re.compile(r"^(?:[a-z]{2}|asl)$")


@dataclass(frozen=True)
class Term:
    facet: str
    slug: str
    label: str
    description: str = ""
    labels: tuple[tuple[str, str], ...] = ()  # (language, label) for other interface languages
    synonyms: tuple[str, ...] = ()
    implies: tuple[tuple[str, str], ...] = field(default=())
    # False for a directory category that pages never state as such: `mental_health` is what
    # SAMHSA's mental-health directory gives; on a facility's own page "mental health" is the
    # field it works in, and the conditions it names are the facts (measured on the real-page
    # sets: read from pages, it was a false condition on 23 of 61 provider pages).
    from_pages: bool = True
    # Care that is this level when a facility names no level at all (RECORD.md: therapy
    # sessions, medication visits, buprenorphine or methadone dosing are outpatient care).
    # "care:sessions" is no facet of the record: the crawler's name for sessions a person comes
    # in for (its cue ``session_care``), which count only through this.
    offered_as: tuple[tuple[str, str], ...] = ()
    # A carrier's short brand that is an everyday word elsewhere ("Beacon", "Horizon": in
    # providers' names too): it names the carrier only as a whole logo among carriers' logos.
    grid_names: tuple[str, ...] = ()
    # A carrier that also runs clinics and hospitals (Kaiser Permanente): its own site speaks
    # for care it gives, not only for a plan's coverage.
    gives_care: bool = False


@cache
def terms() -> dict[str, dict[str, Term]]:
    """Every facet's terms (and the search's hours), keyed by slug, in the file's order."""
    raw = json.loads(resources.files(__package__).joinpath("vocabulary.json").read_text("utf-8"))
    out: dict[str, dict[str, Term]] = {}
    for facet in (*FACETS, HOURS):
        out[facet] = {
            slug: Term(
                facet=facet,
                slug=slug,
                label=spec["label"],
                labels=tuple((k[6:], v) for k, v in spec.items() if k.startswith("label_")),
                description=spec.get("description", ""),
                synonyms=tuple(spec.get("synonyms", ())),
                implies=tuple(tuple(i.split(":", 1)) for i in spec.get("implies", ())),
                from_pages=spec.get("from_pages", True),
                offered_as=tuple(tuple(i.split(":", 1)) for i in spec.get("offered_as", ())),
                grid_names=tuple(spec.get("grid_names", ())),
                gives_care=spec.get("gives_care", False),
            )
            for slug, spec in raw[facet].items()
        }
    return out


def slugs(facet: str) -> list[str]:
    return list(terms()[facet])


def is_valid(facet: str, slug: str) -> bool:
    if facet == "languages":
        return bool(LANGUAGE_CODE.match(slug))
    return slug in terms()[facet]


def label(facet: str, slug: str, language: str = "en") -> str:
    """The slug's label in ``language`` ("en", "es"), English when that one is missing."""
    term = terms()[facet].get(slug)
    if not term:
        return slug
    return dict(term.labels).get(language, term.label)


def implied(facet: str, slug: str) -> list[tuple[str, str]]:
    """(facet, slug) pairs that having ``slug`` in ``facet`` implies, transitively."""
    seen: list[tuple[str, str]] = []
    todo = list(terms()[facet][slug].implies) if slug in terms()[facet] else []
    while todo:
        pair = todo.pop()
        if pair not in seen:
            seen.append(pair)
            todo.extend(terms()[pair[0]][pair[1]].implies)
    return seen


def implying(facet: str, slug: str) -> list[tuple[str, str]]:
    """(facet, slug) pairs whose presence implies ``slug`` in ``facet`` (for search filters)."""
    return [
        (f, s) for f, by_slug in terms().items() for s in by_slug if (facet, slug) in implied(f, s)
    ]


def apply_implications(
    facets: dict[str, list[str]], from_pages: bool = False
) -> dict[str, list[tuple[str, str, str]]]:
    """Add implied slugs to ``facets`` in place; ``from_pages``: facts read from a facility's
    own pages, which gain no directory-only category (``mental_health``: the index still
    finds them under it, since it expands its facet terms without ``from_pages``).

    Returns, per facet, the added (slug, from_facet, from_slug) triples so callers can record
    evidence for them.
    """
    added: dict[str, list[tuple[str, str, str]]] = {}
    for facet in FACETS:
        for slug in list(facets.get(facet, [])):
            for f, s in implied(facet, slug):
                if from_pages and not terms()[f][s].from_pages:
                    continue
                values = facets.setdefault(f, [])
                if s not in values:
                    values.append(s)
                    added.setdefault(f, []).append((s, facet, slug))
    return added
