"""What a search returns: typed values, with the JSON shape the API serves."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from carefinder.query import SearchQuery
from index.geocode import Point


@dataclass
class Hit:
    record: dict  # the facility record of RECORD.md (without evidence unless asked for)
    distance_miles: float | None  # from the resolved place, when one was given

    def to_json(self) -> dict:
        return {"record": self.record, "distance_miles": self.distance_miles}


@dataclass
class SearchResult:
    query: SearchQuery
    place: Point | None  # what ``near`` was resolved to
    total: int
    facets: dict[str, dict[str, int]]  # disjunctive counts: each kind's own filter ignored
    results: list[Hit]
    # In each kind that has a choice, the total once a value is ticked or unticked (the pages'
    # checkboxes); other kinds' values: a click gives the disjunctive count of ``facets``.
    clicks: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "query": {
                **asdict(self.query),
                "near_resolved": asdict(self.place) if self.place else None,
            },
            "total": self.total,
            "facets": self.facets,
            "results": [h.to_json() for h in self.results],
        }
