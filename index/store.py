"""Index generations on disk, swapped in atomically, written by one process at a time.

``DIR/current`` is a symlink to ``DIR/gen-N``. A build or update writes a new generation beside
it and then renames a new symlink over ``current``; readers that opened the old generation keep
reading it, and a crash mid-build leaves ``current`` pointing at the last complete one.
Writers take ``DIR/.write.lock`` first: two updates at once would each copy the same generation
and the second swap would drop the first one's records (and one's pruning could delete the
other's half-written copy).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from filelock import FileLock, Timeout
from whoosh import index as whoosh_index

from carefinder import CarefinderError
from carefinder.merge import combine
from index.schema import build_schema, to_document

DEFAULT_DIR = "var/index"
KEEP_GENERATIONS = 3
# Whoosh's in-memory posting pool. At 256 MB a national build (18,800 records, about 2 million
# postings) spilled runs to disk and merged them: 44 s of CPU instead of 28 s; the pool is
# only as large as the postings need (a national build peaks at about 1 GB).
WRITER_MB = 1024
LOCK_WAIT = 600.0  # seconds a writer waits for another one; a national build takes about a minute


def index_dir(path: str | os.PathLike | None = None) -> Path:
    """The index folder: the argument, else $CAREFINDER_INDEX, else ./var/index."""
    return Path(path or os.environ.get("CAREFINDER_INDEX") or DEFAULT_DIR)


class IndexUnavailable(CarefinderError):
    """No index, or one that cannot be read; the message names the folder, for the operator."""


def current(root: Path) -> Path:
    if root.exists() and not root.is_dir():
        raise IndexUnavailable(f"cannot use {root} as the index folder: it is a file")
    link = root / "current"
    target = link.resolve()
    if not link.is_symlink() or not whoosh_index.exists_in(target):
        raise IndexUnavailable(
            f"no index at {root}: build one with 'carefinder index build RECORDS.jsonl'"
        )
    return target


def open_current(root: Path):
    return whoosh_index.open_dir(str(current(root)))


def _writing(root: Path, wait: float) -> FileLock:
    """The index folder's write lock, acquired (waiting up to ``wait`` seconds)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise CarefinderError(f"cannot use {root} as the index folder: it is a file") from None
    except OSError as exc:
        raise CarefinderError(f"cannot create the index folder {root}: {exc.strerror}") from None
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
    tmp = root / f".current-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(gen.name)
    os.replace(tmp, root / "current")
    _prune(root, keep=gen)


def _prune(root: Path, keep: Path) -> None:
    """Remove old generations, keeping a few for readers that still have them open."""
    gens = sorted((p for p in root.glob("gen-*") if p != keep), key=lambda p: p.name)
    for old in gens[: max(0, len(gens) - (KEEP_GENERATIONS - 1))]:
        shutil.rmtree(old, ignore_errors=True)


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
        writer.add_document(**to_document(combine([docs[n] for n in sorted(docs)])))
    writer.commit(optimize=True)


def _replace(root: Path, records: Iterable[dict], copy: bool, allow_empty: bool, wait: float):
    lock = _writing(root, wait)
    try:
        source = current(root) if copy else None
        gen = _new_generation(root)
        try:
            if source:
                shutil.copytree(source, gen, dirs_exist_ok=True)
                for whoosh_lock in gen.glob("*.lock"):
                    whoosh_lock.unlink()
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
