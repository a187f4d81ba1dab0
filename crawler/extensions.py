"""Progress on a terminal: sites done, pages extracted, sites where a provider was found.

Each site's records are written as soon as the site is done; the summary line gives their count.
"""

from __future__ import annotations

import sys

from scrapy import signals
from twisted.internet import task


class Progress:
    def __init__(self, crawler):
        self.crawler = crawler
        self.loop = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        if crawler.settings.getbool("CAREFINDER_PROGRESS"):
            crawler.signals.connect(ext.opened, signal=signals.spider_opened)
            crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider):
        self.spider = spider
        self.loop = task.LoopingCall(self.show)
        self.loop.start(1.0, now=False)

    def show(self, end: str = "\r") -> None:
        stats, spider = self.crawler.stats, self.spider
        pages = stats.get_value("carefinder/pages_extracted", 0)
        providers = stats.get_value("carefinder/provider_sites", 0)
        total = f"/{len(spider.seeds)}" if spider.seeds else ""  # a Redis worker: unknown
        line = (f"crawl: {spider.sites_done()}{total} sites done, {pages} pages, "
                f"providers found on {providers} sites")  # fmt: skip
        print(line + "   ", end=end, file=sys.stderr, flush=True)

    def closed(self, spider):
        if self.loop and self.loop.running:
            self.loop.stop()
            self.show(end="\n")
