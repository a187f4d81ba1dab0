"""Crawl workers sharing sites through a real Redis server (Debian's redis-server, started here
on a free loopback port): their merged output equals one process's, no site is fetched by two
workers, and a worker killed with SIGKILL loses no site. Redis itself is killed and started
again, with and without its data, and a worker is paused past its lease."""

import shutil
import signal
import socket
import subprocess
import sys
import threading
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


class RedisServer:
    """A real redis-server on a free loopback port, which a test may kill (SIGKILL) and start
    again on the same port: with its data when ``persist`` (an append-only file fsynced at
    every write), else empty."""

    def __init__(self, folder, persist: bool = False):
        self.exe = shutil.which("redis-server") or "/usr/sbin/redis-server"
        assert shutil.which(self.exe), "redis-server is missing: ./dev test installs it"
        self.folder, self.persist, self.proc = folder, persist, None
        for _ in range(5):  # a free port may be taken between asking and binding: try another
            self.port = free_port()
            if self.start():
                break

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> bool:
        keep = ["--appendonly", "yes", "--appendfsync", "always"] if self.persist else []
        self.proc = subprocess.Popen([self.exe, "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no", *keep, "--dir",
                                      str(self.folder)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        for _ in range(200):
            try:
                return bool(redis.Redis.from_url(self.url).ping())
            except redis.ConnectionError:
                if self.proc.poll() is not None:
                    return False
                time.sleep(0.05)
        return False

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture
def servers(tmp_path):
    """Starts RedisServers; each is stopped after the test."""
    started = []

    def start(persist: bool = False) -> RedisServer:
        started.append(RedisServer(tmp_path, persist))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def redis_url(servers):
    return servers().url


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


def two_workers(redis_url, urls, out1, out2, *options) -> tuple:
    """The seeding worker (``urls`` into ``out1``) and another (``out2``). The one without start
    URLs starts first and waits for the queue to be seeded; the seeding worker starts once the
    other is asking Redis for sites (connected is not enough: on a busy machine Scrapy's
    start-up can outlast the whole shared crawl)."""
    second = subprocess.Popen([*CAREFINDER, "crawl", "--redis", redis_url, "-o", str(out2),
                               *options], stderr=subprocess.PIPE, text=True)  # fmt: skip
    for _ in range(1200):
        if polling(redis_url):
            break
        time.sleep(0.05)
    first = subprocess.Popen([*CAREFINDER, "crawl", "--redis", redis_url, *urls, "-o",
                              str(out1), *options], stderr=subprocess.PIPE, text=True)  # fmt: skip
    return first, second


def finished(*workers) -> list[tuple[int, str]]:
    """(exit code, stderr) of each worker once it has ended."""
    ends = []
    for proc in workers:
        try:
            _, stderr = proc.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            for worker in workers:  # none left running after the test
                worker.kill()
            raise
        ends.append((proc.returncode, stderr))
    return ends


def until(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the crawl never got there"
        time.sleep(0.02)


def written(*outputs) -> list[str]:
    """Sites journaled, by every worker given (a site twice if two wrote it)."""
    return sorted(site for out in outputs if out.exists() for site in journaled(out))


def one_plain_line(stderr: str, says: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and lines[0].startswith("carefinder: error:"), (
        stderr[-3000:]
    )


def test_two_workers_share_the_sites_and_merge_to_a_one_process_crawl(tmp_path, redis_url):
    with ExitStack() as stack:
        sites, urls = serve_clinics(stack, "127.0.5", pause=0.3)
        reference_crawl(urls, one := tmp_path / "one.jsonl", sites, *FAST)
        out1, out2 = tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"
        for code, stderr in finished(*two_workers(redis_url, urls, out1, out2, *FAST)):
            assert code == 0, stderr[-2000:]
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


OUTAGE = ["--set", "CAREFINDER_REDIS_OUTAGE=60"]


def test_a_redis_restart_with_its_data_is_waited_out_and_the_run_finishes(tmp_path, servers):
    """Redis killed mid-crawl and started again from its append-only file: both workers wait
    (backing off), go on, and together write every site once (they used to stop taking sites,
    exit 0 with sites never crawled and ~200 lines of tracebacks)."""
    server = servers(persist=True)
    with ExitStack() as stack:
        sites, urls = serve_clinics(stack, "127.0.5", pause=0.3)
        reference_crawl(urls, one := tmp_path / "one.jsonl", sites, *FAST)
        out1, out2 = tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"
        workers = two_workers(server.url, urls, out1, out2, *FAST, *OUTAGE)
        until(lambda: any("/iop" in s.requested for s in sites))  # in the middle of a site
        server.kill()
        time.sleep(1)  # the workers meet a dead Redis
        assert server.start()
        for code, stderr in finished(*workers):
            assert code == 0 and "Traceback" not in stderr, stderr[-3000:]
    assert written(out1, out2) == sorted(u.rstrip("/") for u in urls)
    assert all(site.requested.count("/") == 1 for site in sites)  # none fetched twice
    assert merged(tmp_path, out1, out2) == merged(tmp_path, one)


def test_a_redis_that_stays_down_ends_each_worker_with_one_line(tmp_path, servers):
    """Past the outage bound (3 s here) a worker stops: exit 1, one sentence, no traceback."""
    server = servers()
    with ExitStack() as stack:
        sites, urls = serve_clinics(stack, "127.0.5", pause=0.3)
        out1, out2 = tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"
        workers = two_workers(server.url, urls, out1, out2, *FAST, "--set",
                              "CAREFINDER_REDIS_OUTAGE=3")  # fmt: skip
        until(lambda: any("/iop" in s.requested for s in sites))
        server.kill()
        for code, stderr in finished(*workers):
            assert code == 1, stderr[-3000:]
            one_plain_line(stderr, f"Redis at {server.url} could not be reached for 3 s")


def test_redis_back_without_its_data_is_no_finished_run_and_resume_finishes_it(tmp_path, servers):
    """Redis killed and started again empty: the workers do not take the empty queue for a
    finished run (exit 1, one line); then ``crawl --resume --redis`` marks the journaled sites
    done and finishes (it used to re-claim them forever), fetching none of them again."""
    server = servers()
    with ExitStack() as stack:
        sites, urls = serve_clinics(stack, "127.0.5", pause=0.3)
        reference_crawl(urls, one := tmp_path / "one.jsonl", sites, *FAST)
        out1, out2 = tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"
        workers = two_workers(server.url, urls, out1, out2, *FAST, *OUTAGE)
        until(lambda: len(written(out1, out2)) >= 2)
        server.kill()
        assert server.start()  # empty: no append-only file
        for code, stderr in finished(*workers):
            assert code == 1, stderr[-3000:]
            one_plain_line(stderr, "no longer holds the run this worker joined")
        before = set(written(out1, out2))
        resumed = two_workers(server.url, urls, out1, out2, *FAST, *OUTAGE, "--resume")
        for code, stderr in finished(*resumed):
            assert code == 0, stderr[-3000:]
    assert written(out1, out2) == sorted(u.rstrip("/") for u in urls)  # each site once
    assert all(
        s.requested.count("/") == 1
        for s, u in zip(sites, urls, strict=True)
        if u.rstrip("/") in before
    )
    assert merged(tmp_path, out1, out2) == merged(tmp_path, one)


def test_a_worker_paused_past_its_lease_leaves_the_site_to_the_one_that_took_it_over(
    tmp_path, redis_url
):
    """Worker A is stopped (SIGSTOP) while site 1's home page is on its way; its lease (2 s)
    runs out, worker B takes the site over and finishes the run; A, continued (SIGCONT), gets
    the home page but fetches none of the links on it and writes nothing of site 1."""
    lease = ["--set", "CAREFINDER_REDIS_LEASE=2"]
    with ExitStack() as stack:
        sites, urls = serve_clinics(stack, "127.0.5", pause=0.05)
        reference_crawl(urls, one := tmp_path / "one.jsonl", sites, *FAST)
        asked, release = threading.Event(), threading.Event()
        home = sites[0].routes["/"]

        def first_waits(handler):  # A's request for the home page is answered when released
            if not asked.is_set():
                asked.set()
                release.wait(120)
            home(handler)

        sites[0].routes["/"] = first_waits
        out1, out2 = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
        paused = subprocess.Popen([*CAREFINDER, "crawl", "--redis", redis_url, *urls, "-o",
                                   str(out1), *FAST, *lease], stderr=subprocess.PIPE, text=True)  # fmt: skip
        until(asked.is_set)
        paused.send_signal(signal.SIGSTOP)
        taking_over = subprocess.run([*CAREFINDER, "crawl", "--redis", redis_url, "-o", str(out2),
                                      *FAST, *lease], capture_output=True, text=True, timeout=300)  # fmt: skip
        assert taking_over.returncode == 0, taking_over.stderr[-3000:]
        release.set()
        paused.send_signal(signal.SIGCONT)
        [(code, stderr)] = finished(paused)
        assert code == 0, stderr[-3000:]
    site1 = urls[0].rstrip("/")
    assert site1 in journaled(out2) and site1 not in written(out1)
    assert written(out1, out2) == sorted(u.rstrip("/") for u in urls)
    # each page once (B's), the home page also A's request that was on its way when it stopped
    fetched = sorted(p for p in sites[0].requested if p != "/robots.txt")
    assert fetched == ["/", "/", "/contact", "/iop", "/php"]
    assert merged(tmp_path, out1, out2) == merged(tmp_path, one)
