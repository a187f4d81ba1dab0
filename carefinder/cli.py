"""The ``carefinder`` command: one subcommand per job, each added when it works."""

from __future__ import annotations

import argparse
import sys

from carefinder import CarefinderError


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="carefinder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check record files against the schema and vocabulary")
    p.add_argument("files", nargs="+", metavar="RECORDS.jsonl")
    p.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CarefinderError as exc:
        print(f"carefinder: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("carefinder: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
