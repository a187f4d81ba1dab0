"""The JSON API: search, one facility, CSV export, vocabulary and its OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, request
from flask_babel import force_locale

from carefinder import vocabulary
from carefinder.query import SearchQuery
from openreferral import api as hsds
from webapp import csvexport
from webapp.engine import get_engine, request_query
from webapp.explain import explain_empty
from webapp.openapi import document
from webapp.present import criteria

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def api_search():
    query = request_query()
    result = get_engine().search(query, g.deadline)
    body = result.to_json()
    if body["total"] == 0:  # why, and what would find something: as the page says it
        with force_locale("en"):
            body["explanation"] = explain_empty(query, result.wider)
    return jsonify(body)


@bp.get("/hsds/services")
def api_hsds_services():
    """The search as an HSDS 3.0 page of nested services (HSDS's ``search``, ``page`` and
    ``per_page``, and the search's filters); attributes refer to taxonomy terms by id."""
    from openreferral.nested import service

    query = hsds.query(request.args.to_dict(flat=False))
    result = get_engine().search(query, g.deadline)
    return jsonify(hsds.page([service(hit.record) for hit in result.results], result.total, query))


@bp.get("/hsds/taxonomy_terms")
def api_hsds_terms():
    """The terms of carefinder's vocabulary taxonomy, as an HSDS page."""
    args = request.args.to_dict(flat=False)
    asked = hsds.query(args, hsds.TERM_NAMES)
    # the words as typed: a term's name is what is sought ("IOP"), not a filter it would make
    return jsonify(hsds.terms_page(asked, (args.get("search") or [""])[-1].strip()))


@bp.get("/hsds/taxonomy_terms/<term_id>")
def api_hsds_term(term_id: str):
    found = hsds.term(term_id)
    if found is None:
        abort(404)
    return jsonify(found)


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
