"""Put a finished build in place, so that ``site/`` is always wholly the previous site or wholly the new one.

Two ways, chosen by what the file system allows:

- **Swap** (the usual case): the new site is made complete in the staging folder beside ``site/``
  (rebuilt families built there, the others added as hard links, which copy nothing), then the two
  folders trade places in one atomic step (``renameat2(RENAME_EXCHANGE)`` on Linux,
  ``renamex_np(RENAME_SWAP)`` on macOS). A crash at any instant leaves one whole site in ``site/``.
  The old site, brought up to date with the new one, is kept as ``SPARE``: the next build stages in it,
  so a small build never links or deletes the whole caseload.
- **Journal** (``site/`` is a mount point, or the system cannot swap two folders): the staging folder
  is made inside ``site/`` (the only place on its file system), and the entries are moved one by one.
  The list of moves is written to ``.handbook-cache/publish.json`` first; the next build finishes an
  interrupted publish from it (``recover``) before doing anything else.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from ..core.file_replace import replace_file
from .build_state import CACHE
from .fingerprint import output_digest
from .libc import libc

STAGE_BESIDE = ".site-staging"  # beside site/, in the project
STAGE_INSIDE = ".handbook-staging"  # inside site/, when it is a mount point
OLD_INSIDE = ".handbook-old"
JOURNAL = CACHE / "publish.json"
SPARE = CACHE / "previous-site"  # after a swap: the old site, brought up to date with the new one; never uploaded

# Called at each step of a publish with the step's name; tests replace it to stop a build right there.
checkpoint: Callable[[str], None] = lambda step: None  # noqa: E731


def staging_folder(site: Path, project_root: Path) -> Path:
    """Where a build stages its site: on the same file system as ``site/``, so the last step is a rename.

    Inside ``site/`` when it is a mount point, or a link to a folder elsewhere (swapping would replace
    the link, not the folder it points to): the journal then publishes into the folder itself.
    """
    inside = os.path.ismount(site) or site.is_symlink()
    return site / STAGE_INSIDE if inside else project_root / STAGE_BESIDE


def make_staging_folder(site: Path, project_root: Path, live: dict[str, str | None], rebuilt: set[str]) -> Path:
    """An empty staging folder; or, after a swap, the copy of the site kept as ``SPARE``, with every family
    folder that is still the same as in ``site/`` left in it, so that only what changed since is linked
    again: a caseload of a thousand families does not relink and delete them all.

    ``live`` is each token's ``output_digest`` in ``site/``; ``rebuilt`` the tokens about to be built.
    A spare folder is kept only if its digest (names, sizes, times) is the live one; a hard-linked file
    edited by hand changes in both, and its new time makes the family be built again.
    """
    stage = staging_folder(site, project_root)
    spare = project_root / SPARE
    if stage.parent == site or not spare.is_dir():
        shutil.rmtree(spare, ignore_errors=True)
        stage.mkdir()
        return stage
    os.rename(spare, stage)
    _prune(stage, lambda name: name not in rebuilt and live.get(name) is not None
           and output_digest(stage / name) == live[name])
    return stage


def _prune(folder: Path, keep: Callable[[str], bool]) -> None:
    """Remove every entry of ``folder`` but the subfolders whose name ``keep`` accepts. Removed, never
    written into: the files of a kept copy are hard links to those in ``site/``."""
    with os.scandir(folder) as entries:
        for entry in list(entries):
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
            elif not keep(entry.name):
                shutil.rmtree(entry.path)


def clear_staging(site: Path, project_root: Path) -> None:
    """Remove what an earlier, interrupted build left; ``recover`` first, so no journal still needs it."""
    for folder in (project_root / STAGE_BESIDE, site / STAGE_INSIDE, site / OLD_INSIDE):
        shutil.rmtree(folder, ignore_errors=True)


def can_swap(stage: Path, site: Path) -> bool:
    """True when ``publish`` will swap ``stage`` in whole: it then needs the kept families linked into it."""
    return site.is_dir() and stage.parent != site and _can_swap(stage, site)


def link_kept(stage: Path, site: Path, keep: list[str]) -> None:
    """Put the folders of families not rebuilt into ``stage`` as hard links, for a swap (see ``can_swap``);
    the builder runs this while the families are built.

    GNU ``cp -al`` makes the links where it is found: thousands of small system calls, which in a Python
    thread beside a build would wait on the interpreter's lock for each one.
    """
    folders = [token for token in keep if (site / token).is_dir() and not (stage / token).exists()]
    if folders and sys.platform.startswith("linux") and shutil.which("cp"):
        done = subprocess.run(["cp", "-al", "--", *(os.fspath(site / t) for t in folders), os.fspath(stage)],
                              capture_output=True)
        if done.returncode == 0:
            return
        for token in folders:  # start again the slow way, from nothing
            shutil.rmtree(stage / token, ignore_errors=True)
    for token in folders:
        link_tree(site / token, stage / token)


def publish(stage: Path, site: Path, project_root: Path, keep: list[str], tokens: set[str]) -> None:
    """Make ``site/`` what ``stage`` holds, plus the family folders named in ``keep``, which are not rebuilt
    and stay as they are. Anything else in ``site/`` (stale links, old root files) goes.

    ``tokens`` are every family's link; those not in ``keep`` were built into ``stage``."""
    if not site.exists():
        checkpoint("staged")
        os.rename(stage, site)  # nothing to keep: one rename is the whole publish
        checkpoint("published")
        return
    if can_swap(stage, site):
        try:
            _publish_by_swap(stage, site, project_root, keep, rebuilt=tokens - set(keep))
            return
        except OSError as err:
            if err.errno not in CANNOT_SWAP:
                raise
    _publish_by_journal(stage, site, project_root, tokens)


def _publish_by_swap(stage: Path, site: Path, project_root: Path, keep: list[str], rebuilt: set[str]) -> None:
    checkpoint("staged")
    link_kept(stage, site, keep)  # whatever was not linked while the families were built
    checkpoint("linked")
    exchange(stage, site)
    checkpoint("swapped")  # site/ is the new site; stage/ holds the old one
    try:
        _keep_as_spare(stage, site, project_root, rebuilt)
    except OSError:
        shutil.rmtree(stage, ignore_errors=True)
    checkpoint("published")


def _keep_as_spare(old: Path, site: Path, project_root: Path, rebuilt: set[str]) -> None:
    """Bring the old site up to date with the new one (its rebuilt families linked in, what went removed)
    and keep it as ``SPARE``: the next build then starts from a copy that only lacks what it changes.

    Done here, at the end of the build that made the changes, so a big build (a library change) pays for
    its own changes and the small builds after it stay small.
    """
    with os.scandir(site) as entries:
        live = {entry.name for entry in entries if entry.is_dir(follow_symlinks=False)}
    _prune(old, lambda name: name in live and name not in rebuilt)
    link_kept(old, site, sorted(rebuilt & live))
    os.rename(old, project_root / SPARE)


def _publish_by_journal(stage: Path, site: Path, project_root: Path, tokens: set[str]) -> None:
    old = site / OLD_INSIDE
    shutil.rmtree(old, ignore_errors=True)
    old.mkdir()
    hidden = {STAGE_INSIDE, OLD_INSIDE}
    moves = [(site / e.name, old / e.name) for e in sorted(site.iterdir())
             if e.name not in hidden and (e.name not in tokens or (stage / e.name).exists())]
    moves += [(e, site / e.name) for e in sorted(stage.iterdir())]
    journal = project_root / JOURNAL
    _write_journal(journal, [(os.path.relpath(a, project_root), os.path.relpath(b, project_root)) for a, b in moves])
    checkpoint("journal")
    try:
        for number, (source, target) in enumerate(moves, start=1):
            os.replace(source, target)
            checkpoint(f"moved-{number}")
    except BaseException:
        recover(project_root, site)  # stopped half-way (Ctrl+C, SIGTERM): finish now, or at the next start
        raise
    _write_journal(journal, [])  # every move made: what is left is only to remove the old entries
    checkpoint("moved")
    clear_staging(site, project_root)  # before the journal goes, so that no old folder can stay in site/
    checkpoint("cleaned")
    journal.unlink()
    checkpoint("published")


def recover(project_root: Path, site: Path) -> bool:
    """Finish a publish a crash interrupted, from its journal; True if there was one.

    Every build had succeeded before the journal was written, so finishing is always right: each move
    not yet made is made (a move is made when its source is gone or its target is already there). Once
    all are made, the journal lists none, and only the old entries are left to remove.
    """
    journal = project_root / JOURNAL
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        moves = [(project_root / a, project_root / b) for a, b in data["moves"]]
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError, TypeError):
        journal.unlink(missing_ok=True)  # written in one step, so never half a journal; nothing to finish
        return False
    for source, target in moves:
        if source.exists() and not target.exists():
            os.replace(source, target)
    journal.unlink()
    clear_staging(site, project_root)
    return True


def _write_journal(path: Path, moves: list[tuple[str, str]]) -> None:
    path.parent.mkdir(exist_ok=True)
    replace_file(path, json.dumps({"moves": moves}))  # on the disk itself before the first move is made


def link_tree(source: Path, target: Path) -> None:
    """A copy of ``source`` made of hard links (same files, same times: nothing is read or written);
    real copies where the file system has no hard links. Plain ``os`` calls: thousands of them per run."""
    source_name, target_name = os.fspath(source), os.fspath(target)
    for folder, _dirs, files in os.walk(source_name):
        relative = os.path.relpath(folder, source_name)
        here = target_name if relative == "." else os.path.join(target_name, relative)
        os.makedirs(here, exist_ok=True)
        for name in files:
            try:
                os.link(os.path.join(folder, name), os.path.join(here, name), follow_symlinks=False)
            except OSError:
                shutil.copy2(os.path.join(folder, name), os.path.join(here, name), follow_symlinks=False)


CANNOT_SWAP = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}
RENAME_EXCHANGE = 2  # linux/fs.h
RENAME_SWAP = 2  # macOS sys/stdio.h
AT_FDCWD = -100


def _can_swap(stage: Path, site: Path) -> bool:
    c = libc()
    if c is None or not site.is_dir() or os.stat(stage).st_dev != os.stat(site).st_dev:
        return False
    return hasattr(c, "renameat2") if sys.platform.startswith("linux") else hasattr(c, "renamex_np")


def exchange(a: Path, b: Path) -> None:
    """Swap two folders in one atomic step; OSError if the system cannot."""
    c = libc()
    if c is None:
        raise OSError(errno.ENOSYS, "no C library to swap folders with")
    if sys.platform.startswith("linux"):
        result = c.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    else:
        result = c.renamex_np(os.fsencode(a), os.fsencode(b), RENAME_SWAP)
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))
