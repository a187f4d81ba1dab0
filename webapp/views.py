"""The pages: search, facility, referral sheet."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Blueprint, abort, g, render_template, request
from flask_babel import gettext as _

from carefinder import CarefinderError, vocabulary
from carefinder.query import FILTER_PARAMS, PARAMS, RADIUS_MENU, SearchQuery
from index.search import SearchTooSlow
from index.store import IndexUnavailable
from webapp import present
from webapp.engine import get_engine, request_query
from webapp.explain import explain_empty
from webapp.i18n import translate, ui_label

bp = Blueprint("site", __name__)
SHEET_LIMIT = 1000  # facilities on one printed sheet; the CSV always has every one
SHORT_FORM = ("level", "payment")  # filters in the short form; the others fold away


def _asked(args) -> bool:
    """Whether the request asks for a search (a place, words or a filter), not just the form."""
    names = ("near", "q", "open", *FILTER_PARAMS)
    return any(v.strip() for name in names for v in args.getlist(name))


@bp.get("/")
def home():
    args = request.args
    engine = get_engine()
    error, result, query, explain, choices = None, None, None, None, []
    try:
        query = request_query(form=True)
        if _asked(args):
            result = engine.search(query, g.deadline)
        elif args:
            error = _("Type a ZIP code, city or address (or choose a filter) to search.")
    except (IndexUnavailable, SearchTooSlow):
        raise  # the server's trouble, not the person's input: a 503 from the app's handler
    except CarefinderError as exc:
        error = translate(exc.message)
        choices = getattr(exc, "choices", [])  # places an unknown place may mean: links
    if result is not None and result.total == 0:
        explain = explain_empty(query)
    return render_template(
        "search.html", args=args, result=result, error=error, choices=choices,
        query=query or SearchQuery(),
        explain=explain, filters=_filter_groups(query, result, engine.available()),
        radius_menu=_radius_menu(query), present=present, short_form=SHORT_FORM,
        available_hours=engine.available()["open"],
    ), (400 if error and args else 200)  # fmt: skip


def _radius_menu(query: SearchQuery | None) -> list[float]:
    """The menu, plus the asked-for radius when it is not on it: a radius is kept exactly."""
    asked = query.radius if query else PARAMS["radius"].default
    return sorted({*RADIUS_MENU, asked})


def _filter_groups(query, result, available: dict[str, dict[str, int]]) -> list[dict]:
    """Per filter kind, the values to offer: those some facility in the index has (or chosen),
    each with its disjunctive count when a search ran."""
    groups = []
    chosen_all = query.filters if query else {}
    for param, facet in FILTER_PARAMS.items():
        chosen = chosen_all.get(facet, [])
        have = available.get(facet, {})
        known = vocabulary.slugs(facet)
        values = [*known, *sorted(({*have} | {*chosen}) - {*known})]  # e.g. unlabelled languages
        options = [
            {"slug": slug, "label": ui_label(facet, slug), "chosen": slug in chosen,
             "count": result.facets[facet].get(slug, 0) if result else None,
             "none_anywhere": not have.get(slug)}
            for slug in values
            if have.get(slug) or slug in chosen
        ]  # fmt: skip
        title = present.FILTER_TITLES.get(param, param.capitalize())  # a lazy string
        groups.append({"param": param, "facet": facet, "title": title, "options": options,
                       "chosen": len(chosen)})  # fmt: skip
    return groups


def why(record: dict, query) -> list[str]:
    """Labels of the chosen filter values this facility has (directly or by implication)."""
    reasons = []
    for facet, values in query.filters.items():
        have = set(record.get(facet) or [])
        for slug in values:
            implied_by = vocabulary.implying(facet, slug)
            if slug in have or any(s in (record.get(f) or []) for f, s in implied_by):
                reasons.append(ui_label(facet, slug))
    return reasons


bp.add_app_template_global(why, "why")


def export_args(query: SearchQuery) -> dict[str, list[str]]:
    """The search as the CSV export's parameters: only the contract's, none blank and none at
    its default. A page's own URL also carries its ``lang`` and the form's blank "Any"
    choices, which the API refuses."""
    default = SearchQuery().raw()
    raw = query.raw()
    return {name: values for name, values in raw.items()
            if values != default[name] and any(values) and name not in ("page", "per_page")}  # fmt: skip


bp.add_app_template_global(export_args, "export_args")


@bp.get("/facility/<record_id>")
def facility(record_id: str):
    result = get_engine().search(SearchQuery(ids=[record_id[:64]], per_page=1, evidence=True))
    if not result.results:
        abort(404)
    record = result.results[0].record
    return render_template(
        "facility.html", f=present.facility_view(record), record=record,
        hours=present.hours_table(record),
    )  # fmt: skip


@bp.get("/referral")
def referral():
    """The sheet to print: the chosen ``id``s in the order given, else every result of the
    search in the order the site lists them; distances from ``near`` when given."""
    query = replace(request_query(form=True), page=1, per_page=1)
    if not query.ids and not _asked(request.args):
        return render_template("referral.html", result=None, hits=[], query=query)
    result, hits = get_engine().export(query)
    shown = [hit for _, hit in zip(range(SHEET_LIMIT), hits, strict=False)]
    return render_template(
        "referral.html", result=result, hits=shown, query=query, present=present,
        criteria=present.criteria(query, result.place), today=date.today().isoformat(),
        limit=SHEET_LIMIT,
    )  # fmt: skip
