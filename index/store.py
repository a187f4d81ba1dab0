"""Index generations on disk, swapped in atomically, written by one process at a time.

``DIR/current`` is a symlink to ``DIR/gen-N``. A build or update writes a new generation beside
it, marks it complete, and then renames a new symlink over ``current``; readers that opened the
old generation keep reading it, and a crash mid-build leaves ``current`` pointing at the last
complete one. Readers serve ``current``'s generation, else (damaged on disk) the newest complete
one that opens and searches, saying which and why; pruning deletes broken generations first and
never the last ones that open and search.
Writers take ``DIR/.write.lock`` first: two updates at once would each copy the same generation
and the second swap would drop the first one's records (and one's pruning could delete the
other's half-written copy).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Every

if TYPE_CHECKING:
    import filelock

from carefinder import CarefinderError
from carefinder.merge import merge
from index.schema import build_schema, to_document

DEFAULT_DIR = "var/index"
KEEP_GENERATIONS = 3
# Whoosh's in-memory posting pool. At 256 MB a national build (18,800 records, about 2 million
# postings) spilled runs to disk and merged them: 44 s of CPU instead of 28 s; the pool is
# only as large as the postings need (a national build peaks at about 1 GB).
WRITER_MB = 1024
LOCK_WAIT = 600.0  # seconds a writer waits for another one; a national build takes about a minute
COMPLETE = "complete"  # written into a generation once its build has committed, before the swap
T = TypeVar("T")


def index_dir(path: str | os.PathLike | None = None) -> Path:
    """The index folder: the argument, else $CAREFINDER_INDEX, else ./var/index."""
    return Path(path or os.environ.get("CAREFINDER_INDEX") or DEFAULT_DIR)


class IndexUnavailable(CarefinderError):
    """No index, or one that cannot be read; the message names the folder, for the operator."""


def linked(root: Path) -> str | None:
    """The generation ``current`` names (a name, not checked), or None."""
    try:
        return os.readlink(root / "current")
    except OSError:
        return None


def _folder(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise IndexUnavailable(f"cannot use {root} as the index folder: it is a file")


def current(root: Path) -> Path:
    """The generation ``current`` names, not opened: the one a build or update just swapped in."""
    _folder(root)
    name = linked(root)
    if name is None or not (root / name).is_dir():
        raise IndexUnavailable(
            f"no index at {root}: build one with 'carefinder index build RECORDS.jsonl'"
        )
    return root / name


def open_generation(gen: Path):
    """One generation's Whoosh index, read with plain reads, not a memory map: a segment cut
    short under a running server is then an exception on a read past its end (a 503), where a
    mapped one kills the worker with SIGBUS."""
    return FileStorage(str(gen), supports_mmap=False, readonly=True).open_index()


def check(gen: Path) -> None:
    """Nothing once the generation has opened, answered a search and read the document found;
    IndexUnavailable saying why when it cannot."""
    try:
        ix = open_generation(gen)
        with ix.searcher() as searcher:
            for hit in searcher.search(Every(), limit=1):
                hit.fields()
        ix.close()
    except whoosh_index.EmptyIndexError:
        raise IndexUnavailable(f"{gen.name} has no table of contents") from None
    except Exception as exc:  # a damaged file can fail in any of whoosh's layers
        raise IndexUnavailable(f"{gen.name} cannot be read ({unreadable(exc)})") from exc


def unreadable(exc: Exception) -> str:
    """What went wrong reading a damaged file, in a short phrase for the operator."""
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


@dataclass(frozen=True)
class Serving:
    """The generation read, and why it is not ``current``'s (None when it is)."""

    gen: Path
    link: str | None  # the generation ``current`` named when this one was chosen
    why: str | None


def serving(root: Path, read: Callable[[Path], T] = check) -> tuple[T, Serving]:
    """``read`` of ``current``'s generation, else of the newest complete one it can read (its
    table of contents garbage, a segment cut short, the link deleted): ``read`` raises
    IndexUnavailable for a generation it cannot use."""
    _folder(root)
    link = linked(root)
    failed = [f"'current' names {link}, which is not there"] if link else []
    if link and (root / link).is_dir():
        failed = []
    for gen in _candidates(root, link):
        try:
            found = read(gen)
        except IndexUnavailable as exc:
            failed.append(exc.message)
            continue
        why = None
        if failed or gen.name != link:
            why = f"index at {root}: serving {gen.name}, the newest intact generation: " + (
                "; ".join(failed) if failed else "no current generation"
            )
        return found, Serving(gen, link, why)
    if failed:
        raise IndexUnavailable(f"no generation of the index at {root} can be read: {failed[0]}")
    raise IndexUnavailable(
        f"no index at {root}: build one with 'carefinder index build RECORDS.jsonl'"
    )


def _generations(root: Path) -> list[Path]:
    """Every generation folder, newest first (their names carry the time they were begun)."""
    gens = (p for p in root.glob("gen-*") if p.is_dir())
    return sorted(gens, key=lambda p: int(p.name[4:]) if p.name[4:].isdigit() else 0, reverse=True)


def _candidates(root: Path, link: str | None) -> list[Path]:
    """``current``'s generation, then the complete ones newest first: a generation without the
    mark is a build that was killed or is still being written."""
    first = [root / link] if link and (root / link).is_dir() else []
    return first + [g for g in _generations(root) if (g / COMPLETE).exists() and g not in first]


def _writing(root: Path, wait: float) -> filelock.FileLock:
    """The index folder's write lock, acquired (waiting up to ``wait`` seconds)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise CarefinderError(f"cannot use {root} as the index folder: it is a file") from None
    except OSError as exc:
        raise CarefinderError(f"cannot create the index folder {root}: {exc.strerror}") from None
    from filelock import FileLock, Timeout  # writers only: a search need not load it

    lock = FileLock(root / ".write.lock")
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise CarefinderError(
            f"another index build or update is running on {root}; waited {wait:g} s, try again"
        ) from None
    return lock


def _new_generation(root: Path) -> Path:
    gen = root / f"gen-{time.time_ns()}"
    gen.mkdir()
    return gen


def _swap(root: Path, gen: Path) -> None:
    (gen / COMPLETE).touch()
    previous = linked(root)
    tmp = root / f".current-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(gen.name)
    os.replace(tmp, root / "current")
    _prune(root, keep=gen, previous=root / previous if previous else None)


def _prune(root: Path, keep: Path, previous: Path | None) -> None:
    """Remove broken generations (killed builds, damaged files), then old intact ones beyond a
    few kept for readers that still have them open and for serving should the newest break.
    The generation swapped out counts as complete even without the mark (written by an
    earlier version)."""
    others = [g for g in _generations(root) if g != keep]
    intact = [g for g in others if ((g / COMPLETE).exists() or g == previous) and _opens(g)]
    for old in others:
        if old not in intact[: KEEP_GENERATIONS - 1]:
            shutil.rmtree(old, ignore_errors=True)


def _opens(gen: Path) -> bool:
    try:
        check(gen)
    except IndexUnavailable:
        return False
    return True


def _write(gen: Path, records: Iterable[dict]) -> int:
    """Upsert the records by id into the generation folder and commit; returns how many distinct
    ids were written. Records repeating an id in one run are one facility (the SAMHSA SA and MH
    directories list about 2,000 facilities in both): they are combined, nothing dropped."""
    ix = whoosh_index.open_dir(str(gen)) if whoosh_index.exists_in(gen) else None
    writer = (ix or whoosh_index.create_in(str(gen), build_schema())).writer(
        limitmb=WRITER_MB, procs=1
    )
    if ix:  # an index written by an earlier version gains the fields added since
        for name, field_type in build_schema().items():
            if name not in ix.schema:
                writer.add_field(name, field_type)
    add = (
        writer.update_document if ix else writer.add_document
    )  # a new index has nothing to replace
    seen: set[str] = set()
    repeated: set[str] = set()
    try:
        for record in records:
            (repeated if record["id"] in seen else seen).add(record["id"])
            # update_document deletes earlier copies in committed segments, not in this batch:
            # repeats within the batch are combined after the commit.
            add(**to_document(record))
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=not repeated)
    if repeated:
        _combine_copies(whoosh_index.open_dir(str(gen)), repeated)
    return len(seen)


def _combine_copies(ix, ids: set[str]) -> None:
    with ix.searcher() as searcher:
        copies = {
            i: {
                n: json.loads(searcher.stored_fields(n)["record"])
                for n in searcher.document_numbers(id=i)
            }
            for i in ids
        }
    writer = ix.writer(limitmb=WRITER_MB, procs=1)
    for docs in copies.values():
        for docnum in docs:
            writer.delete_document(docnum)
        # merge, not combine alone: the one record made of the copies is completed as well
        (record,) = merge([docs[n] for n in sorted(docs)])
        writer.add_document(**to_document(record))
    writer.commit(optimize=True)


def _replace(root: Path, records: Iterable[dict], copy: bool, allow_empty: bool, wait: float):
    lock = _writing(root, wait)
    try:
        # An update copies the generation readers serve: current's, or the newest intact one.
        source = serving(root)[1].gen if copy else None
        gen = _new_generation(root)
        try:
            if source:  # not whoosh's locks, nor the mark: this copy is not complete yet
                ignore = shutil.ignore_patterns("*.lock", COMPLETE)
                shutil.copytree(source, gen, dirs_exist_ok=True, ignore=ignore)
            count = _write(gen, records)
            if not count and not allow_empty:
                raise CarefinderError(
                    "no valid records: the index was left unchanged (--allow-empty to force)"
                )
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
        _swap(root, gen)
        return count
    finally:
        lock.release()


def build(
    root: Path, records: Iterable[dict], allow_empty: bool = False, wait: float = LOCK_WAIT
) -> int:
    """A new index of exactly these records (one per id), swapped in when complete; returns the
    number of facilities. Zero records is an error unless ``allow_empty``."""
    return _replace(root, records, copy=False, allow_empty=allow_empty, wait=wait)


def update(
    root: Path, records: Iterable[dict], allow_empty: bool = False, wait: float = LOCK_WAIT
) -> int:
    """Upsert records by id into a copy of the current index, then swap it in."""
    return _replace(root, records, copy=True, allow_empty=allow_empty, wait=wait)
