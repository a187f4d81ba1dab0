"""Index generations on disk, swapped in atomically.

``DIR/current`` is a symlink to ``DIR/gen-N``. A build or update writes a new generation beside
it and then renames a new symlink over ``current``; readers that opened the old generation keep
reading it, and a crash mid-build leaves ``current`` pointing at the last complete one.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index

from carefinder import CarefinderError
from index.schema import build_schema, to_document

DEFAULT_DIR = "var/index"
KEEP_GENERATIONS = 3


def index_dir(path: str | os.PathLike | None = None) -> Path:
    """The index folder: the argument, else $CAREFINDER_INDEX, else ./var/index."""
    return Path(path or os.environ.get("CAREFINDER_INDEX") or DEFAULT_DIR)


def current(root: Path) -> Path:
    link = root / "current"
    target = link.resolve()
    if not link.is_symlink() or not whoosh_index.exists_in(target):
        raise CarefinderError(
            f"no index at {root}: build one with 'carefinder index build RECORDS.jsonl'"
        )
    return target


def open_current(root: Path):
    return whoosh_index.open_dir(str(current(root)))


def _new_generation(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
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


def _write(gen: Path, fill: Callable) -> int:
    """Run ``fill(writer)`` into the generation folder and commit; returns documents written."""
    ix = whoosh_index.open_dir(str(gen)) if whoosh_index.exists_in(gen) else None
    ix = ix or whoosh_index.create_in(str(gen), build_schema())
    writer = ix.writer(limitmb=256, procs=1)
    try:
        count = fill(writer)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=True)
    return count


def build(root: Path, records: Iterable[dict]) -> int:
    """A new index of exactly these records, swapped in when complete."""
    gen = _new_generation(root)
    try:
        count = _write(gen, lambda w: sum(w.add_document(**to_document(r)) or 1 for r in records))
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    _swap(root, gen)
    return count


def update(root: Path, records: Iterable[dict]) -> int:
    """Upsert records by id into a copy of the current index, then swap it in."""
    source = current(root)
    gen = _new_generation(root)
    try:
        shutil.copytree(source, gen, dirs_exist_ok=True)
        for lock in gen.glob("*.lock"):
            lock.unlink()
        count = _write(
            gen, lambda w: sum(w.update_document(**to_document(r)) or 1 for r in records)
        )
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    _swap(root, gen)
    return count
