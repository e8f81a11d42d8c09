"""The C library, for the few system calls Python has no function for: ``prctl`` (worker.py) and
``renameat2``/``renamex_np`` (publish.py)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.cache
def libc() -> ctypes.CDLL | None:
    """The process's C library (errors readable with ``ctypes.get_errno``), or None where there is none."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None
