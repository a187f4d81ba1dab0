"""``carefinder demo``: the sample web crawled, merged with a SAMHSA-format sample, indexed, served.

The sample facilities are fictional; see crawler/sample_web/sites.json.
"""

from __future__ import annotations

import sys
from pathlib import Path

from carefinder import CarefinderError

SAMPLE_DIRECTORY = (
    Path(__file__).resolve().parents[1] / "crawler" / "sample_web" / "samhsa_sample.csv"
)
EXAMPLES = [
    ("Evening IOP near Sacramento that takes Aetna", "/?near=95814&radius=25&level=iop&insurer=aetna&open=evening"),
    ("PHP within 30 miles of Denver that accepts Medicaid", "/?near=Denver%2C+CO&radius=30&level=php&payment=medicaid"),
    ("Residential care for co-occurring disorders in Chicago", "/?near=60611&level=residential&condition=co_occurring"),
    ("The same search as JSON", "/api/search?near=95814&radius=50&level=iop"),
]  # fmt: skip


def say(text: str) -> None:
    print(f"carefinder demo: {text}", flush=True)


def build(workdir: Path, rebuild: bool) -> Path:
    """Crawl, import, merge and index into ``workdir``; reuse what exists unless ``rebuild``."""
    from carefinder.jsonl import read_records, write_atomic
    from carefinder.merge import merge
    from carefinder.samhsa.convert import Report, convert
    from carefinder.samhsa.readers import read
    from index import store

    index_root = workdir / "index"
    if not rebuild and (index_root / "current").exists():
        say(f"reusing the index in {index_root} (use --rebuild to start over)")
        return index_root
    workdir.mkdir(parents=True, exist_ok=True)
    crawled = workdir / "crawl.jsonl"
    _crawl(crawled)
    directory = workdir / "samhsa.jsonl"
    report = Report()
    write_atomic(directory, convert(read(SAMPLE_DIRECTORY), report))
    say(f"imported {report.imported} SAMHSA-format sample rows")
    merged = merge([*read_records([crawled]), *read_records([directory])])
    write_atomic(workdir / "records.jsonl", merged)
    both = sum(len(r["sources"]) > 1 for r in merged)
    say(f"merged into {len(merged)} facilities ({both} found in both sources)")
    count = store.build(index_root, merged)
    say(f"indexed {count} facilities into {index_root}")
    return index_root


def _crawl(out: Path) -> None:
    """Serve the sample web on loopback addresses and crawl it in a child process.

    Scrapy's reactor can start once per process, so the crawl runs as ``carefinder crawl``.
    """
    import subprocess

    from crawler.sample_web.server import serve

    with serve() as web:
        say(f"serving {len(web.urls)} sample websites on 127.0.1.x; crawling them")
        cmd = [
            sys.executable,
            "-m",
            "carefinder_cli",
            "crawl",
            *web.urls.values(),
            "-o",
            str(out),
            "--no-delay",
        ]
        subprocess.run(cmd, check=True)


def free_port(host: str, port: int) -> int:
    """``port`` when it can be bound on ``host``, else one the system says is free."""
    import socket

    for wanted in (port, 0):
        with socket.socket() as sock:
            try:
                sock.bind((host, wanted))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise CarefinderError(f"cannot listen on {host}: choose another address with --host")


def run(workdir: Path, rebuild: bool, host: str, port: int, serve: bool) -> int:
    index_root = build(workdir, rebuild)
    if not serve:
        return 0
    from webapp.server import serve as serve_site

    chosen = free_port(host, port)
    if chosen != port:
        say(f"port {port} is busy: using {chosen} instead (choose one with --port)")
    port = chosen

    base = f"http://{host}:{port}"
    say(f"open {base}/ in your browser (Ctrl-C stops)")
    for title, path in EXAMPLES:
        print(f"  {title}:\n    {base}{path}", flush=True)
    serve_site(str(index_root), host, port)
    say("stopped")
    return 0
