"""Crawl output written site by site, so a crash loses at most the sites still in progress.

Three files: ``OUT`` (records, JSON Lines), ``OUT.problems.txt`` ("site<TAB>reason" lines) and
the journal ``OUT.sites`` (one line per finished site: its name and the sizes of the other two
files once its lines were in). A site is appended whole -- records, then problems, each fsynced
-- and only then journaled. After a SIGKILL, ``--resume`` cuts both files back to the sizes of
the last journaled site (dropping a half-written tail) and skips the journaled sites. A
write that fails (a full disk) is cut back too, at once: the files hold whole sites or nothing
of a site. ``OUT`` has one writer: ``prepare`` takes its lock before emptying it, and keeps it
until ``release`` (or the end of the process).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from carefinder import CarefinderError
from carefinder.jsonl import FILE_MODE, lock_output

# Output path (resolved) -> the descriptor holding its lock. An flock is per open file, so a
# second open in this process would be refused like another process: ``prepare`` runs twice
# (before the crawl starts and when the pipeline opens) and must find the lock it took.
_held: dict[str, int] = {}


def _paths(output: str | Path) -> tuple[Path, Path, Path]:
    out = Path(output)
    return out, Path(f"{out}.problems.txt"), Path(f"{out}.sites")


def _journal(path: Path) -> list[tuple[str, int, int]]:
    rows = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
                rows.append((parts[0], int(parts[1]), int(parts[2])))
    return rows  # a torn last line (SIGKILL mid-write) has fewer fields and is ignored


def prepare(output: str | Path, resume: bool = False) -> set[str]:
    """Make the output ready before any fetching; return the sites already written.

    Without ``resume`` the three files start empty. Any reason they cannot be written is a
    CarefinderError in one sentence."""
    out, problems, journal = _paths(output)
    _hold(out)
    try:
        rows = _journal(journal) if resume else []
        sizes = rows[-1][1:] if rows else (0, 0)
        for path, size in ((out, sizes[0]), (problems, sizes[1]), (journal, None)):
            with open(path, "ab") as handle:
                if size is not None:
                    handle.truncate(size)
                elif not rows:
                    handle.truncate(0)
    except OSError as exc:
        raise CarefinderError(f"cannot write {exc.filename or out}: {exc.strerror}") from None
    if rows:  # keep the journal to whole lines only
        journal.write_text("".join(f"{s}\t{a}\t{b}\n" for s, a, b in rows), encoding="utf-8")
    return {site for site, _, _ in rows}


@contextmanager
def writing(output: str | Path, resume: bool = False) -> Iterator[set[str]]:
    """``prepare`` the output, and hold its lock until the block ends."""
    done = prepare(output, resume)
    try:
        yield done
    finally:
        release(output)


def _hold(out: Path) -> None:
    key = os.path.realpath(out)
    if key not in _held:
        _held[key] = lock_output(out)


def release(output: str | Path) -> None:
    """Let another process write ``output`` (the crawl into it is over)."""
    fd = _held.pop(os.path.realpath(output), None)
    if fd is not None:
        os.close(fd)


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def _append(path: Path, lines: list[str]) -> int:
    """Append the lines, fsync; return the file's size afterwards. A write that fails part way
    (ENOSPC, EFBIG) leaves a torn line: it is cut back before the error goes on."""
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
    try:
        before = os.fstat(fd).st_size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except OSError:
            os.ftruncate(fd, before)
            raise
        return os.fstat(fd).st_size
    finally:
        os.close(fd)


class SiteWriter:
    """Appends finished sites; thread-safe (sites finish on the extraction threads)."""

    def __init__(self, output: str | Path):
        self.out, self.problems, self.journal = _paths(output)
        self.lock = threading.Lock()

    def append(self, site: str, records: list[str], problems: list[str], whole: bool) -> None:
        """Write one site's record lines and problem lines; ``whole`` journals it as done
        (a site cut short by Ctrl-C is written but crawled again by ``--resume``)."""
        with self.lock:
            sizes = {path: _size(path) for path in (self.out, self.problems)}
            try:
                out_size = _append(self.out, records)
                problems_size = _append(self.problems, [f"{site}\t{p}" for p in problems])
                if whole:
                    _append(self.journal, [f"{site}\t{out_size}\t{problems_size}"])
            except OSError:
                for path, size in sizes.items():  # none of the site, not its records alone
                    os.truncate(path, size)
                raise
