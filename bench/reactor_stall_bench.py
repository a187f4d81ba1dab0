"""How long can one heavy page hold up every other site? A crawl of a site with a 4.8 MB page
of dense text beside ordinary sites, with a 50 ms heartbeat on the reactor (Scrapy's event loop:
every download of every site waits while it is blocked).

    .venv/bin/python bench/reactor_stall_bench.py

Reports the longest gap between heartbeats and how long the heavy page's extraction took.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from scrapy import signals
from twisted.internet import task

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from faultweb import Routes, serve_at, serve_clinics  # noqa: E402

from crawler.run import crawl  # noqa: E402

GAPS: list[float] = []


class StallMeter:
    """Loaded by the crawl as an extension: records the gaps between 50 ms heartbeats."""

    def __init__(self, crawler):
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def opened(self, spider):
        self.last = time.perf_counter()
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(0.05)

    def beat(self):
        now = time.perf_counter()
        GAPS.append(now - self.last)
        self.last = now

    def closed(self, spider):
        self.loop.stop()


def main() -> None:
    sentence = "<p>We offer an intensive outpatient program for adults and family therapy.</p>\n"
    big = "<html><body>" + sentence * (4_800_000 // len(sentence)) + "</body></html>"
    heavy = Routes({"/": (200, big, "text/html; charset=utf-8")})
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        _, urls = serve_clinics(stack, "127.0.6", pause=0.2)
        urls.insert(0, stack.enter_context(serve_at("127.0.6.20", heavy)))
        summary = crawl(urls, str(Path(tmp) / "o.jsonl"), polite=False, log_level="ERROR",
                        overrides={"EXTENSIONS": {"__main__.StallMeter": 0}})  # fmt: skip
    print(json.dumps({
        "pages": summary.pages,
        "longest_reactor_gap_ms": round(max(GAPS) * 1000),
        "heartbeat_gaps_over_1s": sum(g > 1.0 for g in GAPS),
        "slowest_extraction_ms": round(max(summary.extract_ms)),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
