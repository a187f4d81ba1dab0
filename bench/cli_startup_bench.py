"""How long `carefinder search` takes from the shell prompt to its answer, on a small index:
N runs of each command as a subprocess, wall time (what a person waits) and CPU time (what the
process itself spent, which a busy machine does not inflate).

    python bench/cli_startup_bench.py [--runs 15] [--checkout PATH]

``--checkout`` runs another checkout's code (e.g. the main branch) with this interpreter, for a
before/after on one machine; its bytecode is cached in a temporary folder, not written into it.
Python's bytecode cache is on, as on an installed system (PYTHONDONTWRITEBYTECODE unset)."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "carefinder --help": ["--help"],
    "carefinder search --help": ["search", "--help"],
    "search --near 60601": ["search", "--near", "60601"],
    "search --near 'Denver, CO'": ["search", "--near", "Denver, CO"],
    "search iop --near 'Springfield'": ["search", "iop", "--near", "Springfield"],
}


def run(argv: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds of one run of the command (from a folder of no code: ``-m`` puts
    the working folder first on the path, before PYTHONPATH's checkout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "carefinder_cli", *argv], env=env, check=True,
                   stdout=subprocess.DEVNULL, cwd=env["CAREFINDER_INDEX"] + "/..")  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--checkout", type=Path, default=ROOT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPATH": str(args.checkout.resolve()), "PYTHONPYCACHEPREFIX": f"{tmp}/pyc",
                "CAREFINDER_INDEX": f"{tmp}/index"}  # fmt: skip
        records = str(ROOT / "tests" / "data" / "sample_records.jsonl")
        subprocess.run([sys.executable, "-m", "carefinder_cli", "index", "build", records],
                       env=env, check=True, capture_output=True, cwd=tmp)  # fmt: skip
        print(f"{args.checkout.resolve()}: {args.runs} runs each, load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip
        for name, argv in COMMANDS.items():
            run(argv, env)  # the first run writes the bytecode cache
            walls, cpus = zip(*(run(argv, env) for _ in range(args.runs)), strict=True)
            print(f"  {name:34} wall median {statistics.median(walls):.2f} s, min "
                  f"{min(walls):.2f} s; CPU median {statistics.median(cpus):.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
