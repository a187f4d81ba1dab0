"""Damaged and half-written index generations, on a real index on disk: the newest intact
generation is served (saying which and why), a segment cut short under a running server is a
503 and not a dead worker, and pruning deletes broken generations before the last good one."""

import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from test_index import make
from test_server import free_port, listening

from carefinder.query import SearchQuery
from index import store
from index.search import Engine

CAREFINDER = [sys.executable, "-m", "carefinder_cli"]
OLD, NEW = 120, 80  # records of the older and the newer generation: which one answered


@pytest.fixture
def two_generations(tmp_path):
    rng = random.Random(3)
    root = tmp_path / "ix"
    store.build(root, [make(i, rng) for i in range(OLD)])
    store.build(root, [make(i, rng) for i in range(NEW)])
    return root


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CAREFINDER, *args], capture_output=True, text=True, timeout=120)


def segment(root):
    return next(store.current(root).glob("*.seg"))


@pytest.mark.parametrize("damage", ["garbage", "deleted"])
def test_a_damaged_table_of_contents_is_served_from_the_previous_generation(
    two_generations, damage
):
    root = two_generations
    broken = store.current(root)
    toc = next(broken.glob("*.toc"))
    if damage == "garbage":
        toc.write_bytes(b"garbage " * 64)
    else:
        toc.unlink()
    found = run("search", "--index", str(root), "--per-page", "1")
    assert found.returncode == 0 and found.stdout.startswith(f"{OLD} facilities"), found.stderr
    why = found.stderr.strip()
    assert "\n" not in why and "internal error" not in why
    assert "serving gen-" in why and broken.name in why
    stats = run("index", "stats", "--index", str(root))
    assert stats.returncode == 0 and f"records: {OLD}" in stats.stdout
    assert f"note: index at {root}: serving" in stats.stdout and broken.name in stats.stdout


def test_no_intact_generation_is_one_line(tmp_path):
    root = tmp_path / "ix"
    store.build(root, [make(i, random.Random(1)) for i in range(10)])
    next(store.current(root).glob("*.toc")).write_bytes(b"\0" * 300)
    for args in (["search"], ["index", "stats"], ["serve", "--port", str(free_port())]):
        done = run(*args, "--index", str(root))
        assert done.returncode == 1, args
        assert done.stderr.startswith("carefinder: error: no generation of the index at"), args
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def killed_build(root, records_path) -> None:
    """A build stopped for good half-way: it reads its records from a pipe that never ends,
    and is killed once it has begun writing its generation."""
    before = set(root.glob("gen-*"))
    os.mkfifo(records_path)
    proc = subprocess.Popen([*CAREFINDER, "index", "build", str(records_path), "--index", str(root)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    with open(records_path, "w") as pipe:  # opens once the build does
        rng = random.Random(len(before))
        pipe.write("".join(json.dumps(make(i, rng)) + "\n" for i in range(20)))
        pipe.flush()
        while not {g for g in root.glob("gen-*") if any(g.glob("*.toc"))} - before:
            time.sleep(0.05)  # waiting for the build to reach its writing, however long
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    records_path.unlink()


def test_pruning_deletes_killed_builds_before_the_last_good_generation(tmp_path):
    root = tmp_path / "ix"
    good = [make(i, random.Random(8)) for i in range(OLD)]
    store.build(root, good)
    last_good = store.current(root)
    for n in range(8):
        killed_build(root, tmp_path / f"killed-{n}.jsonl")
    assert len(list(root.glob("gen-*"))) == 9  # the good one and eight half-written ones
    store.build(root, good[:NEW])
    left = sorted(root.glob("gen-*"))
    assert left == sorted([last_good, store.current(root)])  # every broken one pruned
    # the one kept to fall back on really serves: damage the newest and ask
    next(store.current(root).glob("*.toc")).write_bytes(b"garbage")
    assert Engine(root).search(SearchQuery(per_page=1)).total == OLD


def test_pruning_deletes_damaged_generations_first(two_generations):
    root = two_generations
    older, newer = sorted(root.glob("gen-*"))
    next(older.glob("*.seg")).write_bytes(b"not a segment")
    store.build(root, [make(i, random.Random(4)) for i in range(10)])
    assert sorted(root.glob("gen-*")) == [newer, store.current(root)]


def test_an_update_copies_the_intact_generation(two_generations, tmp_path):
    root = two_generations
    next(store.current(root).glob("*.toc")).write_bytes(b"garbage")
    extra = tmp_path / "extra.jsonl"
    rng = random.Random(9)
    extra.write_text("".join(json.dumps(make(1000 + i, rng)) + "\n" for i in range(5)))
    done = run("index", "update", str(extra), "--index", str(root))
    assert done.returncode == 0, done.stderr
    assert Engine(root).search(SearchQuery(per_page=1)).total == OLD + 5


def api(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@contextmanager
def served(root, log):
    """``carefinder serve`` (one gevent worker) on the index, answering: its search URL."""
    port = free_port()
    proc = subprocess.Popen([*CAREFINDER, "serve", "--index", str(root), "--port", str(port),
                             "--workers", "1"], stdout=log, stderr=log)  # fmt: skip
    try:
        listening(port)
        yield f"http://127.0.0.1:{port}/api/search?near=95814&radius=500&per_page=200"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_a_segment_cut_short_under_the_server_is_a_503_then_the_previous_generation(
    two_generations, tmp_path
):
    """Memory-mapped, the cut segment killed the worker with SIGBUS: an empty reply."""
    root = two_generations
    with (tmp_path / "server.log").open("w+") as log:
        with served(root, log) as url:
            status, body = api(url)
            assert (status, body["total"]) == (200, NEW)  # the worker has the newest open
            with open(segment(root), "r+b") as seg:
                seg.truncate(1000)
            status, body = api(url)
            assert status == 503 and body["error"].startswith("The search index is unavailable")
            status, body = api(url)  # answered, reopened on the intact generation
            assert (status, body["total"]) == (200, OLD)
        log.seek(0)
        text = log.read()
    assert "serving gen-" in text and "Traceback" not in text


def test_serve_starts_on_the_intact_generation(two_generations, tmp_path):
    """With a garbage table of contents, serve refused to start ("internal error")."""
    root = two_generations
    next(store.current(root).glob("*.toc")).write_bytes(b"garbage " * 64)
    with (tmp_path / "server.log").open("w+") as log:
        with served(root, log) as url:
            status, body = api(url)
        log.seek(0)
        first = log.readline()
    assert (status, body["total"]) == (200, OLD)
    assert first.startswith(f"carefinder: index at {root}: serving gen-")


def test_threads_searching_at_once_read_right(tmp_path):
    """Read without a memory map, a segment is one file whose position the readers share: eight
    threads (a gthread worker's) without turns got zlib errors and other threads' records."""
    import threading

    rng = random.Random(6)
    root = tmp_path / "ix"
    store.build(root, [make(i, rng) for i in range(1500)])
    engine = Engine(root)
    queries = [SearchQuery(near=z, radius=r, per_page=100) for z in ("95814", "95202", "95616")
               for r in (25, 60)]  # fmt: skip
    expected = [[h.record["id"] for h in engine.search(q).results] for q in queries]
    wrong: list[str] = []

    def work(seed: int) -> None:
        pick = random.Random(seed)
        for _ in range(30):
            n = pick.randrange(len(queries))
            try:
                got = [h.record["id"] for h in engine.search(queries[n], 1e18).results]
            except Exception as exc:  # what a torn read raises: reported, not lost
                got = [repr(exc)]
            if got != expected[n]:
                wrong.append(repr(got[:1]))

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
