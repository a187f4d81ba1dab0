"""Item pipelines: page → facts (one item per page), then a site's facts → location records.

At the end of a crawl the records pass through ``RECORD_STEPS``, one concern each:
normalise, apply vocabulary implications, validate (a failing record is reported with its
reason and counted, never dropped silently), deduplicate, and the atomic write.
"""

from __future__ import annotations

import time
from collections import defaultdict

from carefinder import implications
from carefinder.jsonl import write_atomic
from carefinder.merge import merge
from carefinder.validate import problems
from crawler.extract.page import page_facts
from crawler.extract.site import site_records


class _Pipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)


class PageFactsPipeline(_Pipeline):
    """Extract each page's facts; a page that breaks the extractor is reported, not fatal."""

    def open_spider(self):
        self.providers: set[str] = set()  # sites with a page about a provider, for progress
        self.timings: list[float] = []
        self.window: list[float] = []  # when the first and the latest page arrived

    def process_item(self, item):
        started = time.perf_counter()
        try:
            facts = page_facts(item.content, item.url, item.content_type)
        except Exception as exc:  # one bad page must not stop the crawl
            self.crawler.spider.fail(item.site, f"{item.url}: extraction failed: {exc!r}")
            return None
        self.timings.append((time.perf_counter() - started) * 1000)
        self.window = [self.window[0] if self.window else started, started]
        self.crawler.stats.inc_value("carefinder/pages_extracted")
        if facts.verdict == "provider":
            self.providers.add(item.site)
            self.crawler.stats.set_value("carefinder/provider_sites", len(self.providers))
        return {"site": item.site, "facts": facts}

    def close_spider(self):
        self.crawler.stats.set_value("carefinder/extract_ms", self.timings)
        span = self.window[1] - self.window[0] if self.window else 0.0
        self.crawler.stats.set_value("carefinder/crawl_window_s", span)


def normalise(records: list[dict], report) -> list[dict]:
    """Trim text and drop repeated list values and evidence."""
    for record in records:
        for key in ("name", "organization", "email"):
            if isinstance(record.get(key), str):
                record[key] = " ".join(record[key].split())
        for key, value in record.items():
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                record[key] = list(dict.fromkeys(value))
    return records


def imply(records: list[dict], report) -> list[dict]:
    return [implications.apply(r) for r in records]


def validate(records: list[dict], report) -> list[dict]:
    kept = []
    for record in records:
        found = problems(record)
        if found:
            report(
                record.get("website") or "?",
                f"record {record.get('name')!r} is invalid: {found[0]}",
            )
        else:
            kept.append(record)
    return kept


def deduplicate(records: list[dict], report) -> list[dict]:
    """One record per facility: same stable id, or the same facility found on two sites."""
    return merge(records)


RECORD_STEPS = (normalise, imply, validate, deduplicate)


class SiteRecordsPipeline(_Pipeline):
    """Group page facts by site; at the end turn each site into location records, run the
    record steps and write the output atomically."""

    def open_spider(self):
        self.pages: dict[str, list] = defaultdict(list)

    def process_item(self, item):
        if item:
            self.pages[item["site"]].append(item["facts"])
        return item

    def close_spider(self):
        spider, stats = self.crawler.spider, self.crawler.stats
        records = []
        for site, pages in self.pages.items():
            try:
                records += site_records(pages)
            except Exception as exc:  # a site the assembler cannot handle is reported
                spider.fail(site, f"building records failed: {exc!r}")
        invalid = []
        for step in RECORD_STEPS:
            records = step(
                records, lambda site, reason: (invalid.append(reason), spider.fail(site, reason))
            )
        count = write_atomic(self.crawler.settings.get("CAREFINDER_OUTPUT"), records)
        stats.set_value("carefinder/records", count)
        stats.set_value("carefinder/sites", len(self.pages))
        stats.set_value("carefinder/invalid_records", len(invalid))
        stats.set_value("carefinder/failures", dict(spider.failures))
