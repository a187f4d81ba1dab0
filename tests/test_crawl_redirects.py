"""Site identity: a start URL may move to its own host on another port or scheme (or the www
twin) and the site follows it; every other redirect is refused and reported, never fetched."""

import json
import subprocess
import sys

import pytest
from faultweb import Routes, serve_at

from crawler.redirects import parse_refresh
from crawler.urls import same_host

CAREFINDER = [sys.executable, "-m", "carefinder_cli"]
HTML = "text/html; charset=utf-8"


def crawl(urls, out, *extra):
    cmd = [*CAREFINDER, "crawl", *urls, "-o", str(out), "--no-delay", "--set",
           "DOWNLOAD_TIMEOUT=5", *extra]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def clinic(internal: str) -> dict:
    home = """<html><head><title>Cedar Point Recovery</title></head><body>
    <nav><a href="/contact">Contact</a> <a href="/old-programs">Programs</a>
    <a href="/moved">Insurance</a> <a href="/files">Files</a></nav>
    <h1>Cedar Point Recovery</h1><p>We offer an intensive outpatient program for adults.</p>
    </body></html>"""
    contact = """<html><head><title>Contact | Cedar Point Recovery</title></head><body>
    <h1>Contact us</h1><address>410 Cedar Point Rd, Fresno, CA 93720</address>
    <p>Phone: 559-555-0142</p></body></html>"""
    refresh = (
        f'<html><head><meta http-equiv="refresh" content="0; url={internal}meta"></head></html>'
    )
    return {
        "/": (200, home, HTML),
        "/contact": (200, contact, HTML),
        "/old-programs": (301, "", HTML, {"Location": internal + "admin"}),
        "/moved": (200, refresh, HTML),
        "/files": (302, "", HTML, {"Location": "ftp://127.0.3.9/files/"}),
    }


def test_start_url_moving_to_another_port_joins_the_site_and_offsite_redirects_are_refused(
    tmp_path,
):
    internal_host = Routes({"/internal/admin": (200, "<title>Admin console</title>", HTML)})
    with serve_at("127.0.3.9", internal_host) as internal:
        site = Routes(clinic(internal + "internal/"))
        with serve_at("127.0.3.1", site) as real:
            mover = Routes({"/": (301, "", HTML, {"Location": real})})
            with serve_at("127.0.3.1", mover) as start:
                run = crawl([start], tmp_path / "o.jsonl")
    assert run.returncode == 0, run.stderr[-2000:]
    (record,) = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert record["name"] == "Cedar Point Recovery"
    assert record["address"]["postal_code"] == "93720"  # /contact, fetched after the move
    assert record["phones"][0]["e164"] == "+15595550142"
    assert record["website"] == real
    assert internal_host.full == []  # the internal host got no request at all
    report = (tmp_path / "o.jsonl.problems.txt").read_text()
    assert (
        f"{start.rstrip('/')}\t{real}old-programs: redirects off-site to {internal}internal/admin"
        in report
    )
    assert f"{real}moved: redirects off-site to {internal}internal/meta" in report
    assert f"{real}files: redirects off-site to ftp://127.0.3.9/files/" in report
    assert "Admin console" not in (tmp_path / "o.jsonl").read_text()


def test_a_start_url_redirecting_to_another_host_is_refused(tmp_path):
    elsewhere = Routes({"/": (200, "<title>Somebody else</title>", HTML)})
    with serve_at("127.0.3.8", elsewhere) as other:
        mover = Routes({"/": (302, "", HTML, {"Location": other})})
        with serve_at("127.0.3.2", mover) as start:
            run = crawl([start], tmp_path / "o.jsonl")
    assert run.returncode == 0, run.stderr[-2000:]
    assert (tmp_path / "o.jsonl").read_text() == ""
    assert elsewhere.full == []
    report = (tmp_path / "o.jsonl.problems.txt").read_text()
    assert f"{start}: redirects off-site to {other}" in report
    assert f"redirects off-site to {other}" in run.stdout  # the summary says it too


def test_www_twin_and_same_host_count_as_the_site_ip_literals_only_as_themselves():
    assert same_host("example.org", "www.example.org")
    assert same_host("www.example.org", "example.org")
    assert not same_host("example.org", "evil-example.org")
    assert not same_host("www.example.org", "www2.example.org")
    assert not same_host("example.org", "www.example.org.evil.net")
    assert same_host("127.0.3.1", "127.0.3.1")
    assert not same_host("127.0.3.1", "www.127.0.3.1")
    assert not same_host("127.0.3.1", "127.0.3.9")


def test_meta_refresh_to_another_host_is_reported_whatever_its_delay_or_spelling(tmp_path):
    page = "<html><head>{meta}</head><body><p>{text}</p></body></html>"
    meta = '<meta http-equiv="refresh" content="{}">'
    internal_host = Routes({})  # any request at all reaching it is the failure
    with serve_at("127.0.3.9", internal_host) as other:
        offsite = {
            "/contact-a": meta.format(f"0;URL='{other}a'"),  # quoted, as w3lib reads it too
            "/insurance-b": meta.format(f"150; url={other}b"),  # past METAREFRESH_MAXDELAY
            "/programs-c": meta.format(f"5,{other}c"),  # browsers follow; w3lib sees nothing
            "/location-d": f'<META HTTP-EQUIV="Refresh" CONTENT=" 0 ; URL = {other}d ">',
            "/levels-e": meta.format(f"100; {other}e"),  # exactly the max delay, no "url="
        }
        routes = {
            path: (200, page.format(meta=m, text="We accept Medicaid."), HTML)
            for path, m in offsite.items()
        }
        home = ("<html><head><title>Lakeside Recovery</title></head><body><h1>Lakeside Recovery"
                "</h1><p>We offer an intensive outpatient program.</p>"
                + "".join(f'<a href="{p}">{p}</a> ' for p in [*offsite, "/services", "/visit"])
                + "</body></html>")  # fmt: skip
        routes |= {
            "/": (200, home, HTML),
            # in-site: a long delay makes the target one more link, a short one a redirect
            "/services": (200, page.format(meta=meta.format("1000; url=/detox"), text="x"), HTML),
            "/visit": (200, page.format(meta=meta.format("0; url=/contact"), text="x"), HTML),
            "/detox": (200, page.format(meta="", text="We offer medical detox."), HTML),
            "/contact": (200, page.format(meta="", text="Phone: 559-555-0177"), HTML),
        }
        site = Routes(routes)
        with serve_at("127.0.3.3", site) as start:
            run = crawl([start], tmp_path / "o.jsonl")
    assert run.returncode == 0, run.stderr[-2000:]
    assert internal_host.full == []
    report = (tmp_path / "o.jsonl.problems.txt").read_text()
    for path, letter in zip(offsite, "abcde", strict=True):
        assert f"{start}{path[1:]}: redirects off-site to {other}{letter}" in report, report
    assert {"/detox", "/contact"} <= set(site.requested)
    (record,) = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert record["phones"][0]["e164"] == "+15595550177"  # /contact, reached by the refresh
    assert "detox" in record["levels_of_care"]  # /detox, the long-delay refresh's target
    assert "medicaid" in record["payment"]  # pages with a long-delay refresh are still read


@pytest.mark.parametrize(
    "content, expected",
    [
        ("0; url=http://o/x", (0, "http://o/x")),
        ("0;URL='http://o/x'", (0, "http://o/x")),
        ('0;url="http://o/x" trailing', (0, "http://o/x")),
        ("0,url=http://o/x", (0, "http://o/x")),
        ("0; http://o/x", (0, "http://o/x")),
        (" 3 ;  URL = http://o/x ", (3, "http://o/x")),
        ("0 url=http://o/x", (0, "http://o/x")),
        ("1.5; url=/x", (1, "/x")),
        ("5000;url=/x", (5000, "/x")),
        ("1800", (1800, None)),  # reload
        ("5;", (5, None)),
        ("url=http://o/x", None),  # no delay: browsers ignore it
        ("-1; url=http://o/x", None),
        ("1e3; url=http://o/x", None),
    ],
)
def test_refresh_content_is_read_as_browsers_read_it(content, expected):
    assert parse_refresh(content) == expected
