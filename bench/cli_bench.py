"""The national pipeline as a user runs it: the CLI's own commands, timed in one run.

    .venv/bin/python bench/cli_bench.py [--shared ../shared] [--out bench/out] [--no-write]

Runs `carefinder import samhsa` of both SAMHSA 2022 national directories, `carefinder validate`
of its output and `carefinder index build` of it, each as a separate process (start-up
included), and appends the wall-clock and CPU times, their ratios to the import's and the
targets of issue 22 to bench/RESULTS.md with the machine, the date and the load average.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "carefinder_cli"]
# issue 22: each command's time as a multiple of the import's, at most
TARGETS = {"validate": 0.5, "index build": 4.0}


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process) for one CLI command; a failure stops the run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([*CLI, *argv], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    print(done.stdout.splitlines()[0] if done.stdout else "", file=sys.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, "
        f"Python {platform.python_version()}"
    )


def report(times: dict[str, tuple[float, float]], load: tuple[float, float]) -> str:
    base_wall, base_cpu = times["import"]
    rows = []
    for name, (wall, cpu) in times.items():
        target = f"<= {TARGETS[name]:g}x: " if name in TARGETS else ""
        if target:
            target += "met" if wall / base_wall <= TARGETS[name] else "NOT met"
        rows.append(
            f"| {name} | {wall:.1f} s | {wall / base_wall:.2f}x | {cpu:.1f} s | "
            f"{cpu / base_cpu:.2f}x | {target} |"
        )
    return "\n".join(
        [
            f"### CLI pipeline, {time.strftime('%Y-%m-%d %H:%M')} — `python bench/cli_bench.py`",
            "",
            f"Machine: {machine()}. Load average (1 min) {load[0]:.1f} before, "
            f"{load[1]:.1f} after. Each command is its own process (start-up included).",
            "",
            "| command | wall | x import | CPU | x import | target (issue 22) |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"))
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md")
    args = ap.parse_args()
    data = Path(args.shared) / "data" / "samhsa"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    records = str(out / "national.jsonl")
    xlsx = [str(data / f"national_directory_{d}_2022.xlsx") for d in ("sa", "mh")]
    load_before = os.getloadavg()[0]
    times = {
        "import": timed(["import", "samhsa", *xlsx, "-o", records]),
        "validate": timed(["validate", records]),
        "index build": timed(["index", "build", records, "--index", str(out / "cli-index")]),
    }
    text = report(times, (load_before, os.getloadavg()[0]))
    print(text)
    if not args.no_write:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as results:
            results.write("\n" + text)


if __name__ == "__main__":
    main()
