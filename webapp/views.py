"""The pages: search, facility, referral sheet."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, g, render_template, request, url_for

from carefinder import CarefinderError, vocabulary
from index.search import SearchTooSlow, search
from index.store import IndexUnavailable
from webapp.params import FILTER_PARAMS, query_from
from webapp.present import facility_view, hours_table

bp = Blueprint("site", __name__)


def run(query):
    return search(query, current_app.config["INDEX_DIR"], g.deadline)


@bp.get("/")
def home():
    args = request.args
    searched = any(k in args for k in ("near", "q", *FILTER_PARAMS, "open"))
    error, result, query = None, None, None
    try:
        query = query_from(args)
        if searched:
            result = run(query)
    except (IndexUnavailable, SearchTooSlow):
        raise  # the server's trouble, not the person's input: a 503 from the app's handler
    except CarefinderError as exc:
        error = str(exc)
    relax = []
    if result is not None and result["total"] == 0:
        with suppress(SearchTooSlow):  # suggestions are extra: the answer itself is in time
            relax = _relaxations(query)
    status = 400 if error else 200
    return render_template(
        "search.html", args=args, result=result, error=error, query=query, relax=relax,
        filters=FILTER_PARAMS, vocab=vocabulary, searched=searched, why=_why, page_url=_page_url,
    ), status  # fmt: skip


def _page_url(page: int) -> str:
    """This search on another page: every parameter kept, ``page`` replaced (wherever it was)."""
    params = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    return url_for("site.home") + "?" + urlencode([*params, ("page", page)])


PARAM_OF = {facet: param for param, facet in FILTER_PARAMS.items()}


def _relaxations(query) -> list[dict]:
    """For an empty result: how many a wider radius, or dropping one kind of filter, would give."""
    options = []
    if query.near and query.radius < 500:
        wider = replace(query, radius=min(500.0, query.radius * 4), page=1)
        options.append({"text": f"within {wider.radius:g} miles", "total": run(wider)["total"],
                        "drop": [], "radius": wider.radius})  # fmt: skip
    for facet in query.filters:
        fewer = {f: v for f, v in query.filters.items() if f != facet}
        total = run(replace(query, filters=fewer, page=1))["total"]
        label = facet.replace("_", " ")
        options.append({"text": f"without the {label} filter", "total": total,
                        "drop": [PARAM_OF[facet]], "radius": None})  # fmt: skip
    if query.open:
        total = run(replace(query, open=[], page=1))["total"]
        options.append(
            {"text": "without the hours filter", "total": total, "drop": ["open"], "radius": None}
        )
    return [o for o in options if o["total"]]


def _why(record: dict, query) -> list[str]:
    """Labels of the chosen filter values this facility has (directly or by implication)."""
    from carefinder.vocabulary import implying

    reasons = []
    for facet, values in query.filters.items():
        have = set(record.get(facet) or [])
        for slug in values:
            implied_by = implying(facet, slug)
            if slug in have or any(s in (record.get(f) or []) for f, s in implied_by):
                reasons.append(vocabulary.label(facet, slug))
    return reasons


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
