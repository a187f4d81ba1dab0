"""Scrapy settings for carefinder's crawler: polite by default, robust to bad sites."""

from crawler.extract import page as _page

BOT_NAME = "carefinder"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "carefinder-bot/0.1 (+https://github.com/carefinder/carefinder; treatment finder)"
ROBOTSTXT_OBEY = True

# Politeness: one request at a time per site, adaptive delays.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 10
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Robustness: bounded waits, sizes and retries.
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
# No depth limit: the spider's frontier hands out each site's next requests from whichever
# response arrives, so "depth" grows with every page; the page budget bounds the work instead.
DEPTH_LIMIT = 0
DNS_TIMEOUT = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# The HTTP cache is off unless asked for (`carefinder crawl --cache`), for offline re-runs.
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 408, 429]

# Redirects and robots.txt the carefinder way (crawler/redirects.py, crawler/robots.py).
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.Rfc9309RobotsMiddleware": 100,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.redirects.SiteMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.redirects.SiteRedirectMiddleware": 600,
    # a shared crawl's worker fetches only sites whose lease it holds (crawler/leases.py)
    "crawler.leases.LeaseMiddleware": 50,
}

ITEM_PIPELINES = {
    "crawler.pipelines.PageFactsPipeline": 100,
    "crawler.pipelines.SiteRecordsPipeline": 500,
}
EXTENSIONS = {"crawler.extensions.Progress": 500}

CAREFINDER_MAX_PAGES_PER_SITE = 40
# Sites crawled at once: enough to keep the downloader busy between each site's polite delays,
# few enough that the page facts held until a site is written stay small (memory stays flat).
CAREFINDER_ACTIVE_SITES = 32
CAREFINDER_OUTPUT = "records.jsonl"
CAREFINDER_PROGRESS = False
CAREFINDER_REDIS = None  # redis://… : take sites from the queue shared with other workers
CAREFINDER_REDIS_LEASE = 20.0  # seconds a dead worker's sites wait before another takes them
CAREFINDER_REDIS_OUTAGE = 120.0  # seconds Redis may be unreachable before a worker stops
CAREFINDER_PREVIOUS = None  # an earlier output: mark in each record what changed since
CAREFINDER_RENDER = False  # crawl --render: script-built pages through Chromium (crawler/render.py)
CAREFINDER_RESUME = False  # skip the sites the output's journal lists as written
# Extraction reads at most this much of a page's HTML (on an extraction thread, never on the
# reactor); `carefinder extract` of one page reads as much.
CAREFINDER_EXTRACT_MAX_CHARS = _page.MAX_CHARS

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
