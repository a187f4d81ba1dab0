"""One record as the nested service object of the HSDS 3.0 API (``compiled/service.json``)."""

from __future__ import annotations

from openreferral.tables import record_rows


def service(record: dict) -> dict:
    """The record's service with its organisation, location, phones, schedules, areas,
    languages and attributes nested inside it. An attribute names its taxonomy term by
    ``taxonomy_term_id`` (the terms are served once, at /api/hsds/taxonomy_terms): a copy of
    the term in every attribute made a page of 20 services weigh 354 KB."""
    rows = record_rows(record)
    located = [s for s in rows["schedules"] if "location_id" in s]
    programs = [s for s in rows["schedules"] if "service_at_location_id" in s]
    location = rows["locations"][0] | {
        "addresses": rows["addresses"],
        "phones": rows["phones"],
        "schedules": located,
    }
    (service_row,) = rows["services"]
    return service_row | {
        "organization": rows["organizations"][0],
        "phones": rows["phones"],
        "service_areas": rows["service_areas"],
        "languages": rows["languages"],
        "service_at_locations": [
            rows["service_at_locations"][0] | {"schedules": programs, "location": location}
        ],
        "attributes": rows["attributes"],
    }
