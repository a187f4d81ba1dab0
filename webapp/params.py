"""Request parameters → a SearchQuery, with a 400 naming the parameter when one is bad."""

from __future__ import annotations

from carefinder import CarefinderError, vocabulary
from index.search import OPEN_VALUES, SORTS, SearchQuery

FILTER_PARAMS = vocabulary.FILTER_NAMES


class BadParameter(CarefinderError):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter


SINGLE = ("q", "near", "radius", "sort", "page", "per_page", "evidence")  # one value each


def _number(args, name: str, kind, default, low, high):
    if name not in args:
        return default
    raw = args[name].strip()
    if not raw:
        raise BadParameter(name, f"{name} must be a number, not empty")
    try:
        value = kind(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be a number, not {raw[:40]!r}") from None
    if not low <= value <= high or value != value:
        raise BadParameter(name, f"{name} must be between {low:g} and {high:g}")
    return value


def _flag(args, name: str) -> bool:
    raw = args.get(name, "false").strip().lower()
    if raw not in ("true", "false", "1", "0"):
        raise BadParameter(name, f"{name} must be true or false, not {raw[:20]!r}")
    return raw in ("true", "1")


def query_from(args, default_per_page: int = 20) -> SearchQuery:
    """Read the search parameters of a request (``args`` is a MultiDict)."""
    for name in SINGLE:
        if len(args.getlist(name)) > 1:
            raise BadParameter(name, f"{name} can be given only once")
    filters = {}
    for param, facet in FILTER_PARAMS.items():
        values = [v.strip() for v in args.getlist(param)]
        for v in values:
            if not vocabulary.is_valid(facet, v):
                valid = ", ".join(vocabulary.slugs(facet))
                raise BadParameter(param, f"unknown {param} {v[:40]!r}; valid: {valid}")
        if values:
            filters[facet] = values
    opens = args.getlist("open")
    for v in opens:
        if v not in OPEN_VALUES:
            raise BadParameter("open", f"unknown open {v[:40]!r}; valid: {', '.join(OPEN_VALUES)}")
    sort = args.get("sort")
    if sort is not None and sort not in SORTS:
        raise BadParameter("sort", f"unknown sort {sort[:40]!r}; valid: {', '.join(SORTS)}")
    text = args.get("q", "")
    if len(text) > 500:
        raise BadParameter("q", "q is too long (500 characters at most)")
    near = args.get("near", "").strip() or None
    if near and len(near) > 200:
        raise BadParameter("near", "near is too long (200 characters at most)")
    return SearchQuery(
        text=text,
        near=near,
        radius=_number(args, "radius", float, 25.0, 1, 500),
        filters=filters,
        open=opens,
        sort=sort,
        page=_number(args, "page", int, 1, 1, 10_000),
        per_page=_number(args, "per_page", int, default_per_page, 1, 200),
        ids=[i for i in args.getlist("id") if i][:200],
        evidence=_flag(args, "evidence"),
    )
