"""Write a file in one step, so a crash, a power cut or a full disk never leaves it empty or half-written.

Every write goes to a temporary file beside the target (``.<name>.<random>.tmp``: never a ``.yaml``
that would be taken for a plan), which is removed again whatever goes wrong. Only a complete file
is then put in place: renamed over the old one (``replace_file``), or linked to a name that must
not exist yet (``create_file``).
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

from .problems import HandbookError, Problem

DISK_FULL = frozenset(e for e in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if e is not None)
_NO_LINKS = frozenset(e for e in (errno.EPERM, errno.EACCES, errno.EMLINK, errno.ENOSYS, errno.EXDEV,
                                  getattr(errno, "ENOTSUP", None), getattr(errno, "EOPNOTSUPP", None))
                      if e is not None)


def is_disk_full(err: OSError) -> bool:
    """Whether the disk (or the user's quota on it) is full."""
    return err.errno in DISK_FULL


def write_failed(shown: str, what: str, unchanged: str, err: OSError) -> HandbookError:
    """The one message for a write the disk refused, e.g. ``families/lee.yaml: the disk is full, so the plan
    could not be written; nothing was changed — free some space and run the command again``."""
    if is_disk_full(err):
        return HandbookError([Problem(shown, 0, f"the disk is full, so {what} could not be written; {unchanged}",
                                      "free some space and run the command again")])
    reason = err.strerror or type(err).__name__
    return HandbookError([Problem(shown, 0, f"{what} could not be written ({reason.lower()}); {unchanged}",
                                  f"check that you can save files in {Path(shown).parent.as_posix()}/ "
                                  "and run the command again")])


def replace_file(path: Path, text: str) -> None:
    """Write ``text`` (line ends as given) beside ``path``, flush it to the disk, then rename it over ``path``.

    An existing file keeps its permissions; a new one gets the temporary file's (owner only).
    On any error the old file is as it was and no temporary file is left.
    """
    temp = _written_temp(path, text.encode("utf-8"), durable=True)
    try:
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def create_file(path: Path, text: str) -> None:
    """Write a new file ``path`` in one step; raises FileExistsError, changing nothing, if it exists.

    The complete file is hard-linked to its name, which never replaces a file (not even one made by
    another process a moment ago). Where the disk has no hard links (FAT, some network drives), it is
    renamed instead: on Windows a rename never replaces a file either; elsewhere the name is checked
    just before.
    """
    temp = _written_temp(path, text.encode("utf-8"), durable=True, mode=0o666)  # as open(path, "x") makes it
    try:
        try:
            os.link(temp, path)
        except FileExistsError:
            raise
        except OSError as err:
            if err.errno not in _NO_LINKS:
                raise
            if os.name != "nt" and os.path.lexists(path):
                raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
            os.rename(temp, path)
    finally:
        try:
            temp.unlink(missing_ok=True)  # after a link: the second name; after a rename: already gone
        except OSError:
            pass  # the file is in place; only a hidden .tmp beside it is left
    _sync_folder(path.parent)


def write_cache_file(path: Path, data: bytes) -> bool:
    """Replace a cache file in one step, best effort: False (and nothing left behind) if the disk says no.

    Not flushed to the disk: a cache lost to a power cut only costs time, and every reader of one
    takes a damaged file for a missing one.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = _written_temp(path, data, durable=False)
    except OSError:
        return False
    try:
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)
        return False
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return True


def _written_temp(path: Path, data: bytes, *, durable: bool, mode: int = 0o600) -> Path:
    """A new temporary file beside ``path`` holding ``data`` (on the disk itself if ``durable``); removed on failure.

    ``mode`` is narrowed by the umask as for any new file.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(temp, flags, mode)
            break
        except FileExistsError:
            continue  # another writer's temporary file: pick another name
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entries, so the new name survives a power cut; best effort (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
