"""The pages: search, facility, referral sheet."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, current_app, render_template, request

from carefinder import CarefinderError, vocabulary
from index.search import search
from webapp.params import FILTER_PARAMS, query_from
from webapp.present import facility_view, hours_table

bp = Blueprint("site", __name__)


def run(query):
    return search(query, current_app.config["INDEX_DIR"])


@bp.get("/")
def home():
    args = request.args
    searched = any(k in args for k in ("near", "q", *FILTER_PARAMS, "open"))
    error, result, query = None, None, None
    try:
        query = query_from(args)
        if searched:
            result = run(query)
    except CarefinderError as exc:
        error = str(exc)
    widen = None
    if result is not None and result["total"] == 0 and query and query.near:
        wider = replace(query, radius=min(500.0, query.radius * 4), page=1)
        try:
            widen = {"radius": wider.radius, "total": run(wider)["total"]}
        except CarefinderError:
            widen = None
    status = 400 if error else 200
    return render_template(
        "search.html", args=args, result=result, error=error, query=query, widen=widen,
        filters=FILTER_PARAMS, vocab=vocabulary, searched=searched,
    ), status  # fmt: skip


@bp.get("/facility/<record_id>")
def facility(record_id: str):
    from index.search import SearchQuery

    result = run(SearchQuery(ids=[record_id[:64]], per_page=1, evidence=True))
    if not result["results"]:
        abort(404)
    record = result["results"][0]["record"]
    return render_template(
        "facility.html", f=facility_view(record), record=record, hours=hours_table(record)
    )


@bp.get("/referral")
def referral():
    from index.search import SearchQuery

    ids = [i[:64] for i in request.args.getlist("id") if i][:50]
    if not ids:
        return render_template("error.html", status=400,
                               message="Choose at least one facility for the referral list."), 400  # fmt: skip
    result = run(SearchQuery(ids=ids, per_page=50))
    facilities = [facility_view(hit["record"]) for hit in result["results"]]
    return render_template("referral.html", facilities=facilities, ids=ids)
