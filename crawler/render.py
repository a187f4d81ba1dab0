"""``crawl --render``: pages whose HTML is an empty shell filled by scripts (client-side React,
Wix builds) are fetched again in headless Chromium (Debian's) through scrapy-playwright, the
maintained Scrapy download handler for Playwright, and read as rendered."""

from __future__ import annotations

import importlib.util
import os

from carefinder import CarefinderError

CHROMIUM = "/usr/bin/chromium"
MIN_TEXT = 200  # characters of visible text below which a page with scripts counts as a shell
SETTINGS = {
    "DOWNLOAD_HANDLERS": {
        "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
        "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    },  # requests without meta["playwright"] still go through Scrapy's own handler
    "PLAYWRIGHT_BROWSER_TYPE": "chromium",
    "PLAYWRIGHT_LAUNCH_OPTIONS": {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-sync",
            "--disable-background-networking",
            "--disable-component-update",
        ],
    },  # fmt: skip
    "PLAYWRIGHT_ABORT_REQUEST": "crawler.render.skip_assets",
    "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 4,
    "CAREFINDER_RENDER": True,
}


def check() -> None:
    """Say plainly what is missing before any fetching."""
    if importlib.util.find_spec("scrapy_playwright") is None:
        raise CarefinderError("--render needs scrapy-playwright: pip install 'carefinder[render]'")
    if not os.access(CHROMIUM, os.X_OK):
        raise CarefinderError(
            f"--render needs Debian's chromium at {CHROMIUM}: apt-get install chromium"
        )


def skip_assets(request) -> bool:
    """Images, media and fonts carry no text: the browser need not load them."""
    return request.resource_type in ("image", "media", "font")


def is_shell(response) -> bool:
    """Scripts and (almost) no visible text: the content is built in the browser."""
    if not response.css("script"):
        return False
    words = response.xpath(
        "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
    ).getall()
    return len(" ".join(" ".join(words).split())) < MIN_TEXT
