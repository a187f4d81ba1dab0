"""The ``carefinder`` command: one subcommand per job, each added when it works."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from carefinder import CarefinderError
from carefinder_cli import progress


def cmd_validate(args: argparse.Namespace) -> int:
    from carefinder.jsonl import read_lines
    from carefinder.validate import problems

    bad = total = 0
    for path in args.files:
        for number, obj, error in read_lines(path):
            total += 1
            found = [error] if error else [str(p) for p in problems(obj)]
            for message in found:
                print(f"{path}:{number}: {message}")
            bad += bool(found)
    print(f"{total - bad} of {total} records valid", file=sys.stderr)
    return 1 if bad else 0


def _valid_records(paths: list[str], what: str, then: str = ""):
    """Yield the valid records of the files, counted on a terminal as ``what``; report each
    invalid one on stderr."""
    from carefinder.jsonl import read_lines
    from carefinder.validate import problems

    lines = ((path, *line) for path in paths for line in read_lines(path))
    total = progress.records_in(paths)
    for path, number, obj, error in progress.counted(lines, what, total=total, then=then):
        found = [error] if error else [str(p) for p in problems(obj)]
        if found:
            progress.note(f"{path}:{number}: skipped: {'; '.join(found)}")
        else:
            yield obj


def cmd_index(args: argparse.Namespace) -> int:
    from index import store

    root = store.index_dir(args.index)
    if args.action == "stats":
        from index.search import Engine

        stats = Engine(root).stats()
        print(f"index: {stats['generation']}")
        if stats["why"]:
            print(f"note: {stats['why']}")
        print(f"records: {stats['records']} ({stats['located']} with a location)")
        for facet, counts in stats["facets"].items():
            shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
            print(f"{facet}: {shown or '-'}")
        return 0
    if not args.files:
        raise CarefinderError(f"index {args.action} needs at least one RECORDS.jsonl file")
    write = store.build if args.action == "build" else store.update
    ids: set[str] = set()
    repeats = unplaced = 0

    def counted(records):
        nonlocal repeats, unplaced
        for record in records:
            repeats += record["id"] in ids
            unplaced += not record.get("location")
            ids.add(record["id"])
            yield record

    then = "writing the index files"
    records = counted(_valid_records(args.files, f"index {args.action}", then))
    count = write(root, records, allow_empty=args.allow_empty, wait=args.wait)
    if repeats:
        print(f"{repeats} records repeat an earlier id: combined as one facility", file=sys.stderr)
    if unplaced:  # the index places no record itself: records are completed where they are made
        has = "record has" if unplaced == 1 else "records have"
        print(f"{unplaced} {has} no location (no ZIP or city known offline, or written before "
              "records were completed): found by words and filters, never near a place",
              file=sys.stderr)  # fmt: skip
    print(f"{args.action}: {count} records indexed into {store.current(root)}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    import json
    from gettext import ngettext  # English plural forms (the CLI speaks English only)

    from carefinder.query import PARAMS, parse
    from index.search import Engine

    raw = {name: getattr(args, name) or [] for name in PARAMS if name != "q"}
    raw["q"] = [" ".join(args.query)]
    result = Engine(args.index).search(parse(raw))
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    place = result.place
    print(
        ngettext("%d facility", "%d facilities", result.total) % result.total
        + (f" within {result.query.radius:g} miles of {place.label}" if place else "")
    )
    if place and place.note:
        print(f"  ({place.note})")
    if place and place.alternatives:
        print(f"  (did you mean: {'; '.join(place.alternatives)}?)")
    for reading in result.query.read:  # the keyword words taken as filters, as options
        print(f"  ('{reading.words}' read as --{reading.param} {reading.value})")
    if wider := result.wider:  # a named mental condition no listing here states
        print(f"  (no listing here names {' or '.join(wider['unstated'])}; {wider['total']} "
              f"listed for mental health in general: --{wider['param']} {wider['value']})")  # fmt: skip
    for hit in result.results:
        rec, dist = hit.record, hit.distance_miles
        where = ", ".join(
            filter(None, [(rec.get("address") or {}).get(k) for k in ("city", "state")])
        )
        levels = ", ".join(rec.get("levels_of_care") or []) or "levels not stated"
        miles = f"{dist:6.1f} mi  " if dist is not None else ""
        print(f"{miles}{rec['name']} — {where} [{levels}]")
    return 0


REPORTED_FACETS = (
    ("levels", "levels_of_care"),
    ("payment", "payment"),
    ("accreditations", "accreditations"),
    ("intake", "intake"),
    ("services", "services"),
)


def cmd_import(args: argparse.Namespace) -> int:
    from itertools import chain

    from carefinder.jsonl import check_writable, write_atomic, write_lines_atomic
    from carefinder.samhsa.convert import Report, convert
    from carefinder.samhsa.readers import Limits, read

    for output in filter(None, (args.output, args.websites)):
        check_writable(output)
    report = Report()
    limits = Limits(part_bytes=int(args.max_part_mb * 1e6), rows=args.max_rows)
    rows = progress.counted(
        chain.from_iterable(read(path, limits) for path in args.files), "import", "rows"
    )
    websites: dict[str, str] = {}

    def collect(records):
        for record in records:
            if args.websites and record["website"]:
                from urllib.parse import urlsplit

                parts = urlsplit(record["website"])
                websites.setdefault(f"{parts.scheme}://{parts.netloc.lower()}", record["website"])
            yield record

    count = write_atomic(args.output, collect(convert(rows, report)))
    if args.websites:
        write_lines_atomic(args.websites, list(websites.values()))
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(
        f"imported {report.converted} of {report.rows} rows into {args.output}: "
        f"{count} facilities (rows of one facility in several files merged; "
        f"{report.same_place} listed under another name at the same address joined)"
    )
    print(f"not geocoded: {report.not_geocoded}")
    for title, facet in REPORTED_FACETS:
        counts = report.facets[facet].most_common()
        print(f"{title}: " + (", ".join(f"{k} {v}" for k, v in counts) or "none"))
    print("states: " + ", ".join(f"{k} {v}" for k, v in sorted(report.states.items())))
    if report.unmapped:
        top = ", ".join(f"{k} ({v})" for k, v in report.unmapped.most_common(12))
        print(f"not carried over ({len(report.unmapped)} kinds): {top}")
    if args.websites:
        print(f"websites: {len(websites)} origins written to {args.websites}" + (
            "" if websites else " (no row of these files gives a website: the National Directory "
            "workbooks have no website column; the locator CSV and the FindTreatment API JSON do)"
        ))  # fmt: skip
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from openreferral.files import write

    records = list(_valid_records(args.files, "export", then="writing the HSDS tables"))
    counts = write(args.output, records)
    print(f"exported {len(records)} records as HSDS 3.0 into {args.output}/")
    print(", ".join(f"{table} {n}" for table, n in counts.items()))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from carefinder.jsonl import check_writable, write_atomic
    from carefinder.merge import merge

    check_writable(args.output)
    records = list(_valid_records(args.files, "merge", then="joining records of one facility"))
    merged = merge(records)
    write_atomic(args.output, merged)
    both = sum(len(r.get("sources") or []) > 1 for r in merged)
    print(f"merged {len(records)} records into {len(merged)} facilities ({both} from both sources)")
    return 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.run import crawl

    urls = list(args.urls)
    if args.start_urls:
        from crawler.spiders.site import read_start_urls

        try:
            urls += read_start_urls(args.start_urls)
        except OSError as exc:
            raise CarefinderError(f"cannot read {args.start_urls}: {exc.strerror}") from None
    if not urls and not args.redis:
        raise CarefinderError("nothing to crawl: give URLs, --start-urls FILE or --redis URL")
    overrides = {}
    for item in args.set or []:
        key, sep, value = item.partition("=")
        if not sep or not key.isupper():
            raise CarefinderError(
                f"--set takes NAME=VALUE with a Scrapy setting name, not {item!r}"
            )
        overrides[key] = value
    summary = crawl(
        urls,
        args.output,
        max_pages=args.max_pages_per_site,
        cache="revalidate" if args.revalidate else "offline" if args.cache else None,
        polite=not args.no_delay,
        progress=progress.shown(),
        overrides=overrides,
        resume=args.resume,
        redis=args.redis,
        previous=args.previous,
        render=args.render,
    )
    print(summary.text())
    for error in (summary.write_error, summary.shared_error):
        if error:
            raise CarefinderError(f"{error}; the crawl was stopped")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from crawler.extract.site import explain, explanation
    from crawler.fetch import fetch

    source = args.path_or_url
    if source.startswith(("http://", "https://")):
        page = fetch(source)  # redirects only within the site, as the crawl follows them
        for note in page.notes:
            print(f"carefinder: note: {note}", file=sys.stderr)
        content, content_type, url = page.text, page.content_type, args.url or page.url
    else:
        path = Path(source)
        if not path.is_file():
            raise CarefinderError(f"cannot read {source}: no such file")
        raw = path.read_bytes()
        content = raw.decode("utf-8", errors="replace")
        content_type = "text/html" if path.suffix.lower() in (".html", ".htm") else ""
        url = args.url or path.resolve().as_uri().replace("file://", "http://localhost")
    records, facts = explain(content, url, content_type)
    if args.explain:
        print("\n".join(explanation(records, facts)))
        return 0
    for record in records:
        print(json.dumps(record, ensure_ascii=False))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from crawler import evaluate

    rows, full = {}, {}
    for name in args.sets or [*evaluate.SHARED_SETS, "devfarm"]:
        if name == "devfarm":
            rows[name] = _devfarm_row(Path(args.shared) / "devfarm" / "run.sh")
            continue
        if name == "sample":
            scores = _sample_scores()
        else:
            folder = Path(args.shared) / name
            try:
                scores = evaluate.shared_set(folder)
            except FileNotFoundError as exc:
                raise CarefinderError(f"{folder}: no such real-page set ({exc.filename})") from None
            except json.JSONDecodeError as exc:
                raise CarefinderError(f"{folder}/truth.json: not valid JSON ({exc.msg})") from None
        rows[name], full[name] = evaluate.row(scores), scores.as_dict()
    print(evaluate.table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(full, indent=2), encoding="utf-8")
    return 0


def _sample_scores():
    import json
    import tempfile
    from pathlib import Path

    from crawler import evaluate
    from crawler.run import crawl
    from crawler.sample_web.server import serve

    with tempfile.TemporaryDirectory() as tmp, serve() as web:
        out = Path(tmp) / "sample.jsonl"
        crawl(list(web.urls.values()), str(out), polite=False, log_level="ERROR")
        records = [json.loads(line) for line in out.read_text().splitlines()]
    return evaluate.sample_web(records, web.urls)


def _devfarm_row(run_sh) -> dict[str, str]:
    """The generated farm, crawled over loopback and scored by its own scorer (run.sh)."""
    import re
    import subprocess

    from crawler import evaluate

    if not run_sh.exists():
        raise CarefinderError(f"{run_sh}: the generated farm is not there")
    me = os.path.join(os.path.dirname(sys.executable), "carefinder")
    done = subprocess.run(["bash", str(run_sh), me, "crawl", "-o", "{OUT}", "--start-urls"],
                          capture_output=True, text=True, check=False)  # fmt: skip
    last = (done.stdout.strip().splitlines() or [""])[-1]
    if not last.startswith("farm:"):
        raise CarefinderError(f"the farm run gave no score ({done.stderr.strip()[-200:]})")
    return evaluate.farm_row(dict(re.findall(r"(\w+)=([\d./]+)", last)))


def cmd_serve(args: argparse.Namespace) -> int:
    from index.store import index_dir, serving
    from webapp.server import serve

    root = index_dir(args.index)
    why = serving(root)[1].why  # a clear error now, not on the first request
    if why:
        print(f"carefinder: {why}", file=sys.stderr)
    _check_listen(args.host, args.port)
    print(
        f"carefinder: serving {root} at http://{args.host}:{args.port}/ (Ctrl-C stops)", flush=True
    )
    serve(str(root), args.host, args.port, args.workers, args.worker_class)
    return 0


def _check_listen(host: str, port: int) -> None:
    """One line now for a port in use or a bad host, not gunicorn's five retries."""
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CarefinderError(f"cannot listen on {host}:{port}: {reason}") from None


def cmd_demo(args: argparse.Namespace) -> int:
    from pathlib import Path

    from carefinder_cli.demo import run

    return run(Path(args.dir), args.rebuild, args.host, args.port, serve=not args.no_serve)


def build_parser() -> argparse.ArgumentParser:
    from carefinder.samhsa.readers import Limits

    parser = argparse.ArgumentParser(prog="carefinder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("demo", help="crawl the bundled sample web, index it and serve the site")
    p.add_argument("--dir", default="var/demo", help="working folder (default var/demo)")
    p.add_argument("--rebuild", action="store_true", help="crawl and index again")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=port, default=5000)
    p.add_argument("--no-serve", action="store_true", help="build only")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("validate", help="check record files against the schema and vocabulary")
    p.add_argument("files", nargs="+", metavar="RECORDS.jsonl")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("crawl", help="crawl facility websites into records")
    p.add_argument("urls", nargs="*", metavar="URL")
    p.add_argument("--start-urls", metavar="FILE", help="one URL a line; # comments allowed")
    p.add_argument("-o", "--output", required=True, metavar="OUT.jsonl")
    p.add_argument("--max-pages-per-site", type=int, default=40, metavar="N")
    p.add_argument("--cache", action="store_true", help="use Scrapy's HTTP cache (offline re-runs)")
    p.add_argument(
        "--revalidate",
        action="store_true",
        help="keep an HTTP cache and ask for each page with its ETag/Last-Modified: "
        "unchanged pages are not downloaded again (recrawls)",
    )
    p.add_argument(
        "--no-delay", action="store_true", help="no politeness delays (own servers only)"
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted crawl into the same -o: sites already written are skipped",
    )
    p.add_argument(
        "--render",
        action="store_true",
        help="read pages that scripts build (React, Wix) in headless Chromium (/usr/bin/chromium)",
    )
    p.add_argument(
        "--previous",
        metavar="OLD.jsonl",
        help="an earlier crawl's output: each record's 'changed' lists what differs from it",
    )
    p.add_argument(
        "--redis",
        metavar="URL",
        help="work with other crawl workers through this Redis (redis://host:port/db): "
        "start URLs given here join its shared queue; each worker writes the sites it finished",
    )
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="a Scrapy setting")
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("extract", help="extract the records one page supports")
    p.add_argument("path_or_url", metavar="PATH_OR_URL")
    p.add_argument("--url", help="the page's URL, when reading a saved file")
    p.add_argument("--explain", action="store_true",
                   help="instead of records, say why each value counts and each mention does not")  # fmt: skip
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval", help="score extraction on the shared real-page sets and the farm")
    p.add_argument("sets", nargs="*", metavar="SET",
                   choices=["realpages", "realpages2", "realpages4", "seeds", "devfarm", "sample"],
                   help="realpages, realpages2, realpages4, seeds, devfarm or sample "
                   "(default: the four real-page sets and the devfarm)")  # fmt: skip
    p.add_argument("--shared", default="../shared", help="the shared folder (default ../shared)")
    p.add_argument("--json", metavar="FILE", help="also write every set's full scores here")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("import", help="import directory data as records")
    p.add_argument("source", choices=["samhsa"])
    p.add_argument("files", nargs="+", metavar="FILE", help=".xlsx, .csv or .json from SAMHSA")
    p.add_argument("-o", "--output", required=True, metavar="OUT.jsonl")
    p.add_argument("--websites", metavar="OUT.txt", help="also write a crawl start-URL file")
    p.add_argument("--max-rows", type=_positive(int), default=Limits.rows, metavar="N",
                   help="rows one sheet of a workbook may hold (default %(default)s)")  # fmt: skip
    p.add_argument("--max-part-mb", type=_positive(float), default=Limits.part_bytes / 1e6,
                   metavar="MB", help="megabytes one part of a workbook may inflate to "
                   "(default %(default)g)")  # fmt: skip
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export records as Open Referral HSDS 3.0 tables (JSON)")
    p.add_argument("format", choices=["hsds"])
    p.add_argument("files", nargs="+", metavar="RECORDS.jsonl")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("merge", help="merge records of the same facility from several files")
    p.add_argument("files", nargs="+", metavar="RECORDS.jsonl")
    p.add_argument("-o", "--output", required=True, metavar="OUT.jsonl")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("serve", help="serve the web site and JSON API")
    p.add_argument("--index", help="index folder (default: $CAREFINDER_INDEX or ./var/index)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=port, default=5000)
    p.add_argument("--workers", type=int, help="worker processes (default: one per core)")
    p.add_argument(
        "--worker-class", default="gevent", choices=["gevent", "gthread", "sync"],
        help="gunicorn worker type (default gevent: slow clients cannot hold a worker)",
    )  # fmt: skip
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("index", help="build, update or describe the search index")
    p.add_argument("action", choices=["build", "update", "stats"])
    p.add_argument("files", nargs="*", metavar="RECORDS.jsonl")
    p.add_argument("--index", help="index folder (default: $CAREFINDER_INDEX or ./var/index)")
    p.add_argument(
        "--allow-empty", action="store_true", help="swap in the result even with no valid records"
    )
    p.add_argument(
        "--wait", type=float, default=600.0, metavar="SECONDS",
        help="how long to wait for another build or update of the index (default 600)",
    )  # fmt: skip
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="search the index")
    p.add_argument(
        "query",
        nargs="*",
        help="words: those naming a filter (Aetna, IOP, evening) become it; the rest search names and text",
    )
    _query_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--index", help="index folder (default: $CAREFINDER_INDEX or ./var/index)")
    p.set_defaults(func=cmd_search)
    return parser


def _query_options(p: argparse.ArgumentParser) -> None:
    """One option per parameter of the query contract (--per-page for per_page); values are
    checked by the contract itself, so the CLI says what the API says."""
    from carefinder.query import PARAMS

    for param in PARAMS.values():
        if param.name == "q":
            continue
        option = "--" + param.name.replace("_", "-")
        extra = {"default": None}
        if param.choices and not param.facet:
            extra["choices"] = list(param.choices())
        metavar = "SLUG" if param.facet else None
        p.add_argument(option, dest=param.name, action="append", metavar=metavar,
                       help=param.help + (" (repeatable)" if param.many else ""), **extra)  # fmt: skip


def _positive(kind: type) -> Callable[[str], int | float]:
    """An argparse type: a number above zero of that kind (else a usage error, exit status 2)."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"{text} is not above zero")
        return value

    return parse


def port(text: str) -> int:
    """An argparse type: a TCP port number (a bad one is a usage error, exit status 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError(f"port {value} is outside 1-65535")
    return value


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure a person can act on is one line on stderr and exit
    status 1 (2 for usage errors: from argparse, or a value the query contract refuses)."""
    args = build_parser().parse_args(argv)
    try:
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not as a traceback at exit
        return status
    except CarefinderError as exc:
        return _fail(str(exc), 2 if getattr(exc, "parameter", None) else 1)
    except BrokenPipeError:  # the reader went away (| head): stop quietly, as cat and grep do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit flush
        return 141  # 128 + SIGPIPE, the status a shell gives such a writer
    except OSError as exc:  # a full disk, a folder that cannot be written, ...
        return _fail(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc))
    except RecursionError:
        return _fail("input nested too deeply to read")
    except KeyboardInterrupt:
        print("carefinder: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("CAREFINDER_DEBUG"):
            raise
        print(f"carefinder: internal error (a bug; CAREFINDER_DEBUG=1 shows where): {exc!r}",
              file=sys.stderr)  # fmt: skip
        return 1


def _fail(message: str, status: int = 1) -> int:
    print(f"carefinder: error: {' '.join(message.split())}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
