"""The JSON API: search, one facility, CSV export, vocabulary and its OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, abort, g, jsonify
from flask_babel import force_locale

from carefinder import vocabulary
from carefinder.query import SearchQuery
from webapp import csvexport
from webapp.engine import get_engine, request_query
from webapp.openapi import document
from webapp.present import criteria

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def api_search():
    return jsonify(get_engine().search(request_query(), g.deadline).to_json())


@bp.get("/hsds/services")
def api_hsds_services():
    """The search as an HSDS 3.0 page of fully nested services (the search's filters apply)."""
    from openreferral.nested import service

    query = request_query()
    result = get_engine().search(query, g.deadline)
    pages = max(1, -(-result.total // query.per_page))
    return jsonify({
        "total_items": result.total, "total_pages": pages, "page_number": query.page,
        "size": len(result.results), "first_page": query.page == 1,
        "last_page": query.page >= pages, "empty": not result.results,
        "contents": [service(hit.record) for hit in result.results],
    })  # fmt: skip


@bp.get("/facility/<record_id>")
def api_facility(record_id: str):
    result = get_engine().search(SearchQuery(ids=[record_id[:64]], per_page=1, evidence=True))
    if not result.results:
        abort(404)
    return jsonify(result.results[0].record)


@bp.get("/export.csv")
def api_export():
    """Every result of the search (or the chosen ``id``s, in the order given) as CSV, in the
    order the site lists them: one row per facility, streamed, never cut short."""
    result, hits = get_engine().export(request_query(), g.deadline)
    with force_locale("en"):  # the CSV is English, as its column names are
        searched = criteria(result.query, result.place)
    return csvexport.response(hits, searched, result.total, result.place and result.place.label)


@bp.get("/vocabulary")
def api_vocabulary():
    return jsonify({
        facet: [{"slug": t.slug, "label": t.label, "description": t.description}
                for t in terms.values()]
        for facet, terms in vocabulary.terms().items()
    })  # fmt: skip


@bp.get("/openapi.json")
def api_openapi():
    return jsonify(document())
