"""URL identity for the crawl: one spelling per page, and which hosts belong to one site.

Canonicalisation is w3lib's ``canonicalize_url`` (a Scrapy dependency, maintained with it: it
sorts the query, normalises percent-escapes and drops the fragment the way Scrapy's own request
fingerprints do); on top of it we drop tracking parameters, which say who sent the visitor, and
session IDs, which say who is visiting: never which page it is. A site that puts a new session
ID in every link otherwise offers endless "new" URLs for a handful of pages, and the IDs end up
in records' source URLs. (w3lib's ``url_query_cleaner`` takes exact, case-sensitive names, not
families like ``utm_*`` or ``PHPSESSID``/``phpsessid``, so the names are matched here.)
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

TRACKING = re.compile(
    r"^(utm_\w*|mc_\w+|gclid|gclsrc|dclid|gbraid|wbraid|fbclid|msclkid|yclid|twclid|ttclid|"
    r"igshid|_ga|_gl|_hsenc|_hsmi|hsa_\w+|mkt_tok|vero_\w+|oly_\w+|rb_clickid|s_cid|ref_src|"
    # session IDs (Java, PHP, ASP, ColdFusion, osCommerce/Zen Cart, generic)
    r"jsessionid|phpsessid|aspsessionid\w*|asp\.net_sessionid|sid|sessid|sessionid|session_id|"
    r"cfid|cftoken|oscsid|zenid)$",
    re.I,
)
# A session ID written into the path (";jsessionid=..." by Java servers).
PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid|sessionid)=[^/;?#]*", re.I)
WEB_SCHEMES = ("http", "https")


def canonical(url: str) -> str:
    """The one spelling of a page's URL: tracking and session parameters dropped, query
    sorted, no fragment."""
    parts = urlsplit(url)
    if ";" in parts.path:
        parts = parts._replace(path=PATH_SESSION.sub("", parts.path))
    if parts.query:
        kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        kept = [(k, v) for k, v in kept if not TRACKING.match(k)]
        parts = parts._replace(query=urlencode(kept))
    return canonicalize_url(urlunsplit(parts))


def origin(url: str) -> str:
    """scheme://host[:port], lower-case (the default port dropped)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port and port != default else "")


def by_origin(urls: list[str]) -> dict[str, list[str]]:
    """Start URLs grouped by site (origin), in the order the sites first appear."""
    sites: dict[str, list[str]] = {}
    for url in urls:
        sites.setdefault(origin(url), []).append(url)
    return sites


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def same_host(a: str, b: str) -> bool:
    """Two host names of one website: equal, or one is the other with ``www.`` in front.
    An IP literal is only ever itself."""
    if a == b:
        return True
    if is_ip(a) or is_ip(b):
        return False
    return a == f"www.{b}" or b == f"www.{a}"
