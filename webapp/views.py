"""The pages: search, facility, referral sheet."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Blueprint, abort, current_app, g, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from carefinder import CarefinderError, vocabulary
from carefinder.query import FILTER_PARAMS, PARAMS, RADIUS_MENU, SearchQuery
from index.search import SearchTooSlow
from index.store import IndexUnavailable
from webapp import csvexport, present
from webapp.engine import get_engine, request_query
from webapp.explain import explain_empty, wider_option
from webapp.i18n import translate, ui_label
from webapp.picks import chosen

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
    error, result, query, explain, wider, choices = None, None, None, None, None, []
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
        explain = explain_empty(query, result.wider)
    elif result is not None and result.wider:  # found for another chosen condition
        wider = wider_option(result.wider)
    if query and query.read:
        args = _as_read(args, query)
    return render_template(
        "search.html", args=args, result=result, error=error, choices=choices,
        query=query or SearchQuery(), explain=explain, wider=wider,
        filters=_filter_groups(query, result, engine.available()),
        hours_counts=_hours_counts(query, result),
        radius_menu=_radius_menu(query), present=present, short_form=SHORT_FORM,
        search_args=_search_args(args),
        available_hours=engine.available()["open"],
    ), (400 if error and args else 200)  # fmt: skip


def _search_args(args, *more: str) -> dict[str, list[str]]:
    """The search's own parameters (and ``more``), to carry in a link (url_for reads keys such
    as _external itself, so nothing else passes)."""
    return {name: values for name, values in args.lists() if name in PARAMS or name in more}


def _hours_counts(query: SearchQuery | None, result) -> dict[str, str | None]:
    """The number beside each hours checkbox, as for the other checkboxes."""
    tags = [o for o in query.open if o != "now"] if query else []
    return {tag: _count_text(result, "open", tag, tags, True) for tag in ("evening", "weekend")}


def _as_read(args, query: SearchQuery) -> MultiDict:
    """The request's arguments with the keyword box's words that were read as filters moved
    to those filters: the form shows them chosen, and every link (pages, "without the … filter",
    print, CSV) carries them as filters one can drop, not as words that would come back."""
    out = MultiDict(args)
    out.setlist("q", [query.text] if query.text else [])
    for reading in query.read:
        if reading.value not in out.getlist(reading.param):
            out.add(reading.param, reading.value)
    return out


def _radius_menu(query: SearchQuery | None) -> list[float]:
    """The menu, plus the asked-for radius when it is not on it: a radius is kept exactly."""
    asked = query.radius if query else PARAMS["radius"].default
    return sorted({*RADIUS_MENU, asked})


def _filter_groups(query, result, available: dict[str, dict[str, int]]) -> list[dict]:
    """Per filter kind, the values to offer: those some facility in the index has (or chosen),
    each with the number of facilities choosing it gives, when a search ran."""
    groups = []
    chosen_all = query.filters if query else {}
    for param, facet in FILTER_PARAMS.items():
        chosen = chosen_all.get(facet, [])
        have = available.get(facet, {})
        known = vocabulary.slugs(facet)
        values = [*known, *sorted(({*have} | {*chosen}) - {*known})]  # e.g. unlabelled languages
        boxes = param not in SHORT_FORM  # checkboxes; the short form's kinds are menus
        options = [
            {"slug": slug, "label": ui_label(facet, slug), "chosen": slug in chosen,
             "count": _count_text(result, facet, slug, chosen, boxes),
             "none_anywhere": not have.get(slug)}
            for slug in values
            if have.get(slug) or slug in chosen
        ]  # fmt: skip
        title = present.FILTER_TITLES.get(param, param.capitalize())  # a lazy string
        groups.append({"param": param, "facet": facet, "title": title, "options": options,
                       "chosen": len(chosen)})  # fmt: skip
    return groups


def _count_text(result, facet: str, slug: str, chosen: list[str], box: bool) -> str | None:
    """The number beside a value: how many facilities the search finds once it is clicked. A
    menu's value replaces its kind's choice (the disjunctive count); a checkbox in a kind that
    has a choice is added to it or taken out, and the words say which."""
    if result is None:
        return None
    if not (box and chosen):
        return str(result.facets[facet].get(slug, 0))
    total = result.clicks[facet].get(slug, result.total)
    if slug in chosen:
        if _last_choice(result.query, facet, slug):
            return None  # unticking it asks for nothing: the page then asks for a place
        return _("%(num)d if unticked", num=total)
    return _("%(num)d if ticked", num=total)


def _last_choice(query: SearchQuery, facet: str, slug: str) -> bool:
    """Whether ``slug`` is all the search asks for (no place, words or other choice)."""
    if query.near or query.text.strip():
        return False
    chosen = [*(v for values in query.filters.values() for v in values), *query.open]
    return chosen == [slug]


# Facets a result card lists in full (levels, the plans and ways to pay asked for, marks and
# intake): a chosen value the record states there is not said again as a match.
ON_CARD = ("levels_of_care", "payment", "insurers", "accreditations", "intake")


def why(record: dict, query) -> list[str]:
    """Labels of the chosen filter values this facility has by implication, or states where
    the card does not show them already."""
    reasons = []
    for facet, values in query.filters.items():
        have = set(record.get(facet) or [])
        for slug in values:
            if slug in have and facet in ON_CARD:
                continue
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
    """One facility; the results' links carry their search, so the page links back to it."""
    result = get_engine().search(SearchQuery(ids=[record_id[:64]], per_page=1, evidence=True))
    if not result.results:
        abort(404)
    record = result.results[0].record
    back = url_for("site.home", **_search_args(request.args)) + "#results"
    return render_template(
        "facility.html", f=present.facility_view(record), record=record,
        hours=present.hours_table(record), back=back if _asked(request.args) else None,
        present=present,
    )  # fmt: skip


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask every site for /favicon.ico: the icon, not a 404 on every page."""
    return current_app.send_static_file("favicon.ico")


@bp.get("/referral")
def referral():
    """The sheet to print: the chosen ``id``s in the order given (each with its distance from
    the place it was picked near), else every result of the search in the order the site
    lists them."""
    query = replace(request_query(form=True), page=1, per_page=1)
    if query.ids:
        picks = chosen(query, request.args.getlist("at"))
        total, hits, searched = len(picks), picks, present.chosen_criteria(len(picks))
    elif _asked(request.args):
        result, found = get_engine().export(query)
        total, searched = result.total, present.criteria(query, result.place)
        hits = [hit for _, hit in zip(range(SHEET_LIMIT), found, strict=False)]
    else:
        return render_template("referral.html", hits=None, query=query)
    return render_template(
        "referral.html", total=total, hits=hits, query=query, present=present,
        criteria=searched, today=date.today().isoformat(), limit=SHEET_LIMIT,
        missing=len(query.ids) - total if query.ids else 0,
        csv_url=url_for("site.referral_csv", **_search_args(request.args, "at")) if query.ids
        else url_for("api.api_export", **export_args(query)),
    )  # fmt: skip


@bp.get("/referral.csv")
def referral_csv():
    """The referral list as CSV: the chosen facilities, each with the distance the sheet shows."""
    query = request_query(form=True)
    picks = chosen(query, request.args.getlist("at"))
    with force_locale("en"):  # the CSV is English, as its column names are
        searched = present.chosen_criteria(len(picks))
    return csvexport.response(picks, searched, len(picks))
