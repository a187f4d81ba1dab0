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
            if got:
                scores.false_providers.append(key)
            continue
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
        if "opening_hours" in want:
            scores.hours.append(
                any(_hours_equal(r.get("opening_hours"), want["opening_hours"]) for r in got)
            )
        if "phone" in want:
            scores.phones.append(
                any(p["e164"] == want["phone"] for r in got for p in r.get("phones") or [])
            )
        if "postal_code" in want:
            scores.postal_codes.append(
                any((r.get("address") or {}).get("postal_code") == want["postal_code"] for r in got)
            )
    return scores


def realpages(directory: str | Path, truth_file: str | Path) -> Scores:
    """Extract every page of the truth file on its own and score it."""
    from crawler.extract.site import extract

    truth = json.loads(Path(truth_file).read_text(encoding="utf-8"))["pages"]
    predicted = {}
    for name in truth:
        path = Path(directory) / name
        content = path.read_text(encoding="utf-8", errors="replace")
        url = f"https://{name.split('_')[1]}.example/{name.split('_', 2)[2].rsplit('.', 1)[0]}"
        predicted[name] = extract(
            content, url, "text/html" if name.endswith(".html") else "text/plain"
        )
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
