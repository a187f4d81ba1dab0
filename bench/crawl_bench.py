"""Crawl benchmark: the sample web scaled to 200 sites on loopback, side by side with
``scrapy bench`` in the same run.

    .venv/bin/python bench/crawl_bench.py [--sites 200]

Politeness delays are off (our own servers). Reports pages/s for both, and carefinder's
extraction time per page (median, p95).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawler.run import crawl
from crawler.sample_web import sites
from crawler.sample_web.server import serve


def scaled(n: int) -> list[dict]:
    """n sites cycled from the sample web, each renamed so that none merges with another."""
    out = []
    for i in range(n):
        site = copy.deepcopy(sites()[i % len(sites())])
        site["slug"] = f"{site['slug']}-{i}"
        text = json.dumps(site).replace(site["organization"], f"{site['organization']} {i}")
        out.append(json.loads(text))
    return out


def scrapy_bench(seconds: int = 20) -> float:
    """pages/s that ``scrapy bench`` reports on this machine (its best minute-rate line)."""
    run = subprocess.run(
        [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOGSTATS_INTERVAL=2"],
        capture_output=True, text=True, cwd=tempfile.gettempdir(), timeout=seconds + 120,
    )  # fmt: skip
    rates = [float(r) for r in re.findall(r"at (\d+(?:\.\d+)?) pages/min", run.stderr)]
    return max(rates) / 60 if rates else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, default=200)
    args = ap.parse_args()
    reference = scrapy_bench()
    with (
        tempfile.TemporaryDirectory() as tmp,
        serve(subnet="127.0.3", site_list=scaled(args.sites)) as web,
    ):
        started = time.perf_counter()
        summary = crawl(
            list(web.urls.values()), str(Path(tmp) / "out.jsonl"), polite=False, log_level="ERROR",
            overrides={"CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": 2},
        )  # fmt: skip
        elapsed = time.perf_counter() - started
    ms = sorted(summary.extract_ms)
    ours = (summary.pages - 1) / summary.window_s  # steady state, as scrapy bench measures
    print(json.dumps({
        "sites": args.sites, "pages": summary.pages, "records": summary.records,
        "seconds_wall": round(elapsed, 1), "seconds_first_to_last_page": round(summary.window_s, 1),
        "carefinder_pages_per_s": round(ours, 1),
        "carefinder_pages_per_s_wall_clock": round(summary.pages / elapsed, 1),
        "scrapy_bench_pages_per_s": round(reference, 1),
        "ratio": round(ours / reference, 2) if reference else None,
        "extract_ms_median": round(statistics.median(ms), 2),
        "extract_ms_p95": round(ms[int(0.95 * (len(ms) - 1))], 2),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
