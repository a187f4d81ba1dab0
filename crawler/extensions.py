"""Progress on a terminal: sites done, pages fetched, records so far."""

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
        stats = self.crawler.stats
        pages = stats.get_value("carefinder/pages_extracted", 0)
        total = len(self.spider.seeds)
        inflight = len(self.crawler.engine.slot.inprogress) if self.crawler.engine.slot else 0
        print(
            f"crawl: {total} sites, {pages} pages extracted, {inflight} requests in flight   ",
            end=end,
            file=sys.stderr,
            flush=True,
        )

    def closed(self, spider):
        if self.loop and self.loop.running:
            self.loop.stop()
            self.show(end="\n")
