"""An HSDS export on disk: one JSON array per table (``organizations.json``, ...), and reading
one back into what a facility listing needs (for round-trip checks)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from carefinder import CarefinderError
from carefinder.hours import weekly_spans
from carefinder.jsonl import write_lines_atomic
from openreferral.tables import DAYS, TABLES, tables


def write(directory: str | Path, records: Iterable[dict]) -> dict[str, int]:
    """Write every table into ``directory`` (each file atomically); rows per table."""
    out = tables(records)
    for table, rows in out.items():
        write_lines_atomic(
            Path(directory) / f"{table}.json", [json.dumps(rows, ensure_ascii=False)]
        )
    return {table: len(rows) for table, rows in out.items()}


def load(directory: str | Path) -> dict[str, list[dict]]:
    found = {}
    for table in TABLES:
        path = Path(directory) / f"{table}.json"
        try:
            found[table] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CarefinderError(f"cannot read HSDS table {path}: {exc}") from None
    return found


def _week(rows: list[dict]) -> list[list[tuple[str, str]]]:
    week: list[list[tuple[str, str]]] = [[] for _ in DAYS]
    for row in rows:
        for day in row["byday"].split(","):
            week[DAYS.index(day)].append((row["opens_at"], row["closes_at"]))
    return [sorted(spans) for spans in week]


def listing(record: dict) -> dict:
    """What the round trip must keep of a record: place, phones, office and program hours."""
    a = record.get("address") or {}
    parts = (a.get("street"), a.get("city"), a.get("state"), a.get("postal_code"))
    loc = record.get("location")

    def week(expression):
        return [sorted((o, "23:59" if c == "24:00" else c) for o, c in day)
                for day in weekly_spans(expression) or [[] for _ in DAYS]]  # fmt: skip

    return {
        "id": record["id"],
        "name": record["name"],
        "point": (loc["lat"], loc["lon"]) if loc else None,
        "address": parts if all(parts) else None,
        "phones": [
            (p["e164"], p.get("extension"), p.get("label")) for p in record.get("phones") or []
        ],
        "hours": week(record.get("opening_hours")),
        "programs": [
            (s.get("level"), week(s["opening_hours"]))
            for s in record.get("program_schedules") or []
        ],  # fmt: skip
    }


def listings(found: dict[str, list[dict]]) -> list[dict]:
    """The listings an export holds, one per location, rebuilt from its tables."""
    by_location: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    sal_location = {s["id"]: s["location_id"] for s in found["service_at_locations"]}
    for table in ("addresses", "phones", "schedules"):
        for row in found[table]:
            where = row.get("location_id") or sal_location[row["service_at_location_id"]]
            by_location[where][table].append(row)
    out = []
    for loc in found["locations"]:
        rows = by_location[loc["id"]]
        programs: dict[str, list[dict]] = defaultdict(list)
        for s in rows["schedules"]:
            if "service_at_location_id" in s:
                programs[s["notes"]].append(s)
        a = rows["addresses"][0] if rows["addresses"] else None
        out.append({
            "id": loc["external_identifier"],
            "name": loc["name"],
            "point": (loc["latitude"], loc["longitude"]) if "latitude" in loc else None,
            "address": (a["address_1"], a["city"], a["state_province"], a["postal_code"]) if a else None,
            "phones": [_phone(p) for p in rows["phones"]],
            "hours": _week([s for s in rows["schedules"] if "location_id" in s]),
            "programs": [(_level(note), _week(rs)) for note, rs in
                         sorted(programs.items(), key=lambda kv: int(kv[0].split()[1].rstrip(";")))],
        })  # fmt: skip
    return out


EXACT_EXTENSION = re.compile(r"\s*\(extension (\d+)\)$")


def _phone(row: dict) -> tuple[str, str | None, str | None]:
    """(E.164, extension digits, label) of a phone row; "(extension 0437)" in the description
    keeps a leading zero that the numeric extension lost."""
    description = row.get("description") or ""
    exact = EXACT_EXTENSION.search(description)
    ext = exact[1] if exact else str(int(row["extension"])) if "extension" in row else None
    label = EXACT_EXTENSION.sub("", description) or None
    return row["number"], ext, label


def _level(note: str) -> str | None:
    """The level slug from a program schedule's notes ("program 0; level iop")."""
    return note.split("; level ", 1)[1] if "; level " in note else None
