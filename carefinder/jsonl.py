"""Reading and atomically writing JSON Lines record files, and the rules every output file of
carefinder follows: one writer at a time (``lock_output``) and the permissions of a normal new
file (``FILE_MODE``)."""

from __future__ import annotations

import fcntl
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

from carefinder import CarefinderError

# Every file carefinder writes is created with this mode, and the kernel takes the umask off it,
# as for any file a program makes: 0644 under the usual umask 022. (mkstemp's 0600 made import
# and merge output unreadable to the group while crawl output was 0644.)
FILE_MODE = 0o666


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
    count. Readers see the old file or the new one, never half of one. Refused, in one
    sentence, while another process holds the file's lock (``lock_output``)."""
    target = Path(path)
    fd, tmp = _temporary_beside(target)
    count = 0
    lock = None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            lock = lock_output(target, create=False)  # a crawl writing there is not replaced
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
    finally:
        if lock is not None:
            os.close(lock)
    return count


def lock_output(path: str | Path, create: bool = True) -> int | None:
    """Take ``path``'s one-writer lock and return the descriptor that holds it (the lock goes
    when it is closed or the process ends). The file is opened without truncating it, so a
    second writer is refused before it can empty the first one's file. With ``create`` false a
    missing file is not made: None, there is no other writer's file to protect."""
    flags = os.O_RDWR | (os.O_CREAT if create else 0)
    try:
        fd = os.open(path, flags, FILE_MODE)
    except FileNotFoundError:
        if create:
            raise CarefinderError(f"cannot write {path}: No such file or directory") from None
        return None
    except OSError as exc:
        raise CarefinderError(f"cannot write {path}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise CarefinderError(
            f"cannot write {path}: another carefinder process is writing it (give another -o)"
        ) from None
    return fd


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
        while True:
            tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
            try:
                return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), str(tmp)
            except FileExistsError:  # a name another writer drew: draw again
                continue
    except OSError as exc:
        raise CarefinderError(f"cannot write {target}: {exc.strerror}") from None


def write_atomic(path: str | Path, records: Iterable[dict]) -> int:
    """Write records as JSON Lines, atomically; returns the count."""
    return write_lines_atomic(path, (json.dumps(r, ensure_ascii=False) for r in records))
