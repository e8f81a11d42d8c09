"""When a value was first written into a file: to tell a copied plan from the one it was copied from."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

GIT_SECONDS = 10  # only on the way to an error message; a slow or broken git falls back to the file's time


def when_first_written(path: Path, value: str, root: Path) -> tuple[float, float]:
    """A sort key, earliest first: the time of the first commit that put ``value`` into ``path``, and the file's
    modification time. A file (or value) git does not have yet is newer than any commit."""
    try:
        modified = path.stat().st_mtime
    except OSError:
        modified = math.inf
    return _first_commit(path, value, root), modified


def _first_commit(path: Path, value: str, root: Path) -> float:
    git = shutil.which("git")
    if git is None:
        return math.inf
    try:
        done = subprocess.run([git, "-C", str(root), "log", "--format=%ct", "--reverse", f"-S{value}", "--",
                               str(path.resolve().relative_to(root.resolve()))],
                              capture_output=True, text=True, timeout=GIT_SECONDS, check=False)
    except (OSError, ValueError, subprocess.SubprocessError):
        return math.inf
    first = done.stdout.split()[:1] if done.returncode == 0 else []
    return float(first[0]) if first and first[0].isdigit() else math.inf
