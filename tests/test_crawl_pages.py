"""What the crawl does with what a server sends: robots.txt per RFC 9309, bytes in the wrong
charset, and pages too big or too deeply nested to read whole."""

import json
import socket
import subprocess
import sys

from faultweb import Routes, serve_at

from carefinder.validate import problems

CAREFINDER = [sys.executable, "-m", "carefinder_cli"]
HTML = "text/html; charset=utf-8"
CLINIC = """<html><head><title>{name}</title>{head}</head><body><h1>{name}</h1>
<p>We offer an intensive outpatient program for adults.</p>
<address>77 Willow St, Eugene, OR 97401</address><p>Phone: 541-555-0177</p>{body}</body></html>"""
INSURANCE = "<html><body><p>We accept Medicaid and Aetna.</p></body></html>"


def clinic(name="Willow Street Clinic", head="", body="") -> str:
    return CLINIC.format(name=name, head=head, body=body)


def crawl(url, out, *extra):
    cmd = [*CAREFINDER, "crawl", url, "-o", str(out), "--no-delay", "--set", "RETRY_TIMES=0",
           "--set", "DOWNLOAD_TIMEOUT=5", *extra]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def records(out):
    return [json.loads(x) for x in out.read_text().splitlines()]


def robots_site(robots_answer) -> Routes:
    site = Routes({"/": (200, clinic(body='<a href="/insurance">Insurance</a>'), HTML),
                   "/insurance": (200, INSURANCE, HTML)})  # fmt: skip
    site.routes["/robots.txt"] = robots_answer
    return site


def test_robots_txt_larger_than_the_page_cap_is_still_obeyed(tmp_path):
    # 6 MB, announced in Content-Length: above the 5 MB page cap; its rules are on line 2
    body = (
        b"User-agent: *\nDisallow: /\n" + b"# padding line of a generated robots file\n" * 150_000
    )
    site = robots_site((200, body, "text/plain"))
    with serve_at("127.0.3.5", site) as url:
        run = crawl(url, tmp_path / "o.jsonl")
    assert run.returncode == 0, run.stderr[-2000:]
    assert site.requested == ["/robots.txt"]
    assert f"{url}: forbidden by robots.txt" in (tmp_path / "o.jsonl.problems.txt").read_text()


def test_robots_txt_rules_beyond_500_kib_are_not_needed_to_crawl(tmp_path):
    # RFC 9309 asks for at least the first 500 KiB: a rule beyond it may be ignored, one within
    # it must be kept (here /insurance is disallowed at the top, / only far below)
    body = (b"User-agent: *\nDisallow: /insurance\n" + b"# filler\n" * 100_000
            + b"Disallow: /\n")  # fmt: skip
    site = robots_site((200, body, "text/plain"))
    with serve_at("127.0.3.5", site) as url:
        run = crawl(url, tmp_path / "o.jsonl")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "/" in site.requested and "/insurance" not in site.requested


def test_robots_txt_4xx_allows_all_and_5xx_or_unreachable_fetches_nothing(tmp_path):
    def reset(h):  # the connection dies without an answer
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01" + b"\x00" * 7)
        h.connection.close()

    answers = {"404": (404, b"gone", "text/plain"), "403": (403, b"no", "text/plain"),
               "503": (503, b"busy", "text/plain"), "reset": reset}  # fmt: skip
    for name, answer in answers.items():
        site = robots_site(answer)
        out = tmp_path / f"{name}.jsonl"
        with serve_at("127.0.3.5", site) as url:
            run = crawl(url, out)
        assert run.returncode == 0, run.stderr[-2000:]
        report = (tmp_path / f"{name}.jsonl.problems.txt").read_text()
        if name in ("404", "403"):  # "unavailable": crawl as if there were no rules
            assert {"/", "/insurance"} <= set(site.requested), name
            assert records(out)[0]["insurers"] == ["aetna"]
        else:  # "unreachable": nothing of the site, and the reason in the problems
            assert set(site.requested) == {"/robots.txt"}, name
            assert records(out) == []
            reason = "HTTP 503" if name == "503" else "could not be fetched"
            assert f"{url}: not fetched: robots.txt" in report and reason in report, report


def test_page_in_the_wrong_charset_is_read_in_the_right_one(tmp_path):
    page = clinic(name="Résumé Recovery Café", body="<p>Se habla español – llámenos.</p>")
    site = Routes({"/": (200, page.encode("cp1252"), "text/html; charset=utf-8")})
    with serve_at("127.0.3.6", site) as url:
        run = crawl(url, tmp_path / "o.jsonl")
    assert run.returncode == 0, run.stderr[-2000:]
    (record,) = records(tmp_path / "o.jsonl")
    assert record["name"] == "Résumé Recovery Café"
    assert "\ufffd" not in (tmp_path / "o.jsonl").read_text()


def test_pathological_pages_are_cut_or_skipped_with_a_reason_and_the_rest_kept(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000  # 200 KB of nesting: RecursionError in any JSON reader
    home = clinic(head=f'<script type="application/ld+json">{deep}</script>',
                  body='<a href="/big-programs">Programs</a>')  # fmt: skip
    filler = "<p>Our garden has benches, trees and a quiet path for walks.</p>\n" * 75_000
    big = clinic(body="<p>We offer a partial hospitalization program.</p>" + filler)
    site = Routes({"/": (200, home, HTML), "/big-programs": (200, big, HTML)})
    with serve_at("127.0.3.7", site) as url:
        run = crawl(url, tmp_path / "o.jsonl")
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(big) > 4_500_000
    (record,) = records(tmp_path / "o.jsonl")
    assert problems(record) == []
    assert {"iop", "php"} <= set(record["levels_of_care"])  # home page kept; big page's start
    assert record["address"]["postal_code"] == "97401"
    report = (tmp_path / "o.jsonl.problems.txt").read_text()
    assert f"{url}: JSON-LD skipped (nested too deeply to read)" in report
    assert f"{url}big-programs: only the first 500,000 characters read" in report
