"""Six `carefinder index update` processes at once, each with its own records: the write lock
serialises them, so every record of every run is in the index and no run crashes.

Three trials here; docs/RELIABILITY.md reports 20 (CAREFINDER_LOCK_TRIALS=20)."""

import json
import os
import random
import subprocess
import sys

from test_index import make

from index import store
from index.search import Engine, SearchQuery

CAREFINDER = [sys.executable, "-m", "carefinder_cli"]
RUNS = 6
TRIALS = int(os.environ.get("CAREFINDER_LOCK_TRIALS", "3"))


def test_concurrent_updates_keep_every_record(tmp_path):
    rng = random.Random(13)
    root = tmp_path / "ix"
    store.build(root, [make(i, rng) for i in range(50)])
    expected = {f"r{i:04d}" for i in range(50)}
    next_id = 50
    for trial in range(TRIALS):
        procs = []
        for run in range(RUNS):
            batch = [make(next_id + i, rng) for i in range(40)]
            next_id += 40
            expected |= {r["id"] for r in batch}
            path = tmp_path / f"t{trial}-{run}.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in batch))
            procs.append(subprocess.Popen([*CAREFINDER, "index", "update", str(path), "--index", str(root)],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))  # fmt: skip
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0 and "Traceback" not in err, (trial, err)
            assert "update: 40 records indexed" in out
        result, hits = Engine(root).export(SearchQuery())
        found = {h.record["id"] for h in hits}
        assert found == expected and result.total == len(expected), trial
