"""The library's areas and skills, from ``docs/library.yml``: the one place that names them.

The check, the library preview and every page read them from here, so adding an area or a skill
is an edit of that file, not of the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .problems import HandbookError, Problem, display_path
from .yamlsource import Located, decode_text, parse_yaml

TERMS_FILE = "library.yml"  # inside docs/
TERM_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Area:
    """One area of practice, such as fine motor or self-care."""

    id: str
    name: str
    note: str | None = None  # shown on every page of the area, e.g. "only when your therapist has assessed it"


@dataclass(frozen=True)
class LibraryTerms:
    areas: dict[str, Area]  # in the order pages list them
    skills: dict[str, str]  # tag -> the plain words a parent reads


def load_terms(docs_dir: Path, project_root: Path | None = None) -> LibraryTerms:
    """Read and check ``docs/library.yml``; raises HandbookError listing every problem."""
    path = docs_dir / TERMS_FILE
    file = display_path(path, project_root)
    if not path.is_file():
        raise HandbookError([Problem(file, 0, "the library's list of areas and skills is missing",
                                     f"restore docs/{TERMS_FILE} (it names every area and skill the pages use)")])
    located = parse_yaml(decode_text(path.read_bytes(), file), file)
    return _TermsReader(located).read()


class _TermsReader:
    def __init__(self, located: Located) -> None:
        self.src = located
        self.problems: list[Problem] = []

    def bad(self, path: tuple[Any, ...], what: str, todo: str) -> None:
        self.problems.append(self.src.problem(path, what, todo))

    def read(self) -> LibraryTerms:
        data = self.src.data if isinstance(self.src.data, dict) else {}
        for key in data:
            if key not in ("areas", "skills"):
                self.bad((key,), f"unknown key '{key}'", "the file has two lists: 'areas:' and 'skills:'")
        areas = {key: found for key, entry in self._entries("areas", data).items()
                 if (found := self._area(key, entry)) is not None}
        skills = {key: found_words for key, entry in self._entries("skills", data).items()
                  if (found_words := self._words(("skills", key), entry)) is not None}
        if self.problems:
            raise HandbookError(self.problems)
        return LibraryTerms(areas=areas, skills=skills)

    def _entries(self, key: str, data: dict[str, Any]) -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict) or not value:
            self.bad((key,) if key in data else (), f"'{key}:' is missing or empty",
                     f"list the library's {key} under '{key}:', one per line as 'id: ...'")
            return {}
        good = {}
        for name, entry in value.items():
            if not isinstance(name, str) or not TERM_ID.fullmatch(name):
                self.bad((key, name), f"'{name}' cannot be an id in '{key}'",
                         "use lowercase letters, digits and hyphens, e.g. fine-motor")
            else:
                good[name] = entry
        return good

    def _area(self, key: str, value: Any) -> Area | None:
        path = ("areas", key)
        if not isinstance(value, dict):
            self.bad(path, f"the area '{key}' needs a name", f"write '{key}: {{name: ...}}'")
            return None
        for extra in set(value) - {"name", "note"}:
            self.bad(path + (extra,), f"unknown key '{extra}' in the area '{key}'", "an area has 'name' and 'note'")
        name = self._words(path + ("name",), value.get("name"))
        note = self._words(path + ("note",), value["note"]) if "note" in value else None
        return Area(key, name, note) if name else None

    def _words(self, path: tuple[Any, ...], value: Any) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.bad(path, f"'{path[-1]}' needs a few plain words", f"write e.g. '{path[-1]}: strong hands'")
            return None
        return value.strip()
