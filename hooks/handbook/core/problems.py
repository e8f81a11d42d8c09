"""Problems found in a plan or library file, reported as ``file:line: what — what to do``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, with the fix in the therapist's words."""

    file: str
    line: int  # 0 when the problem is not in a file (a command-line argument)
    what: str
    todo: str

    @property
    def where(self) -> str:
        """``file:line``, or the file alone when the problem is not on one line."""
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        return f"{self.where}: {self.what} — {self.todo}"


class HandbookError(Exception):
    """One or more problems that stop a build; ``str()`` lists every one."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the therapist would type it: relative to the project when possible."""
    base = root or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
