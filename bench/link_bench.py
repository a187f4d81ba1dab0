"""Link-heavy pages: time, peak memory and the longest reactor stall of two crawls.

1. "150k links": a site whose every page is 4.8 MB of 150,000 links (50,000 distinct item
   pages, each page starting where the last left off), crawled 10 pages deep beside three
   ordinary clinic sites.
2. "session trap": a site whose every page has 20,000 links to 50 pages, each link with a
   session ID never seen before (``?sid=...``), crawled with the default budget of 40 pages.

    .venv/bin/python bench/link_bench.py              # this checkout
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/link_bench.py   # another one

Each crawl runs in a child process (its peak RSS is the crawl's own); the sites are served from
this one on loopback.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from faultweb import LinkFarm, serve_at, serve_clinics  # noqa: E402

SCENARIOS = {
    "150k links": (LinkFarm(links=150_000, distinct=50_000), 3, 10),
    "session trap": (LinkFarm(links=20_000, distinct=50, session=True), 0, 40),
}


def child(output: str, max_pages: int, urls: list[str]) -> None:
    """Crawl in this process with the reactor heartbeat; print one JSON line."""
    from reactor_stall_bench import GAPS

    import crawler
    from crawler.run import crawl

    started = time.perf_counter()
    summary = crawl(urls, output, max_pages=max_pages, polite=False, log_level="ERROR",
                    overrides={"EXTENSIONS": {"reactor_stall_bench.StallMeter": 0}})  # fmt: skip
    print(json.dumps({
        "code": str(Path(crawler.__file__).parent.parent),
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "longest_reactor_gap_ms": round(max(GAPS) * 1000),
        "pages": summary.pages,
        "sites": summary.sites,
    }))  # fmt: skip


def run(name: str, farm: LinkFarm, clinics: int, max_pages: int) -> dict:
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        urls = [stack.enter_context(serve_at("127.0.7.20", farm))]
        if clinics:
            urls += serve_clinics(stack, "127.0.7", pause=0.2)[1][:clinics]
        out = str(Path(tmp) / "o.jsonl")
        args = [sys.executable, __file__, "--child", out, str(max_pages), *urls]
        done = subprocess.run(args, capture_output=True, text=True, timeout=1800)
        if done.returncode:
            raise SystemExit(done.stderr[-3000:])
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["requests_to_the_farm"] = len(farm.requested)
        result["distinct_farm_urls_requested"] = len(set(farm.requested))
        problems = Path(f"{out}.problems.txt")
        said = problems.read_text().splitlines() if problems.exists() else []
        result["link_notes"] = [line.split("\t")[1] for line in said if " links" in line]
    return {name: result}


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        return child(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    results = {}
    for name, (farm, clinics, max_pages) in SCENARIOS.items():
        results.update(run(name, farm, clinics, max_pages))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
