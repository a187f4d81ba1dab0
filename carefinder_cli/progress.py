"""Progress of the long commands (crawl, import, index build and update, merge, export) on a
terminal: a count, a rate and, when the input's size is known, an estimate of the time left.

Shown only when stderr is a terminal, so logs and pipes stay clean; CAREFINDER_PROGRESS=1
forces it (a test, a log that wants it). tqdm draws it: a maintained library that redraws in
place at most twice a second and prints other messages above the bar (``note``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

FORCE = "CAREFINDER_PROGRESS"


def shown() -> bool:
    return sys.stderr.isatty() or os.environ.get(FORCE) == "1"


def counted(
    items: Iterable, what: str, unit: str = "records", total: int | None = None, then: str = ""
) -> Iterator:
    """Yield ``items`` while counting them on stderr as ``what: N unit``; ``then`` says what
    the command does after the last item (a long step the count cannot show)."""
    if not shown():
        yield from items
        return
    from tqdm import tqdm  # here: 40 ms that commands without a bar need not pay

    with tqdm(
        items, desc=what, unit=f" {unit}", total=total, file=sys.stderr, mininterval=0.5
    ) as bar:
        yield from bar
    if then:
        note(f"{what}: {then}")


def records_in(paths: Iterable[str]) -> int | None:
    """Non-blank lines of record files (for the bar's total; only counted when it is shown):
    a file that cannot be read gives no total, and its reader reports it."""
    if not shown():
        return None
    try:
        return sum(_non_blank_lines(Path(p)) for p in paths)
    except OSError:
        return None


def _non_blank_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def note(message: str) -> None:
    """A line on stderr that does not break a bar being drawn."""
    if not shown():
        print(message, file=sys.stderr)
        return
    from tqdm import tqdm

    tqdm.write(message, file=sys.stderr)
