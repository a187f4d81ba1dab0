"""Score extracted records against ground truth: per-field precision/recall/F1 and more."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from carefinder.hours import parse as parse_hours

SCORED = ("levels_of_care", "conditions", "payment", "insurers")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in SCORED})
    hours: list[bool] = field(default_factory=list)
    phones: list[bool] = field(default_factory=list)
    postal_codes: list[bool] = field(default_factory=list)
    false_providers: list[str] = field(default_factory=list)
    missed_providers: list[str] = field(default_factory=list)
    record_counts: list[tuple[str, int, int]] = field(default_factory=list)
    provider_pages: int = 0  # truth keys that are a provider's (or not): the rates' totals
    non_provider_pages: int = 0
    errors: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # key → {field: [±slug]}

    def as_dict(self) -> dict:
        rate = lambda xs: f"{sum(xs)}/{len(xs)}"  # noqa: E731
        return {
            "fields": {
                f: {
                    "precision": round(t.precision, 3),
                    "recall": round(t.recall, 3),
                    "f1": round(t.f1, 3),
                    "tp": t.tp,
                    "fp": t.fp,
                    "fn": t.fn,
                }
                for f, t in self.fields.items()
            },  # fmt: skip
            "opening_hours_exact": rate(self.hours),
            "phone_match": rate(self.phones),
            "postal_code_match": rate(self.postal_codes),
            "false_provider_records": self.false_providers,
            "missed_providers": self.missed_providers,
            "record_counts": [c for c in self.record_counts if c[1] != c[2]],
            "errors": self.errors,
        }


def _hours_equal(a: str | None, b: str) -> bool:
    return bool(a) and parse_hours(a).key() == parse_hours(b).key()


def score(predicted: dict[str, list[dict]], truth: dict[str, dict]) -> Scores:
    """``predicted`` and ``truth`` keyed alike (a page file, or a site location)."""
    scores = Scores()
    for key, want in truth.items():
        got = [r for r in predicted.get(key, []) if r.get("kind", "provider") == "provider"]
        if not want.get("provider", True):
            scores.non_provider_pages += 1
            if got:
                scores.false_providers.append(key)
            continue
        scores.provider_pages += 1
        if not got:
            scores.missed_providers.append(key)
        if "records" in want:
            scores.record_counts.append((key, want["records"], len(got)))
        for f in SCORED:
            values = {v for r in got for v in r.get(f) or []}
            required = set(want[f]["required"])
            allowed = required | set(want[f].get("optional", []))
            tally = scores.fields[f]
            tally.tp += len(values & required)
            tally.fp += len(values - allowed)
            tally.fn += len(required - values)
            wrong = [f"+{v}" for v in sorted(values - allowed)] + [
                f"-{v}" for v in sorted(required - values)
            ]
            if wrong:
                scores.errors.setdefault(key, {})[f] = wrong
        if want.get("opening_hours"):
            scores.hours.append(
                any(_hours_equal(r.get("opening_hours"), want["opening_hours"]) for r in got)
            )
        phones = {p["e164"] for r in got for p in r.get("phones") or []}
        scores.phones += [bool(phones & set(slot)) for slot in _slots(want.get("phone"))]
        zips = {(r.get("address") or {}).get("postal_code") for r in got}
        scores.postal_codes += [bool(zips & set(slot)) for slot in _slots(want.get("postal_code"))]
    return scores


def _slots(want) -> list[list[str]]:
    """Truth slots: each a list of alternatives, any one of which counts (a bare value is one)."""
    if not want:
        return []
    return [[want]] if isinstance(want, str) else [[s] if isinstance(s, str) else s for s in want]


def shared_set(directory: str | Path) -> Scores:
    """Extract every page of a shared real-page set (its ``truth.json``: page file → URL,
    whether it is a provider's page, the slugs it supports) on its own, and score it."""
    from crawler.extract.site import extract

    directory = Path(directory)
    truth = json.loads((directory / "truth.json").read_text(encoding="utf-8"))
    predicted = {}
    for name, want in truth.items():
        content = (directory / name).read_bytes().decode("utf-8", errors="replace")
        ctype = "text/html" if name.endswith((".html", ".htm")) else "text/plain"
        predicted[name] = extract(content, want["url"], ctype)
    return score(predicted, truth)


def sample_truth(urls: dict[str, str]) -> dict[str, dict]:
    """Truth keyed "site slug|postal code" (or "site slug|referral") from sites.json."""
    from crawler.sample_web import sites

    truth = {}
    for site in sites():
        spec = site["truth"]
        if spec.get("referral") or not spec["records"]:
            truth[f"{site['slug']}|-"] = {
                "provider": False,
                **{f: {"required": [], "optional": []} for f in SCORED},
            }
        for rec in spec["records"]:
            entry = {"provider": True, "phone": rec["phone"], "postal_code": rec["postal_code"]}
            if rec.get("opening_hours"):
                entry["opening_hours"] = rec["opening_hours"]
            for f in SCORED:
                entry[f] = {"required": rec.get(f, []), "optional": rec.get(f"{f}_optional", [])}
            truth[f"{site['slug']}|{rec['postal_code']}"] = entry
    return truth


def sample_web(records: list[dict], urls: dict[str, str]) -> Scores:
    """Score crawled records of the sample web (``urls``: slug → base URL it was served at)."""
    by_origin = {u.rstrip("/"): slug for slug, u in urls.items()}
    truth = sample_truth(urls)
    predicted: dict[str, list[dict]] = {}
    for record in records:
        slug = by_origin.get((record.get("website") or "").rstrip("/"), "?")
        postal = (record.get("address") or {}).get("postal_code")
        key = f"{slug}|{postal}" if f"{slug}|{postal}" in truth else f"{slug}|-"
        predicted.setdefault(key, []).append(record)
    scores = score(predicted, truth)
    for key, got in predicted.items():  # records for sites or places the truth does not have
        if key not in truth and any(r.get("kind") == "provider" for r in got):
            scores.false_providers.append(key)
    return scores


SHARED_SETS = ("realpages", "realpages2", "realpages4", "seeds")
COLUMNS = ("levels", "conditions", "payment", "insurers", "micro", "false prov", "missed prov",
           "phone", "zip", "hours")  # fmt: skip


def _rate(xs: list[bool]) -> str:
    return f"{sum(xs)}/{len(xs)}" if xs else "-"


def row(scores: Scores) -> dict[str, str]:
    """One set's line of the evaluation table (F1 per field, counts as found/of)."""
    t = scores.fields
    micro = Tally(*(sum(getattr(x, k) for x in t.values()) for k in ("tp", "fp", "fn")))
    return {
        "levels": f"{t['levels_of_care'].f1:.2f}",
        "conditions": f"{t['conditions'].f1:.2f}",
        "payment": f"{t['payment'].f1:.2f}",
        "insurers": f"{t['insurers'].f1:.2f}",
        "micro": f"{micro.f1:.3f}",
        "false prov": f"{len(scores.false_providers)}/{scores.non_provider_pages}",
        "missed prov": f"{len(scores.missed_providers)}/{scores.provider_pages}",
        "phone": _rate(scores.phones),
        "zip": _rate(scores.postal_codes),
        "hours": _rate(scores.hours),
    }


def farm_row(values: dict[str, str]) -> dict[str, str]:
    """The farm's line, from its scorer's summary (it reports micro, levels and insurers F1)."""
    return {
        **dict.fromkeys(COLUMNS, "-"),
        "levels": f"{float(values['levels_f1']):.2f}",
        "insurers": f"{float(values['insurers_f1']):.2f}",
        "micro": f"{float(values['micro_f1']):.3f}",
        "false prov": values["false_providers"],
        "missed prov": f"records {values['records']}",
        "hours": f"{float(values['hours_exact']):.3f}",
    }


def table(rows: dict[str, dict[str, str]]) -> str:
    """The sets one a line, F1 per field and the page counts, in aligned columns."""
    head = ("set", *COLUMNS)
    lines = [head] + [(name, *(r[c] for c in COLUMNS)) for name, r in rows.items()]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip()
                     for line in lines)  # fmt: skip
