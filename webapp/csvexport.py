"""The CSV of a search or a referral list: one row per facility in the words the sheet shows
(labels, phones as dialled by people, hours in words), plus E.164 phones for machines."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date

from flask import Response, stream_with_context
from flask_babel import force_locale

from carefinder import phones
from webapp.i18n import ui_label
from webapp.present import data_date, full_address, hours_in_words, phone_parts

COLUMNS = ["rank", "name", "distance_miles", "distance_from", "address", "street", "city",
           "state", "postal_code", "phone", "phone_extension", "intake_phone",
           "intake_extension", "levels_of_care", "payment", "insurers", "conditions",
           "opening_hours", "website", "data", "phone_e164", "intake_phone_e164", "id", "search",
           "exported", "help"]  # fmt: skip
# Every row carries the lines to call, so a list passed on without the sheet still has them.
HELP = "988 Suicide & Crisis Lifeline (call or text); SAMHSA National Helpline 1-800-662-4357"
E164 = re.compile(r"\+[1-9][0-9]{6,14}")
LISTED = ("levels_of_care", "payment", "insurers", "conditions")


def response(hits: Iterable, searched: str, total: int, place: str | None = None) -> Response:
    """The rows as a streamed CSV download. ``hits`` have ``record`` and ``distance_miles``,
    measured from ``place`` (a search's), or from each hit's own ``place`` (a referral list's
    picks, each from the search it was picked in)."""
    today = date.today().isoformat()
    return Response(
        stream_with_context(_lines(hits, searched, today, place)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f"attachment; filename=carefinder-{today}.csv",
            "X-Total-Count": str(total),
        },
    )


def _lines(hits: Iterable, searched: str, today: str, place: str | None) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for rank, hit in enumerate(hits, 1):
        with force_locale("en"):  # the CSV is English, as its column names are
            writer.writerow([_cell(v) for v in row(rank, hit, searched, today, place)])
        if out.tell() > 64_000:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def row(rank: int, hit, searched: str, today: str, place: str | None) -> list:
    r, a = hit.record, hit.record.get("address") or {}
    main, intake = phone_parts(r)
    place = getattr(hit, "place", None) or place
    words = {f: "; ".join(ui_label(f, s) for s in r.get(f) or []) for f in LISTED}
    return [
        rank, r["name"], "" if hit.distance_miles is None else hit.distance_miles,
        (place or "") if hit.distance_miles is not None else "", full_address(r), a.get("street"),
        a.get("city"), a.get("state"), a.get("postal_code"), _shown(main), _ext(main),
        _shown(intake), _ext(intake), *words.values(), hours_in_words(r.get("opening_hours")),
        r.get("website"), data_date(r), (main or {}).get("e164"), (intake or {}).get("e164"),
        r["id"], searched, today, HELP,
    ]  # fmt: skip


def _shown(phone: dict | None) -> str:
    return phones.display(phone["e164"]) if phone else ""


def _ext(phone: dict | None) -> str | None:
    return phones.extension(phone.get("extension")) if phone else None


def _cell(value) -> str:
    """Text for a CSV cell, defused against spreadsheet formula injection (every cell: an id, a
    phone's leading + or a crafted street name can start a formula just as well as a name)."""
    text = "" if value is None else str(value)
    if E164.fullmatch(text):  # digits after a "+" compute nothing: kept as machines read them
        return text
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
