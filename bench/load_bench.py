"""Load on the served app: 32 keep-alive connections on loopback against /api/search with the
national index, optionally rebuilding the index underneath mid-run.

    .venv/bin/python bench/load_bench.py [--seconds 60] [--rebuild] [--shared ../shared]
        [--attack] [--worker-class gevent|gthread|sync]

--attack holds 50 sockets open that each sent half a request header (adding a header line every
10 s, as slowloris does) and runs a second wrk on 2 connections sending hostile queries
(``*a*``, a range, 200 repeated filters, open-now nationwide, 500-mile radius); the
normal searches' numbers are then those of the first wrk alone.

Without --rebuild the load comes from wrk (Debian's `wrk`) when installed, so the load generator
does not take the server's CPU; with --rebuild (or without wrk) from Python threads, which also
split the numbers into before/during/after the swap. Reports requests/s, p50/p95 latency,
errors, and the server's resident memory. The load stops by itself; traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from itertools import chain
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).parent))
from index_bench import query_mix  # noqa: E402

from carefinder.jsonl import write_atomic  # noqa: E402
from carefinder.samhsa.convert import Report, convert  # noqa: E402
from carefinder.samhsa.readers import read  # noqa: E402
from index import store  # noqa: E402

CONNECTIONS = 32


def national(shared: Path, out: Path) -> tuple[Path, Path]:
    """The national index and its records file (built once, reused)."""
    records, root = out / "national.jsonl", out / "national-index"
    if not records.exists():
        data = shared / "data" / "samhsa"
        files = [data / "national_directory_sa_2022.xlsx", data / "national_directory_mh_2022.xlsx"]
        write_atomic(records, convert(chain.from_iterable(read(f) for f in files), Report()))
    if not (root / "current").exists():
        from carefinder.jsonl import read_records

        store.build(root, read_records([records]))
    return records, root


def urls(records: Path, n: int = 400) -> list[str]:
    with records.open() as handle:
        recs = [json.loads(line) for _, line in zip(range(5000), handle, strict=False)]
    out = []
    for q in query_mix(recs, n, seed=7):
        params = [("near", q.near), ("radius", int(q.radius)), ("per_page", 20)]
        names = {"levels_of_care": "level", "payment": "payment", "conditions": "condition",
                 "populations": "population", "services": "service"}  # fmt: skip
        params += [(names[f], v) for f, vs in q.filters.items() for v in vs]
        if q.text:
            params.append(("q", q.text))
        out.append("/api/search?" + urlencode(params))
    return out


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format('WRK {"requests": %%d, "rps": %%.1f, "p50_ms": %%.1f, "p95_ms": %%.1f, "p99_ms": %%.1f, "errors": %%d}\\n',
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
"""


def wrk_process(
    port: int, paths: list[str], seconds: float, out: Path, connections: int, name: str
):
    script = out / f"{name}.lua"
    script.write_text(WRK_SCRIPT % ",".join(json.dumps(p) for p in paths))
    threads = min(2, connections)
    return subprocess.Popen(["wrk", f"-t{threads}", f"-c{connections}", f"-d{int(seconds)}s", "-s", str(script),
                             "--timeout", "10s", f"http://127.0.0.1:{port}"], stdout=subprocess.PIPE, text=True)  # fmt: skip


def wrk_result(proc) -> dict:
    stdout, _ = proc.communicate()
    line = next(x for x in stdout.splitlines() if x.startswith("WRK "))
    return json.loads(line[4:])


HOSTILE = [
    "/api/search?" + urlencode(params)
    for params in (
        {"q": "*a*"}, {"q": "body:[a TO z]"}, {"q": "*:* OR id:[0 TO z]"}, {"open": "now"},
        [("payment", "medicaid")] * 200, {"near": "66952", "radius": 500, "per_page": 200},
        {"near": "66952", "radius": 500, "q": "treatment *a*"},
        {"q": " ".join(f"w{i}~2" for i in range(60))},
    )
]  # fmt: skip
SLOW_SOCKETS = 50


def slow_clients(port: int, stop: threading.Event) -> list[socket.socket]:
    """Sockets that send half a request header, then one more header line every 10 s."""
    socks = []
    for _ in range(SLOW_SOCKETS):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /api/search?q=iop HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        socks.append(s)

    def trickle():
        n = 0
        while not stop.wait(10):
            n += 1
            for s in socks:
                with contextlib.suppress(OSError):
                    s.sendall(f"X-Slow-{n}: 1\r\n".encode())

    threading.Thread(target=trickle, daemon=True).start()
    return socks


def status(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


def _open(sock: socket.socket) -> bool:
    """True while the server has not closed the connection."""
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_tree_mb(pid: int) -> float:
    """Resident memory of the server and its worker processes."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return rss_mb(pid) + sum(rss_mb(int(c)) for c in children)


def worker(port: int, paths: list[str], offset: int, stop: float, log: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = offset
    while time.monotonic() < stop:
        path = paths[i % len(paths)]
        i += CONNECTIONS
        started = time.monotonic()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        log.append((started, time.monotonic() - started, ok))
    conn.close()


def summarise(log, start: float, end: float) -> dict:
    rows = [r for r in log if start <= r[0] < end]
    lat = sorted(r[1] * 1000 for r in rows)
    pick = lambda p: round(lat[min(len(lat) - 1, int(p * (len(lat) - 1)))], 1) if lat else None  # noqa: E731
    return {"requests": len(rows), "rps": round(len(rows) / max(end - start, 1e-9), 1),
            "p50_ms": pick(0.5), "p95_ms": pick(0.95), "errors": sum(not r[2] for r in rows)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--rebuild", action="store_true", help="rebuild the index during the run")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="bench/out")
    ap.add_argument("--attack", action="store_true", help="slow-header sockets + hostile queries")
    ap.add_argument("--worker-class", default="gevent", choices=["gevent", "gthread", "sync"])
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    records, root = national(Path(args.shared), out)
    paths = urls(records)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "carefinder_cli", "serve", "--index", str(root),
                               "--port", str(port), "--workers", "2", "--worker-class", args.worker_class],
                              stdout=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        paths = [p for p in paths if status(port, p) == 200]  # also warms every worker
        if not args.rebuild and shutil.which("wrk"):
            stop = threading.Event()
            socks = slow_clients(port, stop) if args.attack else []
            normal = wrk_process(port, paths, args.seconds, out, CONNECTIONS, "normal")
            hostile = (
                wrk_process(port, HOSTILE, args.seconds, out, 2, "hostile") if args.attack else None
            )
            result = {"tool": "wrk", "worker_class": args.worker_class, "normal": wrk_result(normal),
                      "connections": CONNECTIONS}  # fmt: skip
            if hostile:
                result["hostile"] = wrk_result(hostile)
                result["slow_sockets_still_open"] = sum(_open(s) for s in socks)
                result["rps_total"] = round(result["normal"]["rps"] + result["hostile"]["rps"], 1)
            stop.set()
            result["rss_mb_after"] = round(rss_tree_mb(server.pid), 1)
            print(json.dumps(result, indent=2))
            return
        log: list = []
        start = time.monotonic()
        stop = start + args.seconds
        threads = [
            threading.Thread(target=worker, args=(port, paths, k, stop, log))
            for k in range(CONNECTIONS)
        ]
        for t in threads:
            t.start()
        memory, phases, rebuild = [], {}, None
        while time.monotonic() < stop:
            now = time.monotonic() - start
            memory.append((round(now), round(rss_tree_mb(server.pid), 1)))
            if args.rebuild and rebuild is None and now >= args.seconds / 3:
                rebuild_start = time.monotonic()
                rebuild = subprocess.Popen([sys.executable, "-m", "carefinder_cli", "index", "build",
                                            str(records), "--index", str(root)], stdout=subprocess.DEVNULL)  # fmt: skip
            if rebuild is not None and rebuild.poll() is not None and "rebuild_end" not in phases:
                phases["rebuild_end"] = time.monotonic()
            time.sleep(1)
        for t in threads:
            t.join()
        if rebuild is not None:
            rebuild.wait()
            phases.setdefault("rebuild_end", time.monotonic())
            result = {
                "before": summarise(log, start, rebuild_start),
                "during": summarise(log, rebuild_start, phases["rebuild_end"]),
                "after": summarise(log, phases["rebuild_end"], stop),
                "rebuild_seconds": round(phases["rebuild_end"] - rebuild_start, 1),
                "rss_mb_max": {
                    "before": max(
                        (m for t, m in memory if start + t < rebuild_start), default=None
                    ),
                    "during": max(
                        (
                            m
                            for t, m in memory
                            if rebuild_start <= start + t < phases["rebuild_end"]
                        ),
                        default=None,
                    ),
                    "after": max(
                        (m for t, m in memory if start + t >= phases["rebuild_end"]), default=None
                    ),
                },
                "rss_mb_last_10s_of_after": [m for t, m in memory if t >= args.seconds - 10],
                "rebuild_exit": rebuild.returncode,
            }
        else:
            result = {"all": summarise(log, start, stop)}
        result.update(tool="python threads", connections=CONNECTIONS, seconds=args.seconds,
                      rss_mb_first_last_max=[memory[0][1], memory[-1][1], max(m for _, m in memory)])  # fmt: skip
        print(json.dumps(result, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
