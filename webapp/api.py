"""The JSON API: search, one facility, CSV export, vocabulary and its OpenAPI document."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, Response, abort, g, jsonify, request, stream_with_context
from flask_babel import force_locale

from carefinder import vocabulary
from carefinder.query import SearchQuery
from openreferral import api as hsds
from webapp.engine import get_engine, request_query
from webapp.explain import explain_empty
from webapp.openapi import document
from webapp.present import criteria, data_date, full_address, phone_parts

bp = Blueprint("api", __name__, url_prefix="/api")
CSV_COLUMNS = ["rank", "name", "distance_miles", "address", "street", "city", "state",
               "postal_code", "phone", "phone_extension", "intake_phone", "intake_extension",
               "levels_of_care", "payment", "insurers", "conditions", "opening_hours", "website",
               "data", "id", "search", "exported", "help"]  # fmt: skip
# Every row carries the lines to call, so a list passed on without the sheet still has them.
HELP = "988 Suicide & Crisis Lifeline (call or text); SAMHSA National Helpline 1-800-662-4357"


@bp.get("/search")
def api_search():
    query = request_query()
    body = get_engine().search(query, g.deadline).to_json()
    if body["total"] == 0:  # why, and what would find something: as the page says it
        with force_locale("en"):
            body["explanation"] = explain_empty(query)
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
    return jsonify(hsds.terms_page(hsds.query(request.args.to_dict(flat=False), hsds.TERM_NAMES)))


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
    with force_locale("en"):  # the CSV is English, as its slugs and column names are
        searched, today = criteria(result.query, result.place), date.today().isoformat()

    def rows():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for rank, hit in enumerate(hits, 1):
            with force_locale("en"):
                writer.writerow(_row(rank, hit, searched, today))
            if out.tell() > 64_000:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    return Response(
        stream_with_context(rows()),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f"attachment; filename=carefinder-{today}.csv",
            "X-Total-Count": str(result.total),
        },
    )


def _row(rank: int, hit, searched: str, today: str) -> list:
    r, a = hit.record, hit.record.get("address") or {}
    main, intake = phone_parts(r)
    return [_cell(v) for v in (
        rank, r["name"], "" if hit.distance_miles is None else hit.distance_miles,
        full_address(r), a.get("street"), a.get("city"), a.get("state"), a.get("postal_code"),
        main["e164"] if main else "", (main or {}).get("extension"),
        intake["e164"] if intake else "", (intake or {}).get("extension"),
        "; ".join(r.get("levels_of_care") or []), "; ".join(r.get("payment") or []),
        "; ".join(r.get("insurers") or []), "; ".join(r.get("conditions") or []),
        r.get("opening_hours"), r.get("website"), data_date(r), r["id"], searched, today, HELP,
    )]  # every cell defused, the id and phones included  # fmt: skip


def _cell(value) -> str:
    """Text for a CSV cell, defused against spreadsheet formula injection (every cell: an id, a
    phone's leading + or a crafted street name can start a formula just as well as a name)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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
