"""What a family's site is made from, as digests: a family is rebuilt only when one of them changes.

A site depends on its plan, the library activities it uses, and on everything every site shares:
the rest of ``docs/`` (guidance, pictures, videos), ``mkdocs.yml``, everything under ``hooks/``
(code, templates, theme) and the installed versions of the packages that turn them into HTML
(``family-handbook`` among them, for an engine installed from a release rather than from ``hooks/``).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from ..core.library import Library
from ..core.plan import Plan
from ..core.project import Project

FORMAT = "1"  # bump when the meaning of a digest changes, so old build states are ignored
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-material-extensions", "pymdown-extensions", "markdown",
            "jinja2", "markupsafe", "pygments", "pyyaml", "babel", "rcssmin", "rjsmin", "family-handbook")
SKIPPED_FOLDERS = {"__pycache__", ".git"}
SKIPPED_SUFFIXES = (".pyc", ".egg-info")


class FileDigests:
    """sha256 of files, read again only when a file's size or modification time has changed.

    Files are named by their path inside the project, as the therapist sees them (``families/x.yaml``).
    """

    def __init__(self, root: Path, known: dict[str, list[int | str]] | None = None) -> None:
        self.root = root
        self._known = known or {}
        self.seen: dict[str, list[int | str]] = {}  # name -> [size, mtime in ns, sha256]

    def digest(self, name: str) -> str:
        path = os.path.join(self.root, name)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return "missing"
        old = self._known.get(name)
        if old and old[0] == st.st_size and old[1] == st.st_mtime_ns:
            digest = str(old[2])
        else:
            digest = _sha256(path)
        self.seen[name] = [st.st_size, st.st_mtime_ns, digest]
        return digest

    def modified_second(self, name: str) -> int:
        """When a file last changed, in whole seconds (after ``digest`` of it)."""
        return int(self.seen[name][1]) // 1_000_000_000 if name in self.seen else -1


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):  # videos can be large: never read one whole
            digest.update(block)
    return digest.hexdigest()


def package_versions() -> list[str]:
    """The Python version and the versions of every package that shapes the HTML."""
    versions = [f"python {sys.version.split()[0]}"]
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} -")
    return versions


def packages_digest(versions: list[str]) -> str:
    return _combine(versions)


def files_under(root: Path, folder: str) -> list[str]:
    """The name of every file below ``root/folder`` in a stable order, without caches and install metadata."""
    found: list[str] = []
    for top, subfolders, names in os.walk(root / folder):
        subfolders[:] = sorted(d for d in subfolders if d not in SKIPPED_FOLDERS and not d.endswith(SKIPPED_SUFFIXES))
        base = Path(top).relative_to(root).as_posix()
        found.extend(f"{base}/{name}" for name in sorted(names) if not name.endswith(SKIPPED_SUFFIXES))
    return found


def shared_inputs(project: Project, library: Library) -> list[str]:
    """The files every family's site depends on: all but the library's activity pages."""
    activity_pages = {a.source for a in library.activities.values()}
    names = [project.config_file.name, project.settings_file.name]  # a missing settings file digests as "missing"
    for folder in ("hooks", project.docs_dir.name):
        names.extend(n for n in files_under(project.root, folder) if n not in activity_pages)
    return names


def shared_digest(project: Project, library: Library, files: FileDigests, versions: list[str],
                  base_url: str = "") -> str:
    """One digest of everything every site (and the root files) is built from (``versions``: package_versions;
    ``base_url``: the build's, which the calendars link to)."""
    return _combine([FORMAT, *versions, f"base-url {base_url}",
                     *_named_digests(shared_inputs(project, library), files)])


def family_inputs(plans: dict[str, Plan], files: FileDigests, shared: str) -> dict[str, str]:
    """One digest per family of everything its site is built from (``shared``: from shared_digest)."""
    result = {}
    for family, plan in plans.items():
        own = _named_digests([plan.source] + [a.activity.source for a in plan.activities], files)
        # the calendar is stamped with the second the plan file last changed (generated_files.plan_stamp)
        stamp = str(files.modified_second(plan.source))
        result[family] = _combine([shared, family, stamp, *own])
    return result


def _named_digests(names: Iterable[str], files: FileDigests) -> list[str]:
    return [f"{name} {files.digest(name)}" for name in names]


def _combine(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def output_digest(folder: Path) -> str | None:
    """A digest of the names, sizes and modification times of a built site: changes if anyone edits it."""
    if not folder.is_dir():
        return None
    entries: list[str] = []
    _list_files(str(folder), "", entries)
    return _combine(sorted(entries))


def _list_files(folder: str, prefix: str, entries: list[str]) -> None:
    with os.scandir(folder) as found:
        for entry in found:
            if entry.is_dir(follow_symlinks=False):
                _list_files(entry.path, f"{prefix}{entry.name}/", entries)
            else:
                st = entry.stat(follow_symlinks=False)
                entries.append(f"{prefix}{entry.name} {st.st_size} {st.st_mtime_ns}")
