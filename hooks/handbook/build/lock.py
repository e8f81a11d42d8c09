"""One build at a time in a project: an operating-system lock on a file in ``.handbook-cache/``.

The kernel releases the lock when the process holding it ends, however it ends (even ``kill -9``),
so a crashed build never leaves the project locked.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .build_state import CACHE

LOCK_FILE = CACHE / "build.lock"


class ProjectBusy(Exception):
    """Another build, rotate or archive holds the project, and the caller asked not to wait."""


@contextmanager
def project_lock(root: Path, *, wait: bool = True, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the project's lock for the ``with`` block.

    When another process holds it, ``on_wait`` is called once and this waits for it to finish, or
    raises ProjectBusy when ``wait`` is false.
    """
    path = root / LOCK_FILE
    path.parent.mkdir(exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(fd):
            if not wait:
                raise ProjectBusy
            if on_wait is not None:
                on_wait()
            _lock(fd)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


if sys.platform == "win32":  # pragma: no cover - the tests run on Linux
    import msvcrt
    import time

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _lock(fd: int) -> None:
        while not _try_lock(fd):
            time.sleep(0.2)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)
