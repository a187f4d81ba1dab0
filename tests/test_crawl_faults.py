"""Crawls against misbehaving servers finish, keep the good pages and say what failed and why."""

import json
import re
import subprocess
import sys

from faultweb import Behaviour, fault_web

from carefinder.validate import problems

CAREFINDER = [sys.executable, "-m", "carefinder_cli"]
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
        robots500_requests = list(web["robots500"][1].requested)
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
                         ("reset", "connection lost"),
                         ("reset-mid-body", "connection lost mid-page (the server sent less than it announced)"),
                         ("huge", "page larger than the size limit")]:  # fmt: skip
        assert f"{faulty_url}{path}: {reason}" in report, path
    # Either end of the loop may be the one Scrapy stops at; either is the loop, reported.
    assert re.search(
        rf"{re.escape(faulty_url)}loop2?: too many redirects \(a redirect loop\)", report
    )
    assert f"{web['denied'][0]}: forbidden by robots.txt" in report
    assert denied_requests == ["/robots.txt"]  # robots.txt disallows everything: nothing else
    # RFC 9309: robots.txt answering 5xx means "unreachable": nothing of that site is fetched
    assert set(robots500_requests) == {"/robots.txt"}  # (asked twice: 500 is retried once)
    assert (
        f"{web['robots500'][0]}: not fetched: robots.txt answered HTTP 500, so nothing of this"
        " site is (RFC 9309)" in report
    )
    assert not any(u.startswith(web["robots500"][0]) for r in records for u in r["source_urls"])
    assert 1 <= faulty_requests.count("/unavailable") <= 2  # retried at most once
    assert sum(p.startswith(("/maze/", "/calendar/")) for p in faulty_requests) <= 15  # budget
    assert not any(p.startswith("/calendar/") for p in faulty_requests)  # calendars skipped


def test_twenty_megabyte_pages_keep_memory_bounded(tmp_path):
    # The crawl reports its own peak resident memory as it exits: VmHWM belongs to the address
    # space exec created (ru_maxrss would carry over the forking pytest process's peak).
    measured = ("import re, sys; from carefinder_cli.main import main; rc = main(sys.argv[1:]); "
                "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]; "
                "print('MAXRSS_KB', hwm, file=sys.stderr); sys.exit(rc)")  # fmt: skip
    with fault_web(big=Behaviour(huge_mb=20)) as web:
        url = web["big"][0]
        run = subprocess.run(
            [sys.executable, "-c", measured, "crawl", url + "huge-chunked", url + "huge",
             "-o", str(tmp_path / "o.jsonl"), *FAST],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    peak_mb = int(re.search(r"MAXRSS_KB (\d+)", run.stderr)[1]) / 1024
    report = (tmp_path / "o.jsonl.problems.txt").read_text()
    assert "huge-chunked: page larger than the size limit" in report
    assert "huge: page larger than the size limit" in report
    assert peak_mb < 250, peak_mb  # the 5 MB cap holds: a crawl process, not 20 MB pages
    print(f"peak RSS of the crawl process: {peak_mb:.0f} MB")


def test_rerun_with_http_cache_does_not_refetch_what_succeeded(tmp_path):
    with fault_web(site=Behaviour()) as web:
        url, behaviour = web["site"]
        cache = (
            "--cache",
            "--set",
            f"HTTPCACHE_DIR={tmp_path / 'httpcache'}",
        )  # not in the checkout
        first = crawl([url], tmp_path / "a.jsonl", *cache)
        fetched_first = list(behaviour.requested)
        behaviour.requested.clear()
        second = crawl([url], tmp_path / "b.jsonl", *cache)
        fetched_second = list(behaviour.requested)
    assert first.returncode == second.returncode == 0
    ok = {"/", "/about", "/cp1252", "/unclosed", "/binary"}
    assert ok <= set(fetched_first)
    assert not ok & set(fetched_second), fetched_second  # served from the cache
    assert "/error500" in fetched_second  # failures are tried again
    assert (tmp_path / "a.jsonl").read_text() and (tmp_path / "b.jsonl").read_text()


def test_interrupted_crawl_leaves_valid_jsonl_of_what_was_finished(tmp_path):
    import signal
    import time

    out = tmp_path / "o.jsonl"
    with fault_web(site=Behaviour(slow_seconds=30)) as web:
        url = web["site"][0]
        cmd = [
            *CAREFINDER,
            "crawl",
            url,
            "-o",
            str(out),
            "--no-delay",
            "--set",
            "DOWNLOAD_TIMEOUT=60",
        ]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(100):  # wait until the good pages are in and /slow is pending
            if "/about" in web["site"][1].requested and "/slow" in web["site"][1].requested:
                break
            time.sleep(0.1)
        time.sleep(1.0)
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        stdout, stderr = proc.communicate(timeout=60)
    records = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(records) == 1 and problems(records[0]) == []
    assert "iop" in records[0]["levels_of_care"]
    assert "Traceback" not in stderr
