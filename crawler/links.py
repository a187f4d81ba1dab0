"""Reading a fetched page for the spider, bounded and off the reactor thread.

Scrapy runs spider callbacks on the reactor thread, where every download of every site waits
while one runs: a 4.8 MB page of 150,000 links once held it ~8 s (each link joined,
canonicalised and checked, repeats too), and a site handing out 20,000 new session-ID links a
page grew its seen-set to 412 MB. So a page is read on a worker thread (lxml parses without
the GIL), each distinct link target once, and only the most promising MAX_LINKS_PER_PAGE of
them are joined and canonicalised; the site bounds what it remembers (MAX_URLS_PER_SITE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrapy import Selector

from crawler.decode import Unreadable, page_text
from crawler.render import is_shell
from crawler.urls import canonical, origin

FIRST = re.compile(
    r"program|treatment|service|level|detox|residential|inpatient|outpatient|iop|php|partial|"
    r"intensive|insurance|payment|paying|cost|fee|financ|admission|location|contact|hours|"
    r"visit|find-us|directions",
    re.I,
)  # what a family needs first: programs, payment and insurance, where and how to reach them
RELEVANT = re.compile(
    r"care|rehab|recovery|therap|about|condition|addiction|mental|who-we|what-we|"
    r"family|teen|adolescent|women|men|veteran|mat|suboxone|methadone",
    re.I,
)
SKIP_PATH = re.compile(
    r"\.(pdf|jpe?g|png|gif|svg|webp|ico|css|js|zip|docx?|xlsx?|pptx?|mp[34]|mov|avi|woff2?|ttf|xml|json)$|"
    r"/(wp-admin|wp-login|wp-json|login|logout|signin|sign-in|register|cart|checkout|account|feed|tag|author|"
    r"calendar|events?)(/|$)|[?&](replytocom|share|print|date|month|year|page)=",
    re.I,
)
# The budget is a few dozen pages: the best few thousand candidates are plenty.
MAX_LINKS_PER_PAGE = 2000  # distinct link targets read from one page, the most promising first
MAX_URLS_PER_SITE = 5000  # URLs a site remembers (queued or fetched); further ones are dropped


def rank_text(text: str) -> int:
    """0 for the pages a family needs first, 1 for other relevant pages, 2 for the rest."""
    return 0 if FIRST.search(text) else 1 if RELEVANT.search(text) else 2


@dataclass
class Reading:
    """What the spider needs of a fetched page."""

    text: str = ""
    content_type: str = ""
    note: str | None = None  # the charset was not the declared one
    unreadable: str = ""  # why the page is not text to read
    is_html: bool = False
    shell: bool = False  # built by scripts: fetch it through the browser
    canonical_href: str | None = None  # its <link rel="canonical">, joined
    links: list[str] = field(default_factory=list)  # canonical in-site URLs worth fetching
    distinct: int = 0  # distinct link targets on the page (more than were read: said so)


def read_page(response, origins: frozenset[str], render: bool) -> Reading:
    """Runs on a worker thread: nothing here touches the spider's state."""
    try:
        text, content_type, note = page_text(response)
    except Unreadable as exc:
        return Reading(unreadable=str(exc))
    is_html = "html" in content_type or text.lstrip().startswith("<")
    reading = Reading(text, content_type, note, is_html=is_html)
    if not is_html:
        return reading
    # A selector of our own, not the response's cached one: the parsed tree (~120 MB for a
    # 4.8 MB page) goes when this returns, not when Scrapy lets the response go -- which waits
    # for the page's extraction; five trees alive at once took a crawl to 750 MB.
    page = Selector(response)
    if render and not response.meta.get("playwright") and is_shell(page):
        reading.shell = True
        return reading
    href = page.css('link[rel="canonical"]::attr(href)').get()
    reading.canonical_href = response.urljoin(href.strip()) if href else None
    hrefs, reading.distinct = page_links(page)
    joined = (response.urljoin(h) for h in hrefs)
    reading.links = [
        canonical(url)
        for url in joined
        if origin(url) in origins and not SKIP_PATH.search(url.split("#")[0])
    ]
    return reading


def page_links(page: Selector) -> tuple[list[str], int]:
    """(the page's most promising distinct link targets as written, how many distinct ones it
    has). A target repeated in every menu is read once; when there are too many, a rough rank
    of the text as written (before the costlier joining and canonicalising) picks which, so a
    footer's contact link beats 150,000 catalogue items."""
    written = page.root.xpath("//a/@href | //@to", smart_strings=False)
    hrefs = list(dict.fromkeys(h for h in map(str.strip, written) if h))
    if len(hrefs) > MAX_LINKS_PER_PAGE:
        return sorted(hrefs, key=rank_text)[:MAX_LINKS_PER_PAGE], len(hrefs)
    return hrefs, len(hrefs)
