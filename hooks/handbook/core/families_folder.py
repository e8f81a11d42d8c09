"""What ``families/`` holds: one plan per family, the archive of plans taken down, and nothing else.

A plan saved as ``nguyen.yaml.txt`` (editors do this), renamed ``Nguyen.YAML`` or moved into a
subfolder is not read; if it were skipped quietly, the family's site would vanish at the next build.
So everything in ``families/`` that is not a plan is a problem that names it, except what is listed
here: the archive folder, a README, and hidden files (an editor's swap files while a plan is open).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .problems import HandbookError, Problem, display_path
from .safety import is_family_id
from .yamlsource import decode_text, parse_yaml

ARCHIVE = "archive"  # families/archive/<family>.yaml: plans whose sites were taken down on purpose
PLAN_SUFFIXES = (".yaml", ".yml")
README = re.compile(r"readme(\.(md|txt))?", re.IGNORECASE)


def plan_paths(folder: Path) -> dict[str, Path]:
    """Each plan in ``folder`` by family id: ``<id>.yaml`` (or ``.yml``); anything else is left out."""
    try:
        with os.scandir(folder) as entries:
            files = sorted(entry.name for entry in entries if entry.is_file())  # no stat: the type is in the listing
    except OSError:
        return {}
    found: dict[str, Path] = {}
    for suffix in PLAN_SUFFIXES:  # a .yaml plan before a .yml one of the same name
        for name in files:
            stem = name[: -len(suffix)]
            if name.endswith(suffix) and is_family_id(stem):
                found.setdefault(stem, folder / name)
    return dict(sorted(found.items()))


def archived_plans(families_dir: Path) -> dict[str, Path]:
    """The plans in ``families/archive/``, by family id."""
    return plan_paths(families_dir / ARCHIVE)


def loose_plan_data(path: Path, root: Path | None = None) -> dict[str, Any] | None:
    """A plan's keys read as YAML only, without the plan's checks: for an archived plan, which is never built
    (``handbook archive`` may even have written just its child and link). None when it cannot be read so."""
    try:
        data = parse_yaml(decode_text(path.read_bytes(), display_path(path, root)), display_path(path, root)).data
    except (HandbookError, OSError):
        return None
    return data if isinstance(data, dict) else None


def stray_entries(families_dir: Path, root: Path | None = None, plans: dict[str, Path] | None = None
                  ) -> list[Problem]:
    """A problem for every entry of ``families/`` that is not a plan, the archive, a README or hidden.
    ``plans``: ``plan_paths(families_dir)``, when the caller has it already."""
    problems = []
    try:
        entries = sorted(os.scandir(families_dir), key=lambda e: e.name)
    except OSError:
        return []
    plans = plan_paths(families_dir) if plans is None else plans
    plan_names = {path.name for path in plans.values()}
    for entry in entries:
        name = entry.name
        if name.startswith(".") or README.fullmatch(name):
            continue
        if entry.is_symlink() and not os.path.exists(entry.path):
            continue  # a link that leads nowhere: containment.outside_links names it
        if name in plan_names:
            continue
        shown = display_path(Path(entry.path), root)  # only for the few entries with a problem: it resolves
        if not entry.is_dir():
            problems.append(_stray_file(name, shown, plans))
        elif name != ARCHIVE:
            problems.append(Problem(shown, 0, "plans in a folder inside families/ are not read, so their sites "
                                    "would be taken down", "move each plan back into families/, or into "
                                    "families/archive/ to take its site down on purpose ('handbook archive "
                                    "FAMILY' does it)"))
    return problems


def _stray_file(name: str, shown: str, plans: dict[str, Path]) -> Problem:
    """What is wrong with a file that is not read as a plan, and the name it should have if it is one."""
    folder = shown[: -len(name)]
    match = re.search(r"\.ya?ml", name, re.IGNORECASE)
    if match is None:
        return Problem(shown, 0, "this file is not a plan, and only plans belong in families/",
                       "move it out of families/ (plans are named like rivera.yaml; a README is fine)")
    suggested = suggest_family_id(name[: match.start()])
    if suggested in plans:
        return Problem(shown, 0, f"this looks like a copy of {folder}{plans[suggested].name}, and it is not read",
                       "delete it, or move it out of families/")
    tail = name[match.end():]
    if tail:
        why = f"its name ends in '{tail}' after '{match.group()}' (editors sometimes add one)"
    elif name != name.lower():
        why = "a plan's name is all lowercase"
    else:
        why = f"'{name[: match.start()]}' cannot be a family id (lowercase letters, digits and hyphens only)"
    return Problem(shown, 0, f"this file is not read as a plan: {why}", f"rename it to {folder}{suggested}.yaml")


def suggest_family_id(name: str) -> str:
    """The family id a therapist most likely meant: ``Lee 2`` → ``lee-2``."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return "-".join(words)[:64].strip("-") or "family"
