"""Why a search found nothing, and what would find something: one answer for the search page
and the JSON API."""

from __future__ import annotations

from dataclasses import replace

from flask_babel import gettext as _

from carefinder.query import FILTER_PARAMS, RADIUS_MENU, SearchQuery
from webapp import present
from webapp.engine import get_engine
from webapp.i18n import ui_label

PARAM_OF = {facet: param for param, facet in FILTER_PARAMS.items()}


def explain_empty(query: SearchQuery) -> dict:
    """Why a search found nothing: which kind of filter emptied it and why, and the nearest
    relaxations that find something (a wider radius from the menu, or one kind dropped), each
    with its total. Words in the request's language; the page shows them, the API (in English)
    returns them with the parameter each one is about."""
    engine = get_engine()
    area = engine.search(replace(query, filters={}, open=[], page=1, per_page=1))
    reasons = []
    for facet, values in query.filters.items():
        stated = present.STATED.get(PARAM_OF[facet], facet.replace("_", " "))
        if not engine.available().get(facet):
            reasons.append(
                _reason(facet, _("no listing in this directory states %(what)s", what=stated))
            )
        elif area.total and not area.facets.get(facet):
            reasons.append(
                _reason(facet, _("no listing in this area states %(what)s", what=stated))
            )
        elif area.total and not any(area.facets[facet].get(v) for v in values):
            names = present.one_of(ui_label(facet, v) for v in values)
            reasons.append(
                _reason(facet, _("no listing in this area has %(values)s", values=names))
            )
    tags = [o for o in query.open if o != "now"]
    if tags and area.total and not any(area.facets["open"].get(t) for t in tags):
        reasons.append(
            {
                "parameter": "open",
                "text": _("no listing in this area states evening or weekend hours"),
            }
        )
    options = []
    if query.near:
        for radius in (r for r in RADIUS_MENU if r > query.radius):
            total = engine.search(replace(query, radius=float(radius), page=1, per_page=1)).total
            if total:
                options.append({"text": _("within %(radius)s miles", radius=radius),
                                "total": total, "drop": [], "radius": radius})  # fmt: skip
                break
    kinds = [PARAM_OF[f] for f in query.filters] + (["open"] if query.open else [])
    for param in kinds:
        fewer = replace(
            query,
            filters={f: v for f, v in query.filters.items() if PARAM_OF[f] != param},
            open=[] if param == "open" else query.open, page=1, per_page=1,
        )  # fmt: skip
        if total := engine.search(fewer).total:
            kind = str(present.FILTER_TITLES[param]).lower()
            options.append({"text": _("without the %(kind)s filter", kind=kind), "total": total,
                            "drop": [param], "radius": None})  # fmt: skip
    return {"reasons": reasons, "options": options, "area": area.total}


def _reason(facet: str, text: str) -> dict:
    return {"parameter": PARAM_OF[facet], "text": text}
