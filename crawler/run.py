"""Run the site spider in this process and summarise what happened."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

SHOWN = 12  # failure reasons listed per site
# "offline": every cached page is reused as it is (re-runs without the network);
# "revalidate": each cached page is asked for again with its ETag / Last-Modified, and an
# unchanged page (304 Not Modified) is taken from the cache instead of downloaded.
CACHE_POLICIES = {
    "offline": "scrapy.extensions.httpcache.DummyPolicy",
    "revalidate": "scrapy.extensions.httpcache.RFC2616Policy",
}


@dataclass
class Summary:
    output: str
    sites: int = 0
    pages: int = 0
    records: int = 0
    invalid: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)  # the first sites' problems
    problem_sites: int = 0
    write_error: str = ""
    shared_error: str = ""  # why a worker of a shared crawl stopped (Redis lost)
    extract_ms: list[float] = field(default_factory=list)
    window_s: float = 0.0  # from the first page to the last

    def text(self) -> str:
        lines = [
            f"crawled {self.sites} sites, {self.pages} pages: {self.records} records in {self.output}"
        ]
        if self.invalid:
            lines.append(f"{self.invalid} records failed validation (see the log above)")
        for site, reasons in sorted(self.failures.items()):
            more = f" (+{len(reasons) - SHOWN} more)" if len(reasons) > SHOWN else ""
            lines.append(f"  problems at {site}: " + "; ".join(reasons[:SHOWN]) + more)
        if self.problem_sites > len(self.failures):
            lines.append(f"  (+{self.problem_sites - len(self.failures)} more sites with problems)")
        if self.problem_sites:
            lines.append(f"every problem, one a line: {self.problems_file}")
        return "\n".join(lines)

    @property
    def problems_file(self) -> str:
        return f"{self.output}.problems.txt"


# glibc's mallopt parameter for the number of malloc arenas.
M_ARENA_MAX = -8
MALLOC_ARENAS = 1


def _few_malloc_arenas() -> None:
    """Keep the crawl's memory flat: glibc gives threads that allocate their own malloc arenas,
    and the extraction threads' arenas fragment as pages come and go, so a crawl's RSS grew by
    ~120 KB a site (130 -> 274 MB over 1,200 sites, Python's own heap flat); with one arena it
    stays at 125-133 MB, at the same speed (two arenas grew as before). bench/RESULTS.md has the
    runs. Must run before the threads start; a no-op off glibc."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(M_ARENA_MAX, MALLOC_ARENAS)
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to tune
        pass


def _shared(url: str, settings, urls: list[str], written: set[str]):
    """The shared queue, reached now (a clear error if it cannot be); ``urls`` join it, and the
    sites this output already holds (``--resume``) are done in it."""
    from crawler.shared import SharedSites

    shared = SharedSites(
        url,
        settings.getfloat("CAREFINDER_REDIS_LEASE"),
        settings.getfloat("CAREFINDER_REDIS_OUTAGE"),
    )
    if urls:  # a worker without URLs waits for the seeding one instead of ending the run
        shared.seed(urls, written)
    else:
        shared.mark_done(written)
    return shared


def crawl(
    urls: list[str],
    output: str,
    max_pages: int = 40,
    cache: str | None = None,  # a CACHE_POLICIES key
    polite: bool = True,
    progress: bool = False,
    log_level: str = "WARNING",
    overrides: dict | None = None,
    resume: bool = False,
    redis: str | None = None,
    previous: str | None = None,
    render: bool = False,
) -> Summary:
    """Crawl the sites into ``output``; with ``resume``, skip the sites it already holds.
    An output that cannot be written is a CarefinderError before anything is fetched."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    _few_malloc_arenas()
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from crawler.output import writing

    # fails here, before any fetching, if unwritable or another process is writing it
    with writing(output, resume) as written:
        if previous:  # a clear error now, not in the middle of the crawl
            from crawler.changes import Previous

            Previous(previous)
        settings = get_project_settings()
        settings.setdict(
            {
                "CAREFINDER_OUTPUT": output,
                "CAREFINDER_RESUME": resume,
                "CAREFINDER_REDIS": redis,
                "CAREFINDER_PREVIOUS": previous,
                "CAREFINDER_MAX_PAGES_PER_SITE": max_pages,
                "CAREFINDER_PROGRESS": progress,
                "HTTPCACHE_ENABLED": cache is not None,
                "HTTPCACHE_POLICY": CACHE_POLICIES[cache or "offline"],
                "LOG_LEVEL": log_level,
                "LOG_INSTALL_ROOT_HANDLER": True,
            },
            priority="cmdline",
        )
        if not polite:
            settings.setdict(
                {
                    "AUTOTHROTTLE_ENABLED": False,
                    "DOWNLOAD_DELAY": 0,
                    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
                },
                priority="cmdline",
            )
        if render:
            from crawler.render import SETTINGS, check

            check()
            settings.setdict(SETTINGS, priority="cmdline")
        settings.setdict(overrides or {}, priority="cmdline")
        shared = _shared(redis, settings, urls, written) if redis else None
        process = CrawlerProcess(settings)
        crawler = process.create_crawler("site")
        process.crawl(crawler, urls="" if redis else ",".join(urls), shared=shared)
        process.start()
        stats = crawler.stats
        summary = Summary(
            output=output,
            sites=stats.get_value("carefinder/sites", 0),
            pages=stats.get_value("carefinder/pages_extracted", 0),
            records=stats.get_value("carefinder/records", 0),
            invalid=stats.get_value("carefinder/invalid_records", 0),
            failures=dict(crawler.spider.shown),
            problem_sites=crawler.spider.problem_sites,
            write_error=stats.get_value("carefinder/write_error", "") or "",
            shared_error=crawler.spider.shared_error,
            extract_ms=stats.get_value("carefinder/extract_ms", []) or [],
            window_s=stats.get_value("carefinder/crawl_window_s", 0.0) or 0.0,
        )
        return summary
