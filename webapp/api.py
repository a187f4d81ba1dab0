"""The JSON API: search, one facility, CSV export, vocabulary and its OpenAPI document."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, current_app, g, jsonify, request

from carefinder import vocabulary
from index.search import SearchQuery, search
from webapp.openapi import document
from webapp.params import query_from

bp = Blueprint("api", __name__, url_prefix="/api")
CSV_COLUMNS = ["name", "distance_miles", "street", "city", "state", "postal_code", "phone",
               "levels_of_care", "payment", "insurers", "opening_hours", "website", "id"]  # fmt: skip


def run(query: SearchQuery) -> dict:
    return search(query, current_app.config["INDEX_DIR"], g.deadline)


@bp.get("/search")
def api_search():
    return jsonify(run(query_from(request.args)))


@bp.get("/facility/<record_id>")
def api_facility(record_id: str):
    result = run(SearchQuery(ids=[record_id[:64]], per_page=1, evidence=True))
    if not result["results"]:
        abort(404)
    return jsonify(result["results"][0]["record"])


@bp.get("/export.csv")
def api_export():
    """The search (or the chosen ``id``s) as CSV, for a referral list or a spreadsheet."""
    query = query_from(request.args, default_per_page=200)
    result = run(query)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for hit in result["results"]:
        r, a = hit["record"], hit["record"].get("address") or {}
        phones = r.get("phones") or []
        writer.writerow([_cell(v) for v in (
            r["name"], hit["distance_miles"], a.get("street"), a.get("city"), a.get("state"),
            a.get("postal_code"), phones[0]["e164"] if phones else None,
            "; ".join(r.get("levels_of_care") or []), "; ".join(r.get("payment") or []),
            "; ".join(r.get("insurers") or []), r.get("opening_hours"), r.get("website"), r["id"],
        )])  # fmt: skip
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=carefinder-referral-list.csv"},
    )


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
