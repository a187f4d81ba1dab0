"""The generic site spider: from each start URL, fetch the site's most useful pages.

Each site keeps a frontier of candidate URLs (from links and sitemap.xml) ranked by what they
are likely to hold; the page budget goes to the best candidates first, a few requests at a time.
When a site has nothing in flight and nothing left to fetch, the spider hands the pipelines a
``SiteDone`` so the site's records can be written at once.
"""

from __future__ import annotations

import asyncio
import heapq
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.sitemap import Sitemap
from twisted.internet.threads import deferToThreadPool
from twisted.python.threadpool import ThreadPool

from carefinder import CarefinderError
from crawler.extract.claims import article_page
from crawler.failures import describe_failure
from crawler.items import PageItem, SiteDone
from crawler.leases import LeaseLost
from crawler.links import (
    MAX_LINKS_PER_PAGE,
    MAX_URLS_PER_SITE,
    SKIP_PATH,
    Reading,
    rank_text,
    read_page,
)
from crawler.redirects import Duplicate, refusal
from crawler.shared import SharedSites
from crawler.urls import WEB_SCHEMES, by_origin, canonical, host, origin

MAX_ARTICLES = 3
MAX_URL = 2083  # Scrapy's URLLENGTH_LIMIT
SHOWN_SITES = 30  # sites whose problems the summary lists (the problems file has them all)
MAX_SITEMAPS = 3  # a sitemap index may point to more; the first few carry the pages we want


def read_start_urls(path: str) -> list[str]:
    """URLs from a file: one a line, blank lines and # comments ignored."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def rank(url: str) -> int:
    """0 for the pages a family needs first, 1 for other relevant pages, 2 for the rest."""
    return rank_text(urlsplit(url).path + "?" + urlsplit(url).query)


@dataclass
class Site:
    """One website being crawled: its origins, what was seen, and what is left to fetch."""

    key: str  # the start URL's origin: names the site in reports
    origins: set[str]
    hosts: set[str]
    seen: set[str] = field(default_factory=set)  # canonical URLs queued, fetched or covered
    frontier: list[tuple[int, int, str]] = field(default_factory=list)
    inflight: int = 0
    requested: int = 0  # pages requested: the budget counts these
    articles: int = 0
    pages: int = 0  # pages handed to the pipelines
    lost: bool = False  # another worker holds its lease now: nothing more of it is fetched
    sitemaps: int = 0
    rendered: bool = False  # its pages are built by scripts: fetch them through the browser
    dropped: int = 0  # new URLs not remembered: the site already had MAX_URLS_PER_SITE
    capped: bool = False  # a page had more than MAX_LINKS_PER_PAGE links (said once)

    def offer(self, url: str, first: bool = False) -> None:
        self.remember(canonical(url), first)

    def remember(self, url: str, first: bool = False) -> None:
        """Queue a canonical URL unless seen (or the site remembers too many already)."""
        if url in self.seen or len(url) > MAX_URL:  # Scrapy drops longer ones silently
            return
        if len(self.seen) >= MAX_URLS_PER_SITE and not first:
            self.dropped += 1
            return
        self.seen.add(url)
        heapq.heappush(self.frontier, (-1 if first else rank(url), len(self.seen), url))

    def owns(self, url: str) -> bool:
        return origin(url) in self.origins

    def join(self, url: str) -> None:
        self.origins.add(origin(url))
        self.hosts.add(host(url))


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(
        self,
        urls: str = "",
        url_file: str = "",
        max_pages: int | str | None = None,
        skip: str = "",
        shared: SharedSites | None = None,
        **kw,
    ):
        super().__init__(**kw)
        self.seeds = [u for u in urls.split(",") if u] + (
            read_start_urls(url_file) if url_file else []
        )
        self.skip = set(skip.split(",")) if skip else set()  # sites already written (--resume)
        self.max_pages = int(max_pages) if max_pages else None
        self.sites: dict[str, Site] = {}
        self.failures: dict[str, list[str]] = {}  # site → reasons, until the site is written
        self.done: set[str] = set()
        self.shown: dict[str, list[str]] = {}  # problems of the first sites that had some
        self.problem_sites = 0
        self.shared = shared  # sites leased from Redis (crawl --redis), else None
        self.shared_error = ""  # why this worker stopped before the shared work was over
        self.lost: set[str] = set()  # sites another worker took over from this one

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        if spider.max_pages is None:
            spider.max_pages = settings.getint("CAREFINDER_MAX_PAGES_PER_SITE", 40)
        spider.render = settings.getbool("CAREFINDER_RENDER")
        # Keep the download slot busy without letting the frontier's order go stale.
        spider.per_site = max(2, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 1))
        spider.max_active = settings.getint("CAREFINDER_ACTIVE_SITES")
        redis_url = settings.get("CAREFINDER_REDIS")
        if spider.shared is None and redis_url:  # `scrapy crawl site -s CAREFINDER_REDIS=…`
            lease, outage = (
                settings.getfloat(f"CAREFINDER_REDIS_{n}") for n in ("LEASE", "OUTAGE")
            )
            spider.shared = SharedSites(redis_url, lease, outage)
        # One reader thread: a 4.8 MB page's parsed tree takes ~120 MB, so pages read side by
        # side would multiply the crawl's peak memory; one at a time is as before.
        spider.readers = ThreadPool(minthreads=1, maxthreads=1, name="read-pages")
        spider.readers.start()
        crawler.signals.connect(spider.readers.stop, signal=signals.spider_closed)
        return spider

    async def start(self):
        if self.shared is not None:
            async for request in self._shared_start():
                yield request
            return
        for urls in by_origin(self.seeds).values():  # every start URL of a site starts with it
            while len(self.sites) >= self.max_active:
                await asyncio.sleep(0.05)  # a few sites at a time: each finishes and is written
            for url in urls:
                for request in self._start_url(url):
                    yield request

    async def _shared_start(self):
        """Lease sites from Redis while this worker has room; stop when the shared work is
        over (nothing queued, nothing leased -- including by workers that died)."""
        heartbeat = deferred_from_coro(self._heartbeat())
        try:
            while not self.shared_error:
                claimed = None
                if len(self.sites) < self.max_active:
                    claimed = await self._redis(self.shared.claim)
                if claimed and claimed[0] in self.skip:  # written before (--resume): done
                    await self._finish(claimed[0])
                elif claimed:  # ours afresh, even a site this worker lost and its taker left
                    self.done.discard(claimed[0])
                    self.lost.discard(claimed[0])
                    for url in claimed[1]:
                        for request in self._start_url(url):
                            yield request
                elif await self._redis(self.shared.over):
                    return
                else:
                    await asyncio.sleep(0.2)
        finally:
            heartbeat.addErrback(lambda failure: failure.trap(asyncio.CancelledError))
            heartbeat.cancel()

    async def _heartbeat(self):
        """Renew this worker's leases every quarter lease; learn of the sites it lost."""
        while not self.shared_error:
            await asyncio.sleep(self.shared.lease / 4)
            self._lose(await self._redis(self.shared.renew) or ())

    async def _redis(self, method, *args):
        """``method(*args)`` of the shared queue, waiting out a Redis outage for a bounded
        time; past it (or when Redis lost the run) the worker stops, saying why, and this
        answers None."""
        if self.shared_error:
            return None
        try:
            return await self.shared.patiently(method, *args)
        except CarefinderError as exc:
            self.stop(exc.message)
            return None

    def stop(self, reason: str) -> None:
        if not self.shared_error:
            self.shared_error = reason
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="shared queue lost"))

    def _lose(self, sites) -> None:
        for key in sites:
            self.lost.add(key)
            if key in self.sites:
                self.sites[key].lost = True
            self.logger.info("%s: another worker holds it now; this one leaves it", key)

    async def holds(self, site: str, confirm: bool = False) -> bool:
        """This worker may still fetch (or, ``confirm``ed with Redis, write) the site: it
        holds its lease. Checked before every request, so a worker paused past its lease
        leaves the site to the worker that took it over."""
        if self.shared is None:
            return True
        if site in self.lost or self.shared_error:
            return False
        if confirm or not self.shared.fresh(site):
            lost = await self._redis(self.shared.renew, [site])
            self._lose(lost or ())
            return lost is not None and site not in lost
        return True

    async def _finish(self, site: str) -> None:
        """Done in Redis once written; its lease is renewed until Redis has it."""
        if await self._redis(self.shared.finish, site) is False:
            self.logger.info("%s: written, but another worker held it by then", site)

    def _start_url(self, url: str):
        if urlsplit(url).scheme not in WEB_SCHEMES:
            self.fail(url, f"not an http(s) URL: {url}")
            return
        key = origin(url)
        if key in self.sites:  # another start URL of a site already started
            self.sites[key].offer(url, first=True)
            yield from self._next(self.sites[key])
            return
        if key in self.done or key in self.skip:
            return
        site = self.sites[key] = Site(key, {key}, {host(url)})
        site.seen.add(canonical(url))
        site.requested += 1
        yield self._request(site, url)

    def _request(self, site: Site, url: str, **kw) -> scrapy.Request:
        site.inflight += 1
        if site.rendered and "callback" not in kw:  # a page, not a sitemap
            kw["meta"] = {**kw.get("meta", {}), "playwright": True}
        kw.setdefault("callback", self.parse)
        kw.setdefault("errback", self.error)
        # dont_filter: the site's own `seen` set deduplicates, after canonicalisation.
        return scrapy.Request(url, cb_kwargs={"site": site.key}, dont_filter=True, **kw)

    def fail(self, site: str, reason: str) -> None:
        self.failures.setdefault(site, []).append(reason)
        self.logger.info("%s: %s", site, reason)  # the crawl summary reports it once

    def written(self, site: str, problems: list[str], whole: bool) -> None:
        """The site is in the output (``whole``: finished, not cut short). Its problems are in
        the problems file; a few sites' are kept for the summary."""
        if whole and self.shared is not None:
            deferred_from_coro(self._finish(site))
        if problems:
            self.problem_sites += 1
            if len(self.shown) < SHOWN_SITES:
                self.shown[site] = problems

    def sites_done(self) -> int:
        return len(self.done)

    def redirect_verdict(self, request, target: str) -> str | None:
        """None to follow a redirect; else why not ("duplicate" needs no report)."""
        site = self.sites.get(request.cb_kwargs.get("site", ""))
        hosts = site.hosts if site else {host(request.url)}  # no site: a robots.txt request
        chain = [*request.meta.get("redirect_urls", []), request.url]
        reason = refusal(target, hosts, chain)
        if reason or site is None:
            return reason
        site.join(target)  # same host on another scheme or port, or its www twin
        url = canonical(target)
        if url in site.seen:
            return "duplicate"
        site.seen.add(url)
        return None

    async def parse(self, response, site: str):
        state = self.sites[site]
        reading = await self._read(response, state)
        state.inflight -= 1  # only now: a site with a page still being read is not finished
        for output in self._page(response, state, reading):
            yield output
        for output in self._next(state):
            yield output

    async def _read(self, response, site: Site) -> Reading:
        """The page read on a worker thread (crawler/links.py), so the reactor -- every other
        site's downloads -- never waits on a heavy page."""
        from twisted.internet import reactor  # the one Scrapy installed, imported once it has

        origins = frozenset(site.origins)
        work = deferToThreadPool(reactor, self.readers, read_page, response, origins, self.render)
        try:
            return await maybe_deferred_to_future(work)
        except Exception as exc:  # one page's trouble must not leave its site unfinished
            return Reading(unreadable=f"reading the page failed: {exc!r}")

    def _page(self, response, site: Site, reading: Reading):
        if reading.unreadable:
            self.fail(site.key, f"{response.url}: {reading.unreadable}")
            return
        if reading.note:
            self.logger.info("%s: %s", response.url, reading.note)
        if reading.shell:
            site.rendered = True  # again, through the browser (not a second page of the budget)
            yield self._request(site, response.url)
            return
        if reading.canonical_href and not self._canonical_is_new(response, reading, site):
            return  # another URL of a page this site already has
        site.pages += 1
        # canonical: a session ID a redirect or start URL carried never reaches source_urls
        url = canonical(response.url)
        yield PageItem(site=site.key, url=url, content=reading.text,
                       content_type=reading.content_type)  # fmt: skip
        if site.pages == 1:
            yield from self._sitemap(response, site)
        self._offer_links(response, reading, site)
        later = response.meta.get("later_refresh")  # a refresh due after a long delay: a link
        if later:
            reason = refusal(later, site.hosts)
            if reason:
                self.fail(site.key, f"{response.url}: {reason}")
            else:
                site.join(later)
                site.offer(later)

    def _canonical_is_new(self, response, reading: Reading, site: Site) -> bool:
        """Honour an in-site <link rel="canonical">: a page whose canonical URL this site has
        already fetched is a copy; otherwise that URL counts as fetched now."""
        target = reading.canonical_href
        if not site.owns(target) or canonical(target) == canonical(response.url):
            return True
        url = canonical(target)
        fetched = url in site.seen and all(url != entry[2] for entry in site.frontier)
        site.seen.add(url)
        site.frontier = [entry for entry in site.frontier if entry[2] != url]
        heapq.heapify(site.frontier)
        return not fetched

    def _sitemap(self, response, site: Site):
        """Ask for /sitemap.xml of the origin the start URL ended on (not counted as a page)."""
        if site.sitemaps < MAX_SITEMAPS:
            site.sitemaps += 1
            yield self._request(
                site,
                origin(response.url) + "/sitemap.xml",
                callback=self.parse_sitemap,
                errback=self.no_sitemap,
                meta={"download_maxsize": 10 * 1024 * 1024},
            )

    def parse_sitemap(self, response, site: str):
        state = self.sites[site]
        state.inflight -= 1
        try:
            sitemap = Sitemap(response.body)
            entries = [entry.get("loc", "") for entry in sitemap]
        except Exception:  # lxml recovers from most breakage; a sitemap is only a hint
            entries, sitemap = [], None
        for loc in entries:
            if not state.owns(loc):
                continue
            if sitemap.type == "sitemapindex" and state.sitemaps < MAX_SITEMAPS:
                state.sitemaps += 1
                yield self._request(
                    state, loc, callback=self.parse_sitemap, errback=self.no_sitemap
                )
            elif sitemap.type == "urlset" and not SKIP_PATH.search(loc):
                state.offer(loc)
        yield from self._next(state)

    def no_sitemap(self, failure):
        """Most sites have no sitemap.xml: that is not a problem worth reporting."""
        state = self.sites[failure.request.cb_kwargs["site"]]
        state.inflight -= 1
        yield from self._next(state)

    def _offer_links(self, response, reading: Reading, site: Site) -> None:
        if reading.distinct > MAX_LINKS_PER_PAGE and not site.capped:
            site.capped = True  # said once: a site's pages share their menus and catalogues
            self.fail(site.key, f"{response.url}: {reading.distinct:,} distinct links; only "
                      f"the {MAX_LINKS_PER_PAGE:,} most promising read (of this page and any "
                      "other as long)")  # fmt: skip
        for url in reading.links:
            site.remember(url)

    def _next(self, site: Site):
        """The best candidates while the budget lasts; SiteDone once nothing is left."""
        while (
            site.frontier
            and site.inflight < self.per_site
            and site.requested < self.max_pages
            and not site.lost
        ):
            _, _, url = heapq.heappop(site.frontier)
            if article_page(url):  # blog and news pages: a few, not the archive
                if site.articles >= MAX_ARTICLES:
                    continue
                site.articles += 1
            site.requested += 1
            yield self._request(site, url)
        if site.inflight == 0:
            if site.dropped:
                self.fail(site.key, f"{site.dropped:,} more links not followed: the site "
                          f"offered over {MAX_URLS_PER_SITE:,} URLs")  # fmt: skip
            self.done.add(site.key)
            del self.sites[site.key]  # memory stays flat as sites finish
            yield SiteDone(site.key, site.pages, self.failures.pop(site.key, []))

    def error(self, failure):
        """Record why a request failed, in plain words, against its site."""
        request = failure.request
        site = self.sites[request.cb_kwargs["site"]]
        site.inflight -= 1
        if not failure.check(Duplicate, LeaseLost):
            self.fail(site.key, f"{request.url}: {describe_failure(failure)}")
        yield from self._next(site)
