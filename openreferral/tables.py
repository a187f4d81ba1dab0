"""Records → HSDS 3.0 table rows (one JSON object per row, keyed by table file name)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit

from carefinder import vocabulary
from carefinder.hours import weekly_spans

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://carefinder.example/hsds")
TABLES = (
    "organizations", "locations", "addresses", "services", "service_at_locations", "phones",
    "schedules", "service_areas", "languages", "taxonomies", "taxonomy_terms", "attributes",
)  # fmt: skip
TAXONOMY = "carefinder vocabulary"
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Vocabulary facets carried as attributes; languages have HSDS's own language table.
ATTRIBUTE_FACETS = tuple(f for f in vocabulary.FACETS if f != "languages")
FACET_NAMES = {
    "levels_of_care": "Levels of care", "conditions": "Conditions treated",
    "payment": "Payment accepted", "insurers": "Insurance plans named",
    "populations": "Programs for", "approaches": "Approaches", "services": "Services",
    "accreditations": "Quality marks", "intake": "Intake",
}  # fmt: skip


def uid(*parts: str) -> str:
    """A stable UUID for one HSDS row: the same record gives the same ids on every export."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _labels(record: dict, facet: str) -> str:
    return ", ".join(vocabulary.label(facet, s) for s in record.get(facet) or [])


def organization_key(record: dict) -> str:
    """Locations of one named organisation with one website share an organisation row."""
    host = urlsplit(record.get("website") or "").hostname or ""
    return f"org/{record['organization']}/{host}" if record.get("organization") else record["id"]


def taxonomy_rows() -> dict[str, list[dict]]:
    """The vocabulary as one taxonomy: a parent term per facet and a term per slug."""
    tax_id = uid("taxonomy", TAXONOMY)
    terms = []
    for facet in ATTRIBUTE_FACETS:
        parent = uid("term", facet)
        terms.append({"id": parent, "code": facet, "name": FACET_NAMES[facet],
                      "description": FACET_NAMES[facet], "taxonomy": TAXONOMY,
                      "taxonomy_id": tax_id, "language": "en"})  # fmt: skip
        for term in vocabulary.terms()[facet].values():
            terms.append({"id": uid("term", facet, term.slug), "code": f"{facet}.{term.slug}",
                          "name": term.label, "description": term.description or term.label,
                          "parent_id": parent, "taxonomy": TAXONOMY, "taxonomy_id": tax_id,
                          "language": "en"})  # fmt: skip
    taxonomy = {"id": tax_id, "name": TAXONOMY, "version": "1",
                "description": "carefinder's record vocabulary (RECORD.md section 2): levels of "
                               "care, conditions, payment, populations, services, quality marks, "
                               "intake."}  # fmt: skip
    return {"taxonomies": [taxonomy], "taxonomy_terms": terms}


def schedule_rows(expression: str | None, key: str, links: dict, description: str) -> list[dict]:
    """Weekly RRULE rows for an OSM opening_hours value: one per distinct span, its days in
    ``byday``; a span to midnight closes at 23:59 (HSDS times are HH:MM within a day)."""
    by_span: dict[tuple[str, str], list[str]] = defaultdict(list)
    for day, spans in zip(DAYS, weekly_spans(expression), strict=False):
        for span in spans:
            by_span[span].append(day)
    return [
        {
            "id": uid(key, "schedule", opens, closes),
            **links,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": ",".join(days),
            "opens_at": opens,
            "closes_at": "23:59" if closes == "24:00" else closes,
            "description": description,
        }  # fmt: skip
        for (opens, closes), days in by_span.items()
    ]


def _service(record: dict, ids: dict) -> dict:
    row = {"id": ids["service"], "organization_id": ids["organization"], "name": record["name"],
           "description": _labels(record, "levels_of_care") or "Treatment", "status": "active"}  # fmt: skip
    extra = {
        "url": record.get("website"),
        "email": record.get("email"),
        "fees_description": "; ".join(
            filter(None, [_labels(record, "payment"), _labels(record, "insurers")])
        ),
        "accreditations": _labels(record, "accreditations"),
        "application_process": _labels(record, "intake"),
        "eligibility_description": _labels(record, "populations"),
        "assured_date": (record.get("crawled_at") or "")[:10],
    }
    return row | {k: v for k, v in extra.items() if v}


def _location(record: dict, ids: dict) -> tuple[dict, list[dict]]:
    row = {"id": ids["location"], "location_type": "physical", "name": record["name"],
           "organization_id": ids["organization"], "external_identifier": record["id"],
           "external_identifier_type": "carefinder record id"}  # fmt: skip
    if loc := record.get("location"):
        row |= {"latitude": loc["lat"], "longitude": loc["lon"]}
    a = record.get("address") or {}
    parts = (a.get("street"), a.get("city"), a.get("state"), a.get("postal_code"))
    if not all(parts):  # HSDS requires every line of an address: a partial one is left out
        return row, []
    address = {"id": uid(record["id"], "address"), "location_id": ids["location"],
               "address_1": parts[0], "city": parts[1], "state_province": parts[2],
               "postal_code": parts[3], "country": "US", "address_type": "physical"}  # fmt: skip
    return row, [address]


def _phones(record: dict, ids: dict) -> list[dict]:
    rows = []
    for n, phone in enumerate(record.get("phones") or []):
        row = {"id": uid(record["id"], "phone", str(n)), "location_id": ids["location"],
               "service_id": ids["service"], "number": phone["e164"], "type": "voice"}  # fmt: skip
        ext = phone.get("extension")
        if ext:
            row["extension"] = int(ext)  # HSDS types the extension as a number
        # a leading zero is dialled but lost in a number: the description keeps the digits
        words = [phone.get("label"), f"(extension {ext})" if ext and ext[0] == "0" else None]
        if any(words):
            row["description"] = " ".join(filter(None, words))
        rows.append(row)
    return rows


OFFICE_HOURS = "office hours"


def _schedules(record: dict, ids: dict) -> list[dict]:
    """Office hours on the location; each program schedule on the service_at_location, its
    description naming the program ("evening IOP – Intensive outpatient (IOP)")."""
    rid = record["id"]
    rows = schedule_rows(record.get("opening_hours"), f"{rid}/office",
                         {"location_id": ids["location"]}, OFFICE_HOURS)  # fmt: skip
    for n, program in enumerate(record.get("program_schedules") or []):
        level = program.get("level")
        words = [program.get("label"), vocabulary.label("levels_of_care", level) if level else None]
        found = schedule_rows(program["opening_hours"], f"{rid}/program/{n}",
                              {"service_at_location_id": ids["sal"]},
                              " – ".join(filter(None, words)) or "program")  # fmt: skip
        # notes carry the program's number and level slug, so a reader can rebuild it
        rows += [r | {"notes": f"program {n}" + (f"; level {level}" if level else "")}
                 for r in found]  # fmt: skip
    return rows


def _attributes(record: dict, ids: dict) -> list[dict]:
    return [
        {
            "id": uid(ids["service"], "attribute", facet, slug),
            "link_id": ids["service"],
            "link_type": facet,
            "link_entity": "service",
            "taxonomy_term_id": uid("term", facet, slug),
        }  # fmt: skip
        for facet in ATTRIBUTE_FACETS
        for slug in record.get(facet) or []
    ]


def record_rows(record: dict) -> dict[str, list[dict]]:
    """The HSDS rows of one record (organisation rows may repeat across records)."""
    rid = record["id"]
    ids = {"organization": uid(organization_key(record)), "location": uid(rid, "location"),
           "service": uid(rid, "service"), "sal": uid(rid, "service_at_location")}  # fmt: skip
    location, addresses = _location(record, ids)
    a = record.get("address") or {}
    area = ", ".join(filter(None, [a.get("city"), a.get("state")]))
    return {
        "organizations": [{"id": ids["organization"],
                           "name": record.get("organization") or record["name"],
                           "description": "An organisation providing treatment listed by "
                                          "carefinder.",
                           **({"website": record["website"]} if record.get("website") else {})}],
        "locations": [location],
        "addresses": addresses,
        "services": [_service(record, ids)],
        "service_at_locations": [{"id": ids["sal"], "service_id": ids["service"],
                                  "location_id": ids["location"]}],
        "phones": _phones(record, ids),
        "schedules": _schedules(record, ids),
        "service_areas": [{"id": uid(rid, "service_area"), "service_id": ids["service"],
                           "name": area, "description": "Where the facility is; the listing "
                                                        "states no wider area."}] if area else [],
        "languages": [{"id": uid(rid, "language", code), "service_id": ids["service"],
                       "name": vocabulary.label("languages", code), "code": code}
                      for code in record.get("languages") or []],
        "attributes": _attributes(record, ids),
    }  # fmt: skip


def tables(records: Iterable[dict]) -> dict[str, list[dict]]:
    """Every table for ``records``; organisations shared by several records appear once."""
    out: dict[str, list[dict]] = {t: [] for t in TABLES} | taxonomy_rows()
    organizations: set[str] = set()
    for record in records:
        for table, rows in record_rows(record).items():
            if table == "organizations":
                rows = [r for r in rows if r["id"] not in organizations]
                organizations.update(r["id"] for r in rows)
            out[table] += rows
    return out
