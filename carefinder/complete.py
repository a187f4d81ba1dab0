"""A record made complete where it is written: the vocabulary's implications and an offline
location. Every producer calls ``complete`` once (the crawl's record steps, ``carefinder
extract``, the SAMHSA import, ``merge`` after combining a group), so records.jsonl, the index,
the API and the HSDS export hold the same facts and nothing downstream patches a record."""

from __future__ import annotations

from carefinder import gazetteer, implications


def offline_location(address: dict | None) -> dict | None:
    """The address's ZIP centroid, else its city's point, with which of the two it is."""
    place = gazetteer.locate(address)
    return {"lat": place.lat, "lon": place.lon, "precision": place.precision} if place else None


def complete(record: dict) -> dict:
    """Add implied values (with evidence; ``mental_health`` never on crawled-only records, as
    ``implications.apply`` says) and, when the record has no location, the offline one. In
    place; returns the record. A second call changes nothing."""
    implications.apply(record)
    if not record.get("location") and (location := offline_location(record.get("address"))):
        record["location"] = location
    return record
