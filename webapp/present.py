"""Records in plain words for the pages: labels for slugs, evidence beside each fact."""

from __future__ import annotations

from datetime import UTC, date, datetime

from carefinder import provenance, vocabulary
from index.hours import weekly

FACET_TITLES = {
    "levels_of_care": "Levels of care",
    "conditions": "Conditions treated",
    "payment": "Payment accepted",
    "insurers": "Insurance plans named",
    "populations": "Programs for",
    "approaches": "Approaches",
    "services": "Services",
    "languages": "Languages",
    "accreditations": "Quality marks",
    "intake": "Intake",
}


def _stale(record: dict, cited: list[dict], today: date) -> bool:
    """A fact is older than a year when every source stating it is."""
    return bool(cited) and all(provenance.of_evidence(e, record).stale(today) for e in cited)


def facility_view(record: dict, today: date | None = None) -> dict:
    today = today or datetime.now(UTC).date()
    evidence: dict[tuple[str, str], list[dict]] = {}
    for e in record.get("evidence") or []:
        evidence.setdefault((e["field"], str(e["value"])), []).append(e)
    facets = [
        {
            "facet": facet,
            "title": title,
            "items": [
                {
                    "slug": v,
                    "label": vocabulary.label(facet, v),
                    "evidence": evidence.get((facet, str(v)), []),
                    "stale": _stale(record, evidence.get((facet, str(v)), []), today),
                }
                for v in record.get(facet) or []
            ],
        }  # fmt: skip
        for facet, title in FACET_TITLES.items()
    ]
    address = record.get("address") or {}
    return {
        "id": record["id"],
        "name": record["name"],
        "kind": record.get("kind", "provider"),
        "street": address.get("street"),
        "city_line": ", ".join(
            filter(
                None,
                [
                    address.get("city"),
                    " ".join(filter(None, [address.get("state"), address.get("postal_code")])),
                ],
            )
        ),
        "phones": record.get("phones") or [],
        "website": record.get("website"),
        "email": record.get("email"),
        "facets": facets,
        "levels": [
            vocabulary.label("levels_of_care", s) for s in record.get("levels_of_care") or []
        ],
        "opening_hours": record.get("opening_hours"),
        "schedules": record.get("program_schedules") or [],
        "conflicts": record.get("conflicts") or [],
        "sources": record.get("sources") or [],
        "crawled_at": record.get("crawled_at"),
        "source_urls": record.get("source_urls") or [],
    }


def hours_table(record: dict) -> list[tuple[str, str]]:
    return weekly(record.get("opening_hours"))


def _source(record: dict, field: str, value) -> provenance.Source | None:
    cited = [e for e in record.get("evidence") or [] if (e["field"], e["value"]) == (field, value)]
    return provenance.of_evidence(cited[0], record) if cited else None


def trust_view(record: dict, today: date | None = None) -> dict:
    """Quality marks and intake state with their sources, and each source's age, for a card or
    a facility page; ``stale`` marks a source older than a year."""
    today = today or datetime.now(UTC).date()

    def items(facet: str) -> list[dict]:
        return [
            {"label": vocabulary.label(facet, slug), "source": _source(record, facet, slug)}
            for slug in record.get(facet) or []
        ]

    intake = items("intake")
    if not intake and record.get("accepting_new_patients") is not None:
        stated = "Accepting new patients" if record["accepting_new_patients"] else None
        intake = [{"label": stated or "Not taking new patients", "source": None}]
    return {
        "marks": items("accreditations"),
        "intake": intake,
        "sources": [
            {"text": s.text, "stale": s.stale(today)} for s in provenance.of_record(record)
        ],
    }
