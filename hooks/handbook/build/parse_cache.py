"""The checked library and plans of the last run, kept in ``.handbook-cache/`` so an unchanged file is
not parsed again: most of a build with nothing to do was reading YAML.

Each file is trusted by its size and modification time (as ``fingerprint.FileDigests`` does); the
library as a whole, and every plan with it, is read again when any page of ``docs/`` or the code
that reads them changed. Anything wrong with the cache only means reading the files.
"""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

from ..core import clock
from ..core.containment import outside_links
from ..core.file_replace import write_cache_file
from ..core.library import Library
from ..core.library_terms import TERMS_FILE
from ..core.plan import Plan, PlanDefaults, load_plan
from ..core.project import Project
from .build_state import CACHE

CACHE_FILE = CACHE / "parsed.pickle"
FORMAT = 1
READERS = ("core",)  # the engine's folders whose code decides what a parsed file becomes


def checked_library_and_plans(project: Project) -> tuple[Library, dict[str, Plan]]:
    """``project.library()`` and ``project.plans(library)``, with files that did not change taken from the cache.

    Raises HandbookError as they do; the cache is written only once everything is fine.
    """
    if outside_links(project.docs_dir, project.root):  # on every run, also when the library comes from the cache
        project.library()  # raises them (with the library's other problems) before a page is looked at
    library_key = _library_key(project)
    cached = _load(project)
    cached_library, known = cached.get("library"), cached.get("plans")
    if cached.get("library_key") == library_key and isinstance(cached_library, Library) and isinstance(known, dict):
        # the pages are the same files (their names are relative): a moved or copied project keeps its cache
        library = dataclasses.replace(cached_library, root=project.docs_dir)
    else:
        library, known = project.library(), {}
    seen: dict[str, tuple[tuple[int, int], Plan]] = {}

    def load(path: Path, library: Library, root: Path | None, defaults: PlanDefaults) -> Plan:
        stat = path.stat()
        key = (stat.st_size, stat.st_mtime_ns)
        name = path.relative_to(project.root).as_posix()  # a copied project (same times) keeps its cache
        found = known.get(name)
        plan = found[1] if found is not None and found[0] == key else load_plan(path, library, root, defaults)
        seen[name] = (key, plan)
        return plan

    plans = project.plans(library, load=load)
    unchanged = known is cached.get("plans") and set(seen) == set(known) and \
        all(known[name][0] == key for name, (key, _) in seen.items())
    if not unchanged:  # a build with nothing to do writes nothing (pickling a big caseload takes a while)
        _save(project, {"format": FORMAT, "library_key": library_key, "library": library, "plans": seen})
    return library, plans


def _library_key(project: Project) -> list[tuple[str, int, int]]:
    engine = Path(__file__).resolve().parents[1]
    files = [p for folder in READERS for p in sorted((engine / folder).glob("*.py"))]
    # the pages, their terms, and the settings every plan takes its defaults from
    pages = sorted(project.docs_dir.rglob("*.md")) + [project.docs_dir / TERMS_FILE, project.settings_file]
    key: list[tuple[str, int, int]] = [("today", clock.today().toordinal(), 0)]  # a check-in passes overnight
    # the engine by its place, the project's files by their names in it: a copied project keeps its cache
    named = [(str(p), p) for p in files] + [(p.relative_to(project.root).as_posix(), p) for p in pages]
    for name, path in named:
        try:
            stat = path.stat()
        except FileNotFoundError:  # a missing docs/library.yml (reading the library says so) or handbook.yaml
            key.append((name, -1, -1))
            continue
        key.append((name, stat.st_size, stat.st_mtime_ns))
    return key


def _load(project: Project) -> dict[str, object]:
    try:
        with open(project.root / CACHE_FILE, "rb") as cache:
            data = pickle.load(cache)
        return data if isinstance(data, dict) and data.get("format") == FORMAT else {}
    except Exception:  # a missing, old or damaged cache: read the files
        return {}


def _save(project: Project, data: dict[str, object]) -> None:
    write_cache_file(project.root / CACHE_FILE, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))  # or not: time
