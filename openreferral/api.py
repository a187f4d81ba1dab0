"""The HSDS 3.0 API's side of a search (``../shared/spec/hsds/openapi.json``): its parameter
names, its page envelope, and the taxonomy terms that services' attributes refer to by id.

HSDS calls the full-text parameter ``search`` where the query contract says ``q``; ``page`` and
``per_page`` are the contract's, with its bounds (HSDS sets none). Every other parameter is the
contract's own, so a service list filters as the search does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from carefinder.query import PARAMS, BadParameter, SearchQuery, parse, refuse_unknown
from openreferral.tables import taxonomy_rows

RENAMED = {"search": "q"}  # HSDS's name → the query contract's
SERVICE_NAMES = [{v: k for k, v in RENAMED.items()}.get(name, name) for name in PARAMS]
TERM_NAMES = ["search", "page", "per_page"]


def query(args: Mapping[str, Sequence[str]], known: Sequence[str] = SERVICE_NAMES) -> SearchQuery:
    """The checked search of an HSDS request; a name outside ``known`` is refused, and a bad
    value is named as the client spelt it (``search``, not ``q``)."""
    refuse_unknown(args, known)
    try:
        return parse({RENAMED.get(name, name): values for name, values in args.items()})
    except BadParameter as exc:
        hsds = next((h for h, ours in RENAMED.items() if ours == exc.parameter), None)
        if hsds is None:
            raise
        values = {k: v for k, v in exc.message.values.items() if k != "name"}
        raise BadParameter(hsds, exc.message.template, **values) from None


def page(contents: list[dict], total: int, asked: SearchQuery) -> dict:
    """HSDS's Page object around ``contents`` (page ``asked.page`` of ``total`` items)."""
    pages = max(1, -(-total // asked.per_page))
    return {
        "total_items": total, "total_pages": pages, "page_number": asked.page,
        "size": len(contents), "first_page": asked.page == 1,
        "last_page": asked.page >= pages, "empty": not contents, "contents": contents,
    }  # fmt: skip


@cache
def _terms() -> tuple[dict, ...]:
    return tuple(taxonomy_rows()["taxonomy_terms"])


def term(term_id: str) -> dict | None:
    return next((t for t in _terms() if t["id"] == term_id), None)


def terms_page(asked: SearchQuery, search: str) -> dict:
    """The taxonomy terms whose name, code or description holds ``search`` (any case), page
    ``asked.page`` of them."""
    words = search.casefold()
    found = [t for t in _terms()
             if words in f"{t['name']} {t['code']} {t['description']}".casefold()]  # fmt: skip
    start = (asked.page - 1) * asked.per_page
    return page(list(found[start : start + asked.per_page]), len(found), asked)
