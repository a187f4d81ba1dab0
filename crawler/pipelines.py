"""Pipelines, one concern each: page → facts, then a site's facts → validated location records."""

from __future__ import annotations

from collections import defaultdict

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

    def process_item(self, item):
        spider = self.crawler.spider
        try:
            facts = page_facts(item.content, item.url, item.content_type)
        except Exception as exc:  # one bad page must not stop the crawl
            spider.fail(
                item.site, f"{item.url}: extraction failed: {exc.__class__.__name__}: {exc}"
            )
            return None
        self.crawler.stats.inc_value("carefinder/pages_extracted")
        return {"site": item.site, "facts": facts}


class SiteRecordsPipeline(_Pipeline):
    """Group page facts by site; at the end build location records, validate, merge, write."""

    def open_spider(self):
        self.pages: dict[str, list] = defaultdict(list)
        self.invalid: list[tuple[str, str]] = []

    def process_item(self, item):
        if item:
            self.pages[item["site"]].append(item["facts"])
        return item

    def close_spider(self):
        spider = self.crawler.spider
        records = []
        for site, pages in self.pages.items():
            try:
                built = site_records(pages)
            except Exception as exc:
                spider.fail(site, f"building records failed: {exc.__class__.__name__}: {exc}")
                continue
            for record in built:
                found = problems(record)
                if found:
                    self.invalid.append((record.get("name", "?"), "; ".join(map(str, found))))
                    spider.fail(site, f"record {record.get('name')!r} invalid: {found[0]}")
                    continue
                records.append(record)
        merged = merge(records)
        path = self.crawler.settings.get("CAREFINDER_OUTPUT")
        count = write_atomic(path, merged)
        stats = self.crawler.stats
        stats.set_value("carefinder/records", count)
        stats.set_value("carefinder/sites", len(self.pages))
        stats.set_value("carefinder/invalid_records", len(self.invalid))
        stats.set_value("carefinder/failures", {s: r for s, r in spider.failures.items()})
