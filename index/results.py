"""What a search returns: typed values, with the JSON shape the API serves."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from carefinder import vocabulary
from carefinder.query import SearchQuery
from index.geocode import Point

# RECORD.md §2: a named mental condition that no listing here states is offered the listings
# for mental health in general (a directory names no condition for most of them) as the honest
# wider match, said as such.
WIDER = ("conditions", "mental_health")


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

    @property
    def wider(self) -> dict | None:
        """The wider match for chosen named mental conditions no listing here states (other
        filters, place and words kept): those conditions, and what a search with ``condition=
        mental_health`` instead of the chosen conditions finds (the facet's disjunctive count:
        no second search)."""
        facet, slug = WIDER
        chosen = self.query.filters.get(facet, [])
        counts = self.facets.get(facet, {})
        unstated = [
            c for c in chosen if not counts.get(c) and WIDER in vocabulary.implied(facet, c)
        ]
        if not unstated or slug in chosen or not counts.get(slug):
            return None
        param = next(p for p, f in vocabulary.FILTER_NAMES.items() if f == facet)
        return {"unstated": unstated, "param": param, "value": slug, "total": counts[slug]}

    def to_json(self) -> dict:
        return {
            "query": {
                **asdict(self.query),
                "near_resolved": asdict(self.place) if self.place else None,
            },
            "total": self.total,
            "facets": self.facets,
            "wider_match": self.wider,
            "results": [h.to_json() for h in self.results],
        }
