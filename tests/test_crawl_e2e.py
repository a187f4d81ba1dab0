"""Real crawls over loopback HTTP, run as the user runs them: ``carefinder crawl`` in a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from carefinder.validate import problems
from crawler.evaluate import sample_web
from crawler.sample_web.server import serve

CAREFINDER = [sys.executable, "-m", "carefinder_cli"]


def crawl(urls, out: Path, *extra) -> subprocess.CompletedProcess:
    cmd = [*CAREFINDER, "crawl", *urls, "-o", str(out), "--no-delay", *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def sample_crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("crawl") / "records.jsonl"
    with serve() as web:
        run = crawl(web.urls.values(), out)
    assert run.returncode == 0, run.stderr[-2000:]
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return web, run, records


def test_sample_web_records_match_ground_truth(sample_crawl):
    web, run, records = sample_crawl
    assert all(problems(r) == [] for r in records)
    scores = sample_web(records, web.urls).as_dict()
    assert scores["errors"] == {}
    assert scores["false_provider_records"] == [] and scores["missed_providers"] == []
    assert scores["opening_hours_exact"] == "6/6" and scores["phone_match"] == "15/15"
    assert f"{len(records)} records" in run.stdout


def test_robots_txt_is_obeyed(sample_crawl):
    web, run, records = sample_crawl
    paths = web.requested["harbor-light"]
    assert "/robots.txt" in paths
    assert not any(p.startswith("/private/") for p in paths)
    assert "forbidden by robots.txt" in run.stdout  # reported, not silent
    harbor = next(r for r in records if r["name"] == "Harbor Light Recovery")
    assert "detox" not in harbor["levels_of_care"]  # the disallowed page claims detox


def test_referral_and_article_sites_give_no_provider(sample_crawl):
    web, _, records = sample_crawl
    origins = {r["website"].rstrip("/"): r for r in records}
    assert origins[web.urls["rehab-match"].rstrip("/")]["kind"] == "referral_service"
    assert web.urls["recovery-journal"].rstrip("/") not in origins


def test_offsite_links_are_not_followed(tmp_path):
    with serve() as web:
        run = crawl([web.urls["rehab-match"]], tmp_path / "r.jsonl")
        assert run.returncode == 0, run.stderr[-2000:]
        assert set(web.requested) == {"rehab-match"}  # the link to harbor-light was not taken


def test_start_url_file_and_bad_arguments(tmp_path):
    with serve() as web:
        listing = tmp_path / "sites.txt"
        listing.write_text(f"# sample sites\n\n{web.urls['riverbend']}\n")
        run = subprocess.run([*CAREFINDER, "crawl", "--start-urls", str(listing), "-o",
                              str(tmp_path / "o.jsonl"), "--no-delay"],
                             capture_output=True, text=True, timeout=120)  # fmt: skip
        assert run.returncode == 0, run.stderr[-2000:]
        (record,) = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
        assert record["name"] == "Riverbend Counseling" and record["opening_hours"]
    missing = subprocess.run([*CAREFINDER, "crawl", "--start-urls", str(tmp_path / "none.txt"),
                              "-o", "x.jsonl"], capture_output=True, text=True)  # fmt: skip
    assert missing.returncode == 1 and "cannot read" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_plain_scrapy_crawl_works_as_scrapy_users_expect(tmp_path):
    out = tmp_path / "out.jsonl"
    with serve() as web:
        run = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"urls={web.urls['riverbend']}",
             "-s", f"CAREFINDER_OUTPUT={out}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
            capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[1],
        )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    (record,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert record["name"] == "Riverbend Counseling"


def test_progress_is_shown_on_a_terminal(tmp_path):
    import shlex
    import shutil

    if not shutil.which("script"):
        pytest.skip("util-linux 'script' is needed to give the crawl a terminal")
    with serve() as web:
        cmd = shlex.join(
            [
                *CAREFINDER,
                "crawl",
                *web.urls.values(),
                "-o",
                str(tmp_path / "o.jsonl"),
                "--no-delay",
            ]
        )
        run = subprocess.run(
            ["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True, timeout=300
        )
    assert run.returncode == 0, run.stdout[-2000:]
    assert "crawl: 14/14 sites done, 54 pages, providers found on 12 sites" in run.stdout
