"""Crawls against misbehaving servers finish, keep the good pages and say what failed and why."""

import json
import subprocess
import sys

from faultweb import Behaviour, fault_web

from carefinder.validate import problems

CAREFINDER = [sys.executable, "-m", "carefinder.cli"]
FAST = ["--no-delay", "--set", "DOWNLOAD_TIMEOUT=1", "--set", "RETRY_TIMES=1",
        "--max-pages-per-site", "15"]  # fmt: skip


def crawl(urls, out, *extra):
    cmd = [*CAREFINDER, "crawl", *urls, "-o", str(out), *FAST, *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def test_faulty_site_keeps_good_pages_and_reports_each_failure(tmp_path):
    sites = {
        "faulty": Behaviour(),
        "denied": Behaviour(robots="deny"),
        "robots500": Behaviour(robots="error"),
    }
    with fault_web(**sites) as web:
        run = crawl([url for url, _ in web.values()], tmp_path / "out.jsonl")
        faulty_requests = list(web["faulty"][1].requested)
        denied_requests = list(web["denied"][1].requested)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stdout
    records = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert all(problems(r) == [] for r in records)
    faulty = next(r for r in records if r["address"] and r["address"]["postal_code"] == "94607")
    assert {"iop", "outpatient", "php"} <= set(faulty["levels_of_care"])  # /, /about, /unclosed
    assert {"medicaid", "private_insurance"} <= set(faulty["payment"])  # cp1252 page, decoded
    assert faulty["insurers"] == ["aetna"]
    assert f"every problem, one a line: {tmp_path / 'out.jsonl'}.problems.txt" in run.stdout
    report = (tmp_path / "out.jsonl.problems.txt").read_text().replace("\t", ": ")
    faulty_url = web["faulty"][0]
    for path, reason in [("error500", "HTTP 500"), ("unavailable", "HTTP 503"), ("slow", "timed out"),
                         ("reset", "connection lost"), ("loop", "too many redirects"),
                         ("huge", "page larger than the size limit")]:  # fmt: skip
        assert f"{faulty_url}{path}: {reason}" in report, path
    assert f"{web['denied'][0]}: forbidden by robots.txt" in report
    assert denied_requests == ["/robots.txt"]  # robots.txt disallows everything: nothing else
    # robots.txt answering 500 means "no rules": that site is crawled (same clinic, so one record)
    assert any(u.startswith(web["robots500"][0]) for u in faulty["source_urls"])
    assert 1 <= faulty_requests.count("/unavailable") <= 2  # retried at most once
    assert sum(p.startswith(("/maze/", "/calendar/")) for p in faulty_requests) <= 15  # budget
    assert not any(p.startswith("/calendar/") for p in faulty_requests)  # calendars skipped
