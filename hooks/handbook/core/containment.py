"""Nothing outside the project is read: every symbolic link in ``docs/`` and ``families/`` must stay inside.

A library pulled from git, or a folder tidied by hand, can carry a link such as
``docs/media/extra.vtt -> ../../families/chen.yaml``: followed, it would publish another child's plan
(token included) inside a family's site, or ``/etc/passwd`` as captions. So each folder is walked
without following links, and every link whose target, once all links on the way are followed, is not
inside the folder itself (also resolved, so a ``docs/`` that is itself a link, or a project reached
through one, is fine), or does not exist, is a problem. A link to a folder outside is reported once and
not walked into. Links that stay inside (``docs/media/a.jpg -> b.jpg``) are fine.

``Project.library()`` and ``Project.plans()`` run this before they read a file, so every command
(check, build with its parse cache, serve, cards, links, plain ``mkdocs``) refuses before anything is
built. That also covers MkDocs itself: it walks ``docs_dir`` following links to folders
(``os.walk(followlinks=True)`` in ``mkdocs.structure.files.get_files``) and copies the media files a
site keeps (``adapter.site.select_files``); by the time it runs, no link in ``docs/`` leads outside.

One ``os.scandir`` per folder and no ``stat`` for plain files: about a millisecond for 1,000 plans.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .problems import Problem


def outside_links(folder: Path, root: Path) -> dict[Path, Problem]:
    """Every link below ``folder`` that leads outside it or nowhere, by its path (``folder / name``).

    ``root`` is the project, for the names in the messages. A missing ``folder`` has no links.
    """
    base = os.path.realpath(folder)
    shown_folder = _shown(folder, root)
    found: dict[Path, Problem] = {}
    pending = [(os.fspath(folder), shown_folder)]
    while pending:
        top, shown_top = pending.pop()
        try:
            with os.scandir(top) as entries:
                listed = list(entries)
        except OSError:  # not there, or not readable: MkDocs and the library cannot read it either
            continue
        for entry in listed:
            shown = f"{shown_top}/{entry.name}"
            if entry.is_symlink():
                problem = _link_problem(entry.path, shown, base, shown_folder, root)
                if problem is not None:
                    found[Path(entry.path)] = problem
            elif entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, shown))
    return dict(sorted(found.items()))


def _link_problem(link: str, shown: str, base: str, shown_folder: str, root: Path) -> Problem | None:
    target = os.path.realpath(link)
    exists = os.path.exists(target)
    if exists and (target == base or target.startswith(base + os.sep)):
        parent = os.path.realpath(os.path.dirname(link))
        if os.path.isdir(target) and (parent == target or parent.startswith(target + os.sep)):
            # a link to a folder it is in: MkDocs would walk it again and again, dozens of levels deep
            return Problem(shown, 1, f"{shown} is a link to {os.readlink(link)}, a folder it is itself in",
                           "remove the link")
        return None
    if not exists:
        try:
            os.stat(link)
            why = "which does not exist"
        except OSError as err:
            why = "which goes round in a loop of links" if err.errno == errno.ELOOP else "which does not exist"
        return Problem(shown, 1, f"{shown} is a link to {os.readlink(link)}, {why}",
                       "remove the link, or put a copy of the file it meant in its place")
    kind = "folder" if os.path.isdir(target) else "file"
    return Problem(shown, 1, f"{shown} is a link to {_shown(Path(target), root)}, outside {shown_folder}/",
                   f"replace the link with a copy of the {kind} itself, or remove it")


def _shown(path: Path, root: Path) -> str:
    """``path`` relative to the project as written (``docs/media``), else resolved, else as it is."""
    for base, where in ((root, path), (Path(os.path.realpath(root)), Path(os.path.realpath(path)))):
        try:
            return where.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
