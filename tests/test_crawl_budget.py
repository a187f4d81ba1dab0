"""URL hygiene before the page budget: one URL per page (tracking parameters dropped, query
sorted, rel=canonical honoured), sitemap.xml read, and the budget spent on the pages a family
needs (programs, insurance, locations, contact) before anything else."""

import json
import subprocess
import sys

from faultweb import LinkFarm, Routes, serve_at

from crawler.links import MAX_URLS_PER_SITE
from crawler.spiders.site import Site
from crawler.urls import canonical

CAREFINDER = [sys.executable, "-m", "carefinder_cli"]
HTML = "text/html; charset=utf-8"


def page(title: str, body: str, head: str = "") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def hygiene_site() -> dict:
    utm = "".join(
        f'<a href="/?utm_source=mail{n}&utm_medium=email&fbclid=x{n}">Home {n}</a>'
        for n in range(60)
    )
    gallery = "".join(f'<a href="/gallery/{n}">Photo {n}</a>' for n in range(30))
    home = page(
        "Birch Lane Recovery",
        f"""{utm}{gallery}<a href="/about-welcome">Welcome</a>
        <a href="/services-overview">Services</a> <a href="/contact-us">Contact</a>
        <a href="/our-locations">Locations</a> <a href="/programs?utm_campaign=spring&b=2&a=1">IOP</a>
        <a href="/programs?a=1&b=2#evening">Evening IOP</a>
        <h1>Birch Lane Recovery</h1><p>We offer an intensive outpatient program for adults.</p>""",
    )
    sitemap = """<?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>__ORIGIN__/insurance-we-accept</loc></url><url><loc>__ORIGIN__/</loc></url>
    </urlset>"""
    routes = {
        "/": (200, home, HTML),
        "/sitemap.xml": (200, sitemap, "application/xml"),
        "/about-welcome": (200, page("Welcome", "<p>Welcome to our home.</p>",
                                     '<link rel="canonical" href="/">'), HTML),
        "/services-overview": (200, page("Services", '<p>We offer outpatient counseling.</p>'
                                         '<a href="/services">All services</a>',
                                         '<link rel="canonical" href="/services">'), HTML),
        "/services": (200, page("Services", "<p>We offer outpatient counseling.</p>"), HTML),
        "/contact-us": (200, page("Contact", "<address>88 Birch Lane, Austin, TX 78701</address>"
                                  "<p>Phone: 512-555-0190</p>"), HTML),
        "/our-locations": (200, page("Locations", "<p>One office in Austin.</p>"), HTML),
        "/programs": (200, page("Programs", "<p>We offer a partial hospitalization program.</p>"),
                      HTML),
        "/insurance-we-accept": (200, page("Insurance", "<p>We accept Medicaid and Aetna.</p>"),
                                 HTML),
    }  # fmt: skip
    routes.update(
        {f"/gallery/{n}": (200, page("Photo", "<p>A photo.</p>"), HTML) for n in range(30)}
    )
    return routes


def test_budget_goes_to_distinct_useful_pages(tmp_path):
    routes = hygiene_site()
    site = Routes(routes)
    with serve_at("127.0.3.3", site) as url:
        status, body, ctype = routes["/sitemap.xml"]
        routes["/sitemap.xml"] = (status, body.replace("__ORIGIN__", url.rstrip("/")), ctype)
        cmd = [*CAREFINDER, "crawl", url, "-o", str(tmp_path / "o.jsonl"), "--no-delay",
               "--max-pages-per-site", "7", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]  # fmt: skip
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    # the site was finished, not cut short (each page's next requests come from a later page,
    # so a depth limit would silently drop them and leave the site unfinished)
    assert (tmp_path / "o.jsonl.sites").read_text().split("\t")[0] == url.rstrip("/")
    pages = [p for p in site.full if p not in ("/robots.txt", "/sitemap.xml")]
    assert sorted(pages) == sorted(
        ["/", "/about-welcome", "/services-overview", "/contact-us", "/our-locations",
         "/programs?a=1&b=2", "/insurance-we-accept"]
    )  # fmt: skip
    # no utm copy, no second spelling of /programs, /services covered by its canonical twin,
    # no gallery page while useful pages were left
    (record,) = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert {"iop", "php", "outpatient"} <= set(record["levels_of_care"])
    assert record["insurers"] == ["aetna"]  # from the page only the sitemap names
    assert not any("about-welcome" in u for u in record["source_urls"])  # a copy of /


def test_canonical_spelling():
    assert canonical("http://a.org/p?utm_source=x&b=2&a=1&gclid=9#top") == "http://a.org/p?a=1&b=2"
    assert canonical("http://a.org/p?mc_cid=1&mc_eid=2&fbclid=3") == "http://a.org/p"
    assert canonical("http://a.org/p?page=2") == "http://a.org/p?page=2"  # not tracking: kept
    assert canonical("http://a.org/a%7eb") == canonical("http://a.org/a~b")
    # session IDs say who visits, not which page: in the query, any case, or in the path
    assert canonical("http://a.org/p?PHPSESSID=1&sid=2&b=1&sessionid=3&JSESSIONID=4") == (
        "http://a.org/p?b=1"
    )
    assert canonical("http://a.org/p;jsessionid=A1B2?x=1") == "http://a.org/p?x=1"
    assert canonical("http://a.org/search?s=detox") == "http://a.org/search?s=detox"


def test_a_site_remembers_a_bounded_number_of_urls():
    site = Site("http://a.org", {"http://a.org"}, {"a.org"})
    for n in range(MAX_URLS_PER_SITE + 500):
        site.offer(f"http://a.org/item/{n}")
    assert len(site.seen) == len(site.frontier) == MAX_URLS_PER_SITE
    assert site.dropped == 500
    site.offer("http://a.org/contact", first=True)  # a start URL is never dropped
    assert "http://a.org/contact" in site.seen


def crawl_farm(tmp_path, farm: LinkFarm, host: str, *options, start: str = ""):
    with serve_at(host, farm) as url:
        cmd = [*CAREFINDER, "crawl", url + start, "-o", str(tmp_path / "o.jsonl"), "--no-delay",
               *options]  # fmt: skip
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    problems = (tmp_path / "o.jsonl.problems.txt").read_text()
    records = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    return url.rstrip("/"), problems, records


def test_a_session_id_trap_fetches_each_page_once_and_keeps_no_session_id(tmp_path):
    """Every page links 30 pages 3,000 times, each link with a session ID never seen before:
    each page is fetched once, without a session ID, and none reaches the record."""
    farm = LinkFarm(links=3000, distinct=30, session=True)
    url, problems, records = crawl_farm(tmp_path, farm, "127.0.3.5", start="?PHPSESSID=start")
    assert [r for r in farm.requested if "sid" in r.lower()] == ["/?PHPSESSID=start"]
    pages = [r for r in farm.requested if r not in ("/robots.txt", "/sitemap.xml")]
    assert len(pages) == len(set(pages)) <= 40  # each page once, within the budget
    assert "/contact" in farm.requested  # its link was the last of 3,001: ranked, not cut off
    capped = "3,001 distinct links; only the 2,000 most promising read (of this page and any"
    assert problems.count(capped) == 1, problems  # once for the site, not once a page
    urls = [u for r in records for u in r["source_urls"]]
    assert urls and not any("sid" in u.lower() for u in urls)


def test_a_page_of_150000_links_is_read_once_per_target_and_bounded(tmp_path):
    """4.8 MB pages of 150,000 links (50,000 distinct, each page's first ones new): a page is
    read up to the per-page cap, the site stops remembering at its cap, both said."""
    farm = LinkFarm(links=150_000, distinct=50_000)
    url, problems, records = crawl_farm(tmp_path, farm, "127.0.3.6", "--max-pages-per-site", "5")
    assert "/contact" in farm.requested
    assert f"{url}/: 50,001 distinct links; only the 2,000 most promising read" in problems
    assert f"more links not followed: the site offered over {MAX_URLS_PER_SITE:,} URLs" in problems
    assert len([r for r in farm.requested if r not in ("/robots.txt", "/sitemap.xml")]) == 5


def test_every_page_within_budget_is_fetched_and_the_site_finished(tmp_path):
    # Each page's next requests are handed out from whichever response arrives last, so the
    # chain of "referring" pages grows with every page: nothing may cut it off silently.
    links = "".join(f'<a href="/program-{n}">Program {n}</a>' for n in range(12))
    routes = {"/": (200, page("Aspen Ridge Recovery", links + "<p>We offer detox.</p>"), HTML)}
    routes.update({f"/program-{n}": (200, page(f"Program {n}", "<p>Groups.</p>"), HTML)
                   for n in range(12)})  # fmt: skip
    site = Routes(routes)
    with serve_at("127.0.3.4", site) as url:
        cmd = [*CAREFINDER, "crawl", url, "-o", str(tmp_path / "o.jsonl"), "--no-delay",
               "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]  # fmt: skip
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert set(site.requested) >= {f"/program-{n}" for n in range(12)}
    assert (tmp_path / "o.jsonl.sites").read_text().split("\t")[0] == url.rstrip("/")
