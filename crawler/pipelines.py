"""Item pipelines: page → facts (one item per page), then a site's facts → location records.

When a site is finished its records pass through ``RECORD_STEPS``, one concern each:
normalise, complete (implications and an offline location, ``carefinder.complete``), validate
(a failing record is reported with its reason and counted, never dropped silently),
deduplicate; then they are appended to the output (``crawler/output.py``). Records of one
facility found on two sites are joined by ``carefinder merge``, as with every other source.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict

from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.threads import deferToThreadPool
from twisted.python.threadpool import ThreadPool

from carefinder.complete import complete as complete_record
from carefinder.merge import merge
from carefinder.validate import problems
from crawler.changes import Previous
from crawler.component import FromCrawler
from crawler.extract.page import page_facts
from crawler.extract.site import site_records
from crawler.items import PageItem, SiteDone
from crawler.output import SiteWriter, prepare, release


def bounded_facts(content: str, url: str, content_type: str, max_chars: int):
    """(facts or None, problems): the page's facts, with what extraction left unread (beyond
    ``max_chars``, too deeply nested JSON-LD) and any page that still breaks it reported."""
    try:
        facts = page_facts(content, url, content_type, max_chars)
    except RecursionError:
        return None, [f"{url}: markup nested too deeply to read"]
    except Exception as exc:  # one bad page must not stop the crawl
        return None, [f"{url}: extraction failed: {exc!r}"]
    return facts, [f"{url}: {note}" for note in facts.notes]


class PageFactsPipeline(FromCrawler):
    """Extract each page's facts on a small thread pool, so a heavy page never holds up the
    reactor (downloads of every other site go on); each page's text is capped in size."""

    def open_spider(self):
        self.providers: set[str] = set()  # sites with a page about a provider, for progress
        self.timings: list[float] = []
        self.window: list[float] = []  # when the first and the latest page arrived
        self.max_chars = self.crawler.settings.getint("CAREFINDER_EXTRACT_MAX_CHARS")
        self.pool = ThreadPool(minthreads=1, maxthreads=2, name="extract")
        self.pool.start()

    async def process_item(self, item):
        if not isinstance(item, PageItem):
            return item
        started = time.perf_counter()
        work = deferToThreadPool(
            reactor, self.pool, bounded_facts, item.content, item.url, item.content_type,
            self.max_chars,
        )  # fmt: skip
        return self._extracted(await maybe_deferred_to_future(work), item, started)

    def _extracted(self, result, item, started):
        facts, problems = result
        self.timings.append((time.perf_counter() - started) * 1000)
        self.window = [self.window[0] if self.window else started, started]
        if facts is not None:
            self.crawler.stats.inc_value("carefinder/pages_extracted")
            if facts.verdict == "provider":
                self.providers.add(item.site)
                self.crawler.stats.set_value("carefinder/provider_sites", len(self.providers))
        return {"site": item.site, "facts": facts, "problems": problems}

    def close_spider(self):
        self.pool.stop()
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


def complete(records: list[dict], report) -> list[dict]:
    return [complete_record(r) for r in records]


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
    """One record per facility location of the site (same stable id, same place)."""
    return merge(records)


RECORD_STEPS = (normalise, complete, validate, deduplicate)


class SiteRecordsPipeline(FromCrawler):
    """Gather each site's page facts; when the spider says the site is done and all its pages
    are here, turn them into location records, run the record steps and append them (and the
    site's problems) to the output. A site cut short by the end of the crawl is written too."""

    def open_spider(self):
        settings, spider = self.crawler.settings, self.crawler.spider
        output = settings.get("CAREFINDER_OUTPUT")
        done = prepare(output, resume=settings.getbool("CAREFINDER_RESUME"))
        spider.skip = set(getattr(spider, "skip", ())) | done
        self.writer = SiteWriter(output)
        previous = settings.get("CAREFINDER_PREVIOUS")
        self.previous = Previous(previous) if previous else None
        self.pages: dict[str, list] = defaultdict(list)
        self.arrived: dict[str, int] = defaultdict(int)
        self.problems: dict[str, list[str]] = defaultdict(list)
        self.finished: dict[str, SiteDone] = {}
        self.counts = {"records": 0, "sites": 0, "invalid": 0}
        self.write_error = ""

    async def process_item(self, item):
        if isinstance(item, SiteDone):
            self.finished[item.site] = item
            self.problems[item.site] += item.problems
        else:
            self.arrived[item["site"]] += 1
            self.problems[item["site"]] += item["problems"]
            if item["facts"] is not None:
                self.pages[item["site"]].append(item["facts"])
            item = self.finished.get(item["site"])
        if item is not None and self.arrived[item.site] >= item.pages:
            # a shared crawl's worker writes a site only while it still holds its lease
            if await self.crawler.spider.holds(item.site, confirm=True):
                self._write(item.site, whole=True)
            else:
                self._forget(item.site)
        return None

    def _forget(self, site: str) -> str:
        """Drop what was gathered of a site; its problems, which are reported with it."""
        self.pages.pop(site, None)
        self.finished.pop(site, None)
        self.arrived.pop(site, None)
        return self.problems.pop(site, [])

    def _write(self, site: str, whole: bool) -> None:
        pages = self.pages.get(site, [])
        problems = self._forget(site)
        records, invalid = [], 0
        try:
            records = site_records(pages) if pages else []
        except Exception as exc:  # a site the assembler cannot handle is reported
            problems.append(f"building records failed: {exc!r}")
        for step in RECORD_STEPS:
            before = len(records)
            records = step(records, lambda _site, reason: problems.append(reason))
            invalid += before - len(records) if step is validate else 0
        if self.previous is not None:
            records = [self.previous.mark(r) for r in records]
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        try:
            self.writer.append(site, lines, problems, whole)
        except OSError as exc:
            self._cannot_write(exc)
            return
        self.counts["records"] += len(lines)
        self.counts["sites"] += 1
        self.counts["invalid"] += invalid
        self.crawler.spider.written(site, problems, whole)

    def _cannot_write(self, exc: OSError) -> None:
        """Records that cannot be written make the crawl pointless: stop it, say why."""
        if not self.write_error:
            self.write_error = f"cannot write {exc.filename or self.writer.out}: {exc.strerror}"
            closing = self.crawler.engine.close_spider_async(reason="output not writable")
            deferred_from_coro(closing)

    def close_spider(self):
        spider, stats = self.crawler.spider, self.crawler.stats
        # Sites cut short (Ctrl-C, a stop) and problems of no site (a start URL that is not one)
        for site in set(self.pages) | set(self.problems) | set(spider.failures):
            self.problems[site] += spider.failures.pop(site, [])
            if site in spider.lost:  # another worker holds it: it writes it
                self._forget(site)
            elif not self.write_error:
                self._write(site, whole=False)
        stats.set_value("carefinder/records", self.counts["records"])
        stats.set_value("carefinder/sites", self.counts["sites"])
        stats.set_value("carefinder/invalid_records", self.counts["invalid"])
        stats.set_value("carefinder/write_error", self.write_error)
        release(self.writer.out)
