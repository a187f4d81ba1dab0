"""600-site crawl on loopback: one process against two workers sharing one Redis, then a crawl
killed with SIGKILL and finished with --resume.

    .venv/bin/python bench/distributed_crawl_bench.py [--copies 4]
    .venv/bin/python bench/distributed_crawl_bench.py --memory 1,2,4,8

The devfarm (../shared/devfarm, 150 sites) is served ``--copies`` times on other ports, so
there are 150 x copies distinct sites. Politeness delays are off (our own servers). Reports
pages/s (wall clock, start-up included) and each process's peak RSS, ``scrapy bench`` from the
same run, and whether the resumed output equals the uninterrupted one.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawl_bench import scrapy_bench

ROOT = Path(__file__).resolve().parents[1]
FARM = ROOT.parent / "shared" / "devfarm"
CRAWL = [sys.executable, "-m", "carefinder_cli", "crawl", "--no-delay"]


def serve_farms(tmp: Path, copies: int) -> tuple[list[subprocess.Popen], list[str]]:
    servers, urls = [], []
    for k in range(copies):
        farm = tmp / f"farm{k}"
        shutil.copytree(FARM / "farm", farm)
        base = 20000 + 4500 * k + random.randrange(0, 4000)  # each copy on its own ports (k < 10)
        servers.append(subprocess.Popen([sys.executable, str(FARM / "serve_farm.py"), str(farm),
                                         "--port-base", str(base), "--max-seconds", "7200",
                                         "--quiet"]))  # fmt: skip
        while not (farm / "urls.txt").exists():
            time.sleep(0.1)
        urls += (farm / "urls.txt").read_text().split()
    return servers, urls


def timed(cmd: list[str]) -> subprocess.Popen:
    """The command under /usr/bin/time, which prints its peak RSS (KB) as the last line."""
    return subprocess.Popen(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)  # fmt: skip


def finish(proc: subprocess.Popen) -> tuple[int, float]:
    """(pages crawled, peak RSS in MB) of a finished crawl."""
    out, err = proc.communicate()
    assert proc.returncode == 0, err[-2000:]
    pages = int(out.split(" pages:")[0].rsplit(" ", 1)[-1])
    return pages, int(err.strip().splitlines()[-1]) / 1024


def records(path: Path) -> list[str]:
    """Records without their crawl time and with every list sorted (the order pages arrived in
    is no difference), so two crawls of the same sites compare equal."""
    out = []
    for line in path.read_text().splitlines():
        row = json.loads(line)
        row.pop("crawled_at")
        for key, value in row.items():
            if isinstance(value, list):
                row[key] = sorted(json.dumps(v, sort_keys=True) for v in value)
        out.append(json.dumps(row, sort_keys=True))
    return sorted(out)


def difference(a: Path, b: Path) -> dict:
    """How two crawls' outputs differ: equal, or the ids on one side only and, for a few ids on
    both, the fields whose values differ."""
    left = {json.loads(r)["id"]: json.loads(r) for r in records(a)}
    right = {json.loads(r)["id"]: json.loads(r) for r in records(b)}
    if left == right:
        return {"equal": True}
    both = sorted(i for i in left.keys() & right.keys() if left[i] != right[i])
    return {
        "equal": False,
        "only_first": sorted(left.keys() - right.keys())[:5],
        "only_second": sorted(right.keys() - left.keys())[:5],
        "differing": len(both),
        "fields": {i: sorted(k for k in left[i].keys() | right[i].keys()
                             if left[i].get(k) != right[i].get(k)) for i in both[:5]},
    }  # fmt: skip


def start_redis(tmp: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--dir", str(tmp)], stdout=subprocess.DEVNULL)  # fmt: skip
    time.sleep(0.5)
    return server, f"redis://127.0.0.1:{port}/0"


def memory(sizes: list[int]) -> None:
    """Peak RSS of one crawl process as the number of sites grows (``--memory 1,2,4,8`` copies
    of the farm): page facts are held only for the sites in progress, so it should stay flat."""
    rows = []
    for copies in sizes:
        with tempfile.TemporaryDirectory() as name:
            tmp = Path(name)
            servers, urls = serve_farms(tmp, copies)
            (tmp / "urls.txt").write_text("\n".join(urls) + "\n")
            try:
                started = time.perf_counter()
                pages, rss = finish(timed([*CRAWL, "--start-urls", str(tmp / "urls.txt"), "-o",
                                           str(tmp / "one.jsonl")]))  # fmt: skip
                rows.append({"sites": len(urls), "pages": pages, "peak_rss_mb": round(rss),
                             "seconds": round(time.perf_counter() - started, 1)})  # fmt: skip
            finally:
                for server in servers:
                    server.terminate()
    print(json.dumps(rows, indent=2))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--memory", help="only peak RSS of one process for these copy counts: 1,2,4")
    args = ap.parse_args()
    if args.memory:
        return memory([int(n) for n in args.memory.split(",")])
    result = {"scrapy_bench_pages_per_s": round(scrapy_bench(), 1)}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        servers, urls = serve_farms(tmp, args.copies)
        (tmp / "urls.txt").write_text("\n".join(urls) + "\n")
        result["sites"] = len(urls)
        try:
            started = time.perf_counter()
            pages, rss = finish(timed([*CRAWL, "--start-urls", str(tmp / "urls.txt"), "-o",
                                       str(tmp / "one.jsonl")]))  # fmt: skip
            seconds = time.perf_counter() - started
            result["one_process"] = {"pages": pages, "seconds": round(seconds, 1),
                                     "pages_per_s": round(pages / seconds, 1),
                                     "peak_rss_mb": round(rss)}  # fmt: skip

            redis_server, redis_url = start_redis(tmp)
            started = time.perf_counter()
            workers = [timed([*CRAWL, "--redis", redis_url, "--start-urls", str(tmp / "urls.txt"),
                              "-o", str(tmp / "w1.jsonl")]),
                       timed([*CRAWL, "--redis", redis_url, "-o", str(tmp / "w2.jsonl")])]  # fmt: skip
            done = [finish(w) for w in workers]
            seconds = time.perf_counter() - started
            redis_server.terminate()
            # `merge` also joins one facility's records across sites (the farm's copies are the
            # same facilities), so the workers' merge is compared with the one process's merge.
            merged, one_merged = tmp / "merged.jsonl", tmp / "one-merged.jsonl"
            for parts, target in (((tmp / "w1.jsonl", tmp / "w2.jsonl"), merged),
                                  ((tmp / "one.jsonl",), one_merged)):  # fmt: skip
                subprocess.run([*CRAWL[:-2], "merge", *map(str, parts), "-o", str(target)],
                               check=True, capture_output=True, cwd=ROOT)  # fmt: skip
            pages = sum(p for p, _ in done)
            result["two_workers"] = {"pages": pages, "seconds": round(seconds, 1),
                                     "pages_per_s": round(pages / seconds, 1),
                                     "peak_rss_mb_per_worker": [round(r) for _, r in done]}  # fmt: skip
            result["two_workers"]["merged_vs_one_process"] = difference(merged, one_merged)
            result["speedup"] = round(result["two_workers"]["pages_per_s"]
                                      / result["one_process"]["pages_per_s"], 2)  # fmt: skip

            out = tmp / "killed.jsonl"
            victim = subprocess.Popen([*CRAWL, "--start-urls", str(tmp / "urls.txt"), "-o",
                                       str(out)], stdout=subprocess.DEVNULL, cwd=ROOT)  # fmt: skip
            journal = Path(f"{out}.sites")
            while not journal.exists() or len(journal.read_text().splitlines()) < len(urls) // 3:
                time.sleep(0.2)
            victim.kill()
            victim.wait()
            written = len(journal.read_text().splitlines())
            subprocess.run([*CRAWL, "--start-urls", str(tmp / "urls.txt"), "-o", str(out),
                            "--resume"], check=True, capture_output=True, cwd=ROOT)  # fmt: skip
            result["sigkill_resume"] = {
                "sites_written_before_kill": written,
                "resumed_vs_uninterrupted": difference(out, tmp / "one.jsonl"),
            }
        finally:
            for server in servers:
                server.terminate()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
