"""Crawl workers sharing sites through a real Redis server (Debian's redis-server, started here
on a free loopback port): their merged output equals one process's, no site is fetched by two
workers, and a worker killed with SIGKILL loses no site."""

import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack

import pytest
import redis
from faultweb import comparable, reference_crawl, serve_clinics

CAREFINDER = [sys.executable, "-m", "carefinder_cli"]
# One site at a time per worker, so that neither takes every site at once.
FAST = ["--no-delay", "--set", "RETRY_TIMES=0", "--set", "CAREFINDER_ACTIVE_SITES=1"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    exe = shutil.which("redis-server") or "/usr/sbin/redis-server"
    assert shutil.which(exe), "redis-server is missing: ./dev test installs Debian's redis-server"
    for _ in range(5):  # a free port may be taken between asking and binding: try another
        port = free_port()
        proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no", "--dir", str(tmp_path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        url = f"redis://127.0.0.1:{port}/0"
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if proc.poll() is not None:
                    break
                time.sleep(0.05)
        if proc.poll() is None:
            break
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def merged(tmp_path, *outputs):
    out = tmp_path / f"merged-{len(outputs)}-{outputs[0].stem}.jsonl"
    run = subprocess.run([*CAREFINDER, "merge", *map(str, outputs), "-o", str(out)],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr
    return comparable(out)


def polling(url: str) -> bool:
    """Some client's last command is one a worker waiting for sites sends."""
    clients = redis.Redis.from_url(url).client_list()
    return any(c.get("cmd") in ("evalsha", "exists", "llen", "zcard") for c in clients)


def journaled(path) -> list[str]:
    journal = path.parent / f"{path.name}.sites"
    return [line.split("\t")[0] for line in journal.read_text().splitlines()]


def test_two_workers_share_the_sites_and_merge_to_a_one_process_crawl(tmp_path, redis_url):
    with ExitStack() as stack:
        sites, urls = serve_clinics(stack, "127.0.5", pause=0.3)
        reference_crawl(urls, one := tmp_path / "one.jsonl", sites, *FAST)
        out1, out2 = tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"
        # the worker without start URLs starts first and waits for the queue to be seeded; the
        # seeding worker starts once the other is asking Redis for sites (connected is not
        # enough: on a busy machine Scrapy's start-up can outlast the whole shared crawl)
        second = subprocess.Popen([*CAREFINDER, "crawl", "--redis", redis_url, "-o", str(out2),
                                   *FAST], stderr=subprocess.PIPE, text=True)  # fmt: skip
        for _ in range(1200):
            if polling(redis_url):
                break
            time.sleep(0.05)
        first = subprocess.Popen([*CAREFINDER, "crawl", "--redis", redis_url, *urls, "-o",
                                  str(out1), *FAST], stderr=subprocess.PIPE, text=True)  # fmt: skip
        for proc in (first, second):
            _, stderr = proc.communicate(timeout=300)
            assert proc.returncode == 0, stderr[-2000:]
        # the same sites seeded again after that run finished: a new run (a recrawl)
        again = tmp_path / "again.jsonl"
        rerun = subprocess.run([*CAREFINDER, "crawl", "--redis", redis_url, *urls, "-o",
                                str(again), *FAST], capture_output=True, text=True, timeout=300)  # fmt: skip
        assert rerun.returncode == 0, rerun.stderr[-2000:]
    by_worker = journaled(out1), journaled(out2)
    assert sorted(by_worker[0] + by_worker[1]) == sorted(u.rstrip("/") for u in urls)
    assert by_worker[0] and by_worker[1]  # both worked
    assert all(site.requested.count("/") == 2 for site in sites)  # once per run, never twice
    assert merged(tmp_path, out1, out2) == merged(tmp_path, one)
    assert len(journaled(again)) == 6


def test_a_worker_killed_with_sigkill_loses_no_site(tmp_path, redis_url):
    lease = ["--set", "CAREFINDER_REDIS_LEASE=2"]
    with ExitStack() as stack:
        sites, urls = serve_clinics(stack, "127.0.5", pause=0.3)
        reference_crawl(urls, one := tmp_path / "one.jsonl", sites, *FAST)
        out1, out2 = tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"
        doomed = subprocess.Popen([*CAREFINDER, "crawl", "--redis", redis_url, *urls, "-o",
                                   str(out1), *FAST, *lease])  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any("/iop" in s.requested for s in sites):
            time.sleep(0.02)  # killed in the middle of a site
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)
        survivor = subprocess.run([*CAREFINDER, "crawl", "--redis", redis_url, "-o", str(out2),
                                   *FAST, *lease], capture_output=True, text=True, timeout=300)  # fmt: skip
        assert survivor.returncode == 0, survivor.stderr[-2000:]
    written = journaled(out1) + journaled(out2)
    assert sorted(set(written)) == sorted(u.rstrip("/") for u in urls)
    assert len(journaled(out2)) >= 1  # the killed worker's site was taken over
    assert merged(tmp_path, out1, out2) == merged(tmp_path, one)
