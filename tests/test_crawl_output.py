"""Output written site by site: an unwritable -o stops before any fetching, a full disk stops
the crawl with an error, and --resume after SIGKILL refetches nothing already written and loses
nothing."""

import copy
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from contextlib import ExitStack

from faultweb import Routes, clinic_site, comparable, reference_crawl, serve_at, serve_clinics, slow
from records import declared_keys

from carefinder.validate import problems
from crawler.changes import Previous

CAREFINDER = [sys.executable, "-m", "carefinder_cli"]
HTML = "text/html; charset=utf-8"
FAST = ["--no-delay", "--set", "RETRY_TIMES=0", "--set", "DOWNLOAD_TIMEOUT=10"]


def test_sigkill_then_resume_refetches_nothing_written_and_loses_nothing(tmp_path):
    with ExitStack() as stack:
        sites, urls = serve_clinics(stack, "127.0.4", pause=0.15)  # they finish one by one
        whole = tmp_path / "whole.jsonl"
        reference_crawl(urls, whole, sites, *FAST)

        out = tmp_path / "o.jsonl"
        journal = tmp_path / "o.jsonl.sites"
        proc = subprocess.Popen([*CAREFINDER, "crawl", *urls, "-o", str(out), *FAST],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (
            not journal.exists() or len(journal.read_text().splitlines()) < 2
        ):
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        written = [line.split("\t")[0] for line in journal.read_text().splitlines()]
        assert 2 <= len(written) < 6, written  # killed in the middle of the crawl
        # a SIGKILL during an append leaves a torn tail: resume must cut it off
        with open(out, "a") as handle:
            handle.write('{"id": "half a rec')
        with open(journal, "a") as handle:
            handle.write("http://127.0.4.9")
        for site in sites:
            site.requested.clear()

        resumed = subprocess.run([*CAREFINDER, "crawl", *urls, "-o", str(out), *FAST,
                                  "--resume"], capture_output=True, text=True, timeout=300)  # fmt: skip
        assert resumed.returncode == 0, resumed.stderr[-2000:]
    for url, site in zip(urls, sites, strict=True):
        if url.rstrip("/") in written:
            assert site.requested == [], url  # already written: not fetched again
        else:
            assert "/" in site.requested, url
    assert comparable(out) == comparable(whole)  # same records, none twice, none lost
    assert len(comparable(out)) == 6
    assert len(journal.read_text().splitlines()) == 6


def test_unwritable_output_is_a_one_line_error_before_any_fetching(tmp_path):
    site = clinic_site(1, pause=0)
    with serve_at("127.0.4.20", site) as url:
        for output in (tmp_path / "missing" / "o.jsonl", tmp_path):
            run = subprocess.run([*CAREFINDER, "crawl", url, "-o", str(output), *FAST],
                                 capture_output=True, text=True, timeout=120)  # fmt: skip
            assert run.returncode == 1, run.stderr
            assert run.stderr.startswith(f"carefinder: error: cannot write {output}")
            assert len(run.stderr.strip().splitlines()) == 1, run.stderr
            assert site.requested == []


def test_disk_full_while_crawling_stops_with_an_error_and_non_zero_exit(tmp_path):
    def small_disk():  # every file may grow to 300 bytes: the first record does not fit
        resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300))

    site = clinic_site(1, pause=0)
    out = tmp_path / "o.jsonl"
    with serve_at("127.0.4.21", site) as url:
        run = subprocess.run([*CAREFINDER, "crawl", url, "-o", str(out), *FAST],
                             capture_output=True, text=True, timeout=120,
                             preexec_fn=small_disk)  # fmt: skip
    assert run.returncode == 1, run.stderr[-2000:]
    assert f"carefinder: error: cannot write {out}: File too large" in run.stderr
    assert "Traceback" not in run.stderr
    assert os.path.getsize(out) == 0  # the part of the record that fitted was cut back


def test_disk_full_mid_record_leaves_whole_records_that_validate_and_resume(tmp_path):
    """A real kernel limit (RLIMIT_FSIZE: the write stops part way, then EFBIG) that holds the
    first site's record and half of the second: the torn half is cut back, so the file is one
    whole record that `carefinder validate` accepts, and --resume adds the rest."""
    with ExitStack() as stack:
        sites = [clinic_site(1, pause=0), clinic_site(2, pause=0.3)]  # site 1 finishes first
        urls = [stack.enter_context(serve_at(f"127.0.4.{n}", s)) for n, s in ((22, sites[0]), (23, sites[1]))]  # fmt: skip
        whole = tmp_path / "whole.jsonl"
        reference_crawl(urls, whole, sites, *FAST)
        sizes = sorted(len(line) + 1 for line in whole.read_bytes().splitlines())
        limit = sizes[1] + sizes[0] // 2  # one record fits, two do not

        def small_disk():
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        out = tmp_path / "o.jsonl"
        run = subprocess.run([*CAREFINDER, "crawl", *urls, "-o", str(out), *FAST],
                             capture_output=True, text=True, timeout=120,
                             preexec_fn=small_disk)  # fmt: skip
        assert run.returncode == 1, run.stderr[-2000:]
        assert f"cannot write {out}: File too large" in run.stderr
        assert out.read_bytes().endswith(b"\n") and len(out.read_bytes().splitlines()) == 1
        valid = subprocess.run([*CAREFINDER, "validate", str(out)], capture_output=True, text=True)
        assert valid.returncode == 0, valid.stdout
        resumed = subprocess.run([*CAREFINDER, "crawl", *urls, "-o", str(out), *FAST,
                                  "--resume"], capture_output=True, text=True, timeout=120)  # fmt: skip
        assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert comparable(out) == comparable(whole)


def test_a_second_writer_of_an_output_is_refused_and_the_first_loses_nothing(tmp_path):
    """Two workers given one -o: the second (a crawl, or a merge into it) gets one line and
    exit 1 before it touches the file; the first writes every site. The first is held in the
    middle of its crawl (one site's home page answers only when the test says) while the
    second ones try."""
    release = threading.Event()
    held = clinic_site(2, pause=0)
    home = held.routes["/"]
    held.routes["/"] = lambda h: (release.wait(120), home(h))
    with ExitStack() as stack:
        urls = [stack.enter_context(serve_at(f"127.0.4.{n}", site))
                for n, site in ((25, clinic_site(1, pause=0)), (26, held))]  # fmt: skip
        out = tmp_path / "o.jsonl"
        journal = tmp_path / "o.jsonl.sites"
        first = subprocess.Popen([*CAREFINDER, "crawl", *urls, "-o", str(out), *FAST,
                                  "--set", "DOWNLOAD_TIMEOUT=180"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (journal.exists() and journal.read_text()):
            time.sleep(0.02)  # the first has written one site and waits for the other
        other = tmp_path / "other.jsonl"
        other.write_text("")
        try:
            for second in (["merge", str(other), "-o", str(out)], ["crawl", *urls, "-o", str(out), *FAST]):  # fmt: skip
                run = subprocess.run([*CAREFINDER, *second], capture_output=True, text=True, timeout=120)  # fmt: skip
                assert run.returncode == 1, run.stderr
                assert run.stderr == (f"carefinder: error: cannot write {out}: another carefinder "
                                      "process is writing it (give another -o)\n")  # fmt: skip
                assert len(out.read_text().splitlines()) == 1  # the first's site still there
        finally:
            release.set()
        assert first.wait(timeout=300) == 0, first.stderr.read()[-2000:]
    assert len(comparable(out)) == 2
    assert len(journal.read_text().splitlines()) == 2


def test_every_output_is_created_like_a_normal_file_under_the_umask(tmp_path):
    """crawl, merge and import share one rule: mode 0666 less the umask (import and merge
    made 0600 files, crawl 0644)."""

    def umask_027():
        os.umask(0o027)

    crawled, merged = tmp_path / "c.jsonl", tmp_path / "m.jsonl"
    with serve_at("127.0.4.24", clinic_site(1, pause=0)) as url:
        for command in (["crawl", url, "-o", str(crawled), *FAST],
                        ["merge", str(crawled), "-o", str(merged)]):  # fmt: skip
            run = subprocess.run([*CAREFINDER, *command], capture_output=True, text=True,
                                 timeout=120, preexec_fn=umask_027)  # fmt: skip
            assert run.returncode == 0, run.stderr[-2000:]
    made = [crawled, merged, tmp_path / "c.jsonl.sites", tmp_path / "c.jsonl.problems.txt"]
    assert {path.name: oct(path.stat().st_mode & 0o777) for path in made} == {
        path.name: "0o640" for path in made
    }


def test_revalidating_recrawl_downloads_only_changed_pages(tmp_path):
    pages = {"/": '<html><head><title>Juniper House</title></head><body><h1>Juniper House</h1>'
                  '<a href="/programs">Programs</a> <a href="/insurance">Insurance</a>'
                  "<address>9 Juniper Way, Bend, OR 97701</address><p>541-555-0109</p></body></html>",
             "/programs": "<html><body><p>We offer an intensive outpatient program.</p></body></html>",
             "/insurance": "<html><body><p>We accept Aetna.</p></body></html>"}  # fmt: skip
    answers = []

    def conditional(h):
        path = h.path.split("?")[0]
        etag = f'"{hash(pages[path]) & 0xFFFFFFFF:x}"'
        if h.headers.get("If-None-Match") == etag:
            answers.append((path, 304))
            h.send_response(304)
            h.send_header("ETag", etag)
            h.end_headers()
            return
        answers.append((path, 200))
        Routes.send(h, 200, pages[path].encode(), HTML, {"ETag": etag})

    site = Routes(dict.fromkeys(pages, conditional))
    cache = ["--revalidate", "--set", f"HTTPCACHE_DIR={tmp_path / 'httpcache'}"]
    with serve_at("127.0.4.22", site) as url:
        runs = []
        for n in range(3):
            if n == 2:  # the site changes its insurance page
                pages["/insurance"] = "<html><body><p>We accept Cigna.</p></body></html>"
            answers.clear()
            out = tmp_path / f"{n}.jsonl"
            run = subprocess.run([*CAREFINDER, "crawl", url, "-o", str(out), *FAST, *cache],
                                 capture_output=True, text=True, timeout=120)  # fmt: skip
            assert run.returncode == 0, run.stderr[-2000:]
            runs.append((sorted(answers), [json.loads(x) for x in out.read_text().splitlines()]))
    assert runs[0][0] == [("/", 200), ("/insurance", 200), ("/programs", 200)]
    assert runs[1][0] == [("/", 304), ("/insurance", 304), ("/programs", 304)]  # asked, reused
    assert runs[2][0] == [("/", 304), ("/insurance", 200), ("/programs", 304)]
    assert runs[1][1][0]["insurers"] == ["aetna"] and "iop" in runs[1][1][0]["levels_of_care"]
    assert runs[2][1][0]["insurers"] == ["cigna"]


def test_previous_crawl_marks_what_changed(tmp_path):
    with ExitStack() as stack:
        sites, urls = serve_clinics(stack, "127.0.4", pause=0)
        old = tmp_path / "old.jsonl"
        reference_crawl(urls[:2], old, sites, *FAST)
        sites[1].routes["/contact"] = slow(0, "<html><body><p>We accept Aetna.</p></body></html>")
        new = tmp_path / "new.jsonl"
        reference_crawl(urls[:2], new, sites, *FAST, "--previous", str(old))
    records = {r["website"]: r for r in map(json.loads, new.read_text().splitlines())}
    assert "changed" not in records[urls[0]]  # the same site, the same facts
    assert records[urls[1]]["changed"] == ["insurers", "payment"]  # Medicaid -> Aetna
    assert all(r["crawled_at"] for r in records.values())
    assert all(problems(r) == [] for r in records.values())
    assert all(list(r) == declared_keys(r) for r in records.values())  # the record type's keys
    missing = subprocess.run([*CAREFINDER, "crawl", urls[0], "-o", str(tmp_path / "x.jsonl"),
                              "--previous", str(tmp_path / "none.jsonl")],
                             capture_output=True, text=True, timeout=60)  # fmt: skip
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def test_sites_are_crawled_a_few_at_a_time_so_memory_stays_flat(tmp_path):
    # Page facts are held only for sites in progress: with one site at a time, each site's
    # pages are all fetched (and the site written) before the next site's first page.
    order = []

    def logged(n, answer):
        return lambda h: (order.append(n), answer(h))

    with ExitStack() as stack:
        sites, urls = serve_clinics(stack, "127.0.4", pause=0)
        for n, site in enumerate(sites, 1):
            site.routes = {path: logged(n, answer) for path, answer in site.routes.items()}
        out = tmp_path / "o.jsonl"
        reference_crawl(urls, out, sites, *FAST, "--set", "CAREFINDER_ACTIVE_SITES=1")
    assert len(order) == 6 * 4 and order == sorted(order), order
    assert len(out.read_text().splitlines()) == 6


def test_a_recrawl_lists_only_fields_of_the_record(tmp_path, spec_record):
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps(spec_record) + "\n")
    again = copy.deepcopy(spec_record)
    again["evidence"] = again["evidence"][::-1]  # new quotes, same facts
    assert "changed" not in Previous(str(old)).mark(again)
    again["insurers"] = ["cigna"]
    again.pop("email")  # a field left out counts as null, not as a change of its own
    spec_record["email"] = None
    old.write_text(json.dumps(spec_record) + "\n")
    marked = Previous(str(old)).mark(again)
    assert marked["changed"] == ["insurers"]
    new = copy.deepcopy(spec_record) | {"id": "another-facility"}
    listed = Previous(str(old)).mark(new)["changed"]
    assert "id" not in listed and "name" in listed and "email" not in listed
