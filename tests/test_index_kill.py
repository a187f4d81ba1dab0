"""SIGKILL during `carefinder index build` and `update`, 24 times at random moments: the index
always opens, and holds exactly the records of the last build or update that completed."""

import json
import os
import random
import signal
import subprocess
import sys
import time

from test_index import make

from carefinder.query import SearchQuery
from index import store
from index.search import Engine

CAREFINDER = [sys.executable, "-m", "carefinder_cli"]


def write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def total(root) -> int:
    return Engine(root).search(SearchQuery(per_page=1)).total


def test_killed_builds_and_updates_never_break_the_index(tmp_path):
    rng = random.Random(11)
    first = [make(i, rng) for i in range(1500)]
    extra = [make(i, rng) for i in range(1500, 1800)]
    write(tmp_path / "first.jsonl", first)
    write(tmp_path / "extra.jsonl", extra)
    root = tmp_path / "ix"
    store.build(root, first)
    expected = {len(first)}
    outcomes = []
    for trial in range(24):
        action = "build" if trial % 2 == 0 else "update"
        source = "first.jsonl" if action == "build" else "extra.jsonl"
        proc = subprocess.Popen([*CAREFINDER, "index", action, str(tmp_path / source), "--index", str(root)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(0.2, 3.5))
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        outcomes.append("killed" if killed else "finished")
        count = total(root)  # opens: a half-written generation is never "current"
        if not killed:
            expected = {len(first) + len(extra)} if action == "update" else {len(first)}
        # killed: the swap either happened (new contents) or not (old contents), nothing between
        allowed = expected | ({len(first) + len(extra)} if action == "update" else {len(first)})
        assert count in allowed, (trial, action, outcomes[-1], count)
        expected = {count}
    assert outcomes.count("killed") >= 10, outcomes  # the loop really interrupted work
    leftovers = [p for p in root.iterdir() if p.name.startswith("gen-")]
    assert len(leftovers) <= 30  # old generations are pruned, killed ones at most linger


def test_site_keeps_answering_during_a_rebuild(tmp_path):
    rng = random.Random(5)
    records = [make(i, rng) for i in range(1500)]
    write(tmp_path / "r.jsonl", records)
    root = tmp_path / "ix"
    store.build(root, records[:100])
    engine = Engine(root)
    proc = subprocess.Popen([*CAREFINDER, "index", "build", str(tmp_path / "r.jsonl"), "--index", str(root)],
                            stdout=subprocess.DEVNULL)  # fmt: skip
    answers = []
    while proc.poll() is None:
        answers.append(engine.search(SearchQuery(near="95814", radius=100, per_page=5)).total)
    assert proc.returncode == 0
    assert answers and all(a > 0 for a in answers)
    assert engine.search(SearchQuery(per_page=1)).total == 1500  # the new generation, once swapped
