"""``carefinder extract URL`` fetches one page by the crawl's rules: redirects only within the
site (another port or scheme of the host, or its www twin), the crawl's bytes-to-text path, and
every failure one line on stderr with a non-zero exit."""

import json
import subprocess
import sys
import time

import pytest
from faultweb import Routes, serve_at

from carefinder import CarefinderError
from crawler.fetch import fetch

CAREFINDER = [sys.executable, "-m", "carefinder_cli"]
HTML = "text/html; charset=utf-8"
CLINIC = """<html><head><title>Résumé Recovery Café</title></head><body>
<h1>Résumé Recovery Café</h1><p>We offer an intensive outpatient program for adults.</p>
<address>12 Lake St, Reno, NV 89501</address><p>Phone: 775-555-0123</p></body></html>"""


def extract(url):
    run = subprocess.run([*CAREFINDER, "extract", url], capture_output=True, text=True, timeout=120)
    return run, [json.loads(line) for line in run.stdout.splitlines()]


def one_line_error(run) -> str:
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


def test_a_move_to_another_port_of_the_host_is_followed_and_the_page_decoded_like_the_crawl():
    site = Routes({"/": (200, CLINIC.encode("cp1252"), HTML)})  # declared utf-8, really cp1252
    with serve_at("127.0.4.1", site) as real:
        mover = Routes({"/": (301, "", HTML, {"Location": real})})
        with serve_at("127.0.4.1", mover) as start:
            run, records = extract(start)
    assert run.returncode == 0, run.stderr
    (record,) = records
    assert record["name"] == "Résumé Recovery Café"  # no U+FFFD
    assert record["website"] == real  # the page's own address, after the move
    assert record["phones"][0]["e164"] == "+17755550123"
    assert "declared utf-8 but the bytes are" in run.stderr  # said, not an error


@pytest.mark.parametrize(
    "answer",
    [
        lambda other: (302, "", HTML, {"Location": other + "admin"}),
        lambda other: (200, f"<meta http-equiv='REFRESH' content=\"0;URL='{other}admin'\">", HTML),
        lambda other: (200, f'<meta http-equiv="refresh" content="3,{other}admin">', HTML),
    ],
    ids=["http-302", "meta-refresh-quoted", "meta-refresh-comma"],
)
def test_a_redirect_to_another_host_is_not_followed_and_says_so_in_one_line(answer):
    internal = Routes({"/admin": (200, "<title>Admin console</title>", HTML)})
    with serve_at("127.0.4.9", internal) as other:
        start_site = Routes({"/": answer(other)})
        with serve_at("127.0.4.2", start_site) as start:
            run, records = extract(start)
    line = one_line_error(run)
    assert line.endswith(f"{start}: redirects off-site to {other}admin")
    assert records == [] and internal.full == []  # the other host got no request at all


def test_an_ip_literal_the_url_did_not_start_on_and_a_non_http_scheme_are_refused():
    internal = Routes({"/": (200, "<title>Admin console</title>", HTML)})
    with serve_at("127.0.0.1", internal) as loopback:
        named = Routes({"/": (307, "", HTML, {"Location": loopback})})
        with serve_at("127.0.0.1", named) as start:
            by_name = start.replace("127.0.0.1", "localhost")
            run, _ = extract(by_name)
            assert one_line_error(run).endswith(f"{by_name}: redirects off-site to {loopback}")
    assert internal.full == []
    ftp = Routes({"/": (301, "", HTML, {"Location": "ftp://127.0.4.9/files/"})})
    with serve_at("127.0.4.3", ftp) as start:
        run, _ = extract(start)
    assert one_line_error(run).endswith(f"{start}: redirects off-site to ftp://127.0.4.9/files/")


def test_a_refresh_due_after_a_long_delay_leaves_the_page_to_read_and_notes_an_offsite_target():
    page = CLINIC.replace(
        "<head>", '<head><meta http-equiv="refresh" content="300; url=http://127.0.4.9:9/x">'
    )
    with serve_at("127.0.4.4", Routes({"/": (200, page, HTML)})) as start:
        run, records = extract(start)
    assert run.returncode == 0, run.stderr
    assert records[0]["name"] == "Résumé Recovery Café"
    assert "redirects off-site to http://127.0.4.9:9/x after 300 s (not followed)" in run.stderr


def test_redirect_loops_bad_urls_errors_and_non_html_are_one_line_each():
    site = Routes({
        "/loop": (302, "", HTML, {"Location": "/loop2"}),
        "/loop2": (302, "", HTML, {"Location": "/loop"}),
        "/logo.png": (200, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "image/png"),
        "/gone": (404, "not here", "text/plain"),
    })  # fmt: skip
    with serve_at("127.0.4.5", site) as start:
        loop = one_line_error(extract(start + "loop")[0])
        png = one_line_error(extract(start + "logo.png")[0])
        gone = one_line_error(extract(start + "gone")[0])
    assert "redirect loop" in loop
    assert png.endswith(f"{start}logo.png: not a text page (image/png)")
    assert gone.endswith(f"{start}gone: HTTP 404")
    for bad in ("http://exa mple.org/", "http://[::1/", "http:///nohost"):
        assert one_line_error(extract(bad)[0]).startswith("carefinder: error: ")


def test_a_server_that_does_not_answer_in_time_is_a_one_line_timeout():
    def stall(h):
        time.sleep(3)

    with serve_at("127.0.4.6", Routes({"/": stall})) as start:
        began = time.monotonic()
        with pytest.raises(CarefinderError) as error:
            fetch(start, timeout=1)
    assert time.monotonic() - began < 2.5
    assert str(error.value) == f"{start}: timed out after 1 s"
