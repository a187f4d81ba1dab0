"""Extraction speed per page: every page of the generated farm and the real pages, plus pages
built to be hard (a 0.5 MB and a 5 MB page, 200 KB of nested JSON-LD brackets).

    python bench/extract_bench.py            # prints a Markdown table for bench/RESULTS.md
"""

from __future__ import annotations

import gc
import statistics
import time
from pathlib import Path

from crawler.extract.page import page_facts

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def _time(content: str, url: str, kind: str = "text/html") -> float:
    started = time.perf_counter()
    page_facts(content, url, kind)
    return (time.perf_counter() - started) * 1000


def _row(name: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    return (
        f"| {name} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} |"
    )


def main() -> None:
    _time("<p>We offer IOP.</p>", "https://warm.example/")  # vocabulary and patterns load once
    farm = sorted((SHARED / "devfarm" / "farm").glob("site_*/**/*.htm*"))
    real = sorted(p for p in (SHARED / "realpages").glob("*") if p.suffix in (".html", ".txt"))
    gc.collect()
    farm_times = [_time(_read(p), f"https://farm.example/{p.name}") for p in farm]
    real_times = [
        _time(_read(p), f"https://real.example/{p.stem}",
              "text/html" if p.suffix == ".html" else "text/plain")
        for p in real
    ]  # fmt: skip
    para = "<p>Paragraph {i}: We offer outpatient counseling and accept Aetna. Call 555-201-{j:04d}.</p>"
    hard = {
        "0.5 MB page (6,000 paragraphs)": "".join(para.format(i=i, j=i % 10000) for i in range(6000)),
        "5 MB page (60,000 paragraphs)": "".join(para.format(i=i, j=i % 10000) for i in range(60000)),
        "200 KB nested JSON-LD": '<script type="application/ld+json">' + "[" * 100_000
        + "]" * 100_000 + "</script><p>We offer IOP.</p>",
    }  # fmt: skip
    print("| pages | n | median ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    print(_row("devfarm, every page", farm_times))
    print(_row("real pages", real_times))
    for name, body in hard.items():
        html = f"<html><head><title>Maple Clinic</title></head><body>{body}</body></html>"
        print(_row(name, [_time(html, "https://hard.example/")]))


if __name__ == "__main__":
    main()
