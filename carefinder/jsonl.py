"""Reading and atomically writing JSON Lines record files."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from carefinder import CarefinderError


def read_lines(path: str | Path) -> Iterator[tuple[int, object | None, str | None]]:
    """Yield (line number, parsed object or None, error or None) for each non-blank line."""
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise CarefinderError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        try:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, None, f"not valid JSON ({exc.msg} at column {exc.colno})"
                except RecursionError:
                    yield number, None, "nested too deeply to be a record"
                else:
                    yield number, obj, None
        except UnicodeDecodeError:
            raise CarefinderError(f"{path} is not UTF-8 text") from None


def read_records(paths: Iterable[str | Path]) -> Iterator[dict]:
    """Yield every record dict from the files; a broken line is a CarefinderError."""
    for path in paths:
        for number, obj, error in read_lines(path):
            if error or not isinstance(obj, dict):
                raise CarefinderError(f"{path}:{number}: {error or 'not a JSON object'}")
            yield obj


def write_lines_atomic(path: str | Path, lines: Iterable[str]) -> int:
    """Write text lines via a temporary file in the same folder, fsync and rename; returns the
    count. Readers see the old file or the new one, never half of one."""
    target = Path(path)
    fd, tmp = _temporary_beside(target)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
                count += 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename not in (None, tmp, str(target)):
            raise  # an input file's trouble, reported by its reader
        raise CarefinderError(f"cannot write {target}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def check_writable(path: str | Path) -> None:
    """Fail now, before hours of work, when ``path`` cannot be written."""
    fd, tmp = _temporary_beside(Path(path))
    os.close(fd)
    os.unlink(tmp)
    if Path(path).is_dir():
        raise CarefinderError(f"cannot write {path}: it is a folder")


def _temporary_beside(target: Path) -> tuple[int, str]:
    if target.parent.exists() and not target.parent.is_dir():
        raise CarefinderError(f"cannot write {target}: {target.parent} is not a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise CarefinderError(f"cannot write {target}: {exc.strerror}") from None


def write_atomic(path: str | Path, records: Iterable[dict]) -> int:
    """Write records as JSON Lines, atomically; returns the count."""
    return write_lines_atomic(path, (json.dumps(r, ensure_ascii=False) for r in records))
