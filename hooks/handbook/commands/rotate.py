"""``handbook rotate``: give a family a new private link by rewriting the plan's ``link:`` line.

The star chart parents keep in their browser follows: the plan keeps (or gains) its ``log:`` id, and
``previous_links:`` gains a fingerprint of the old link, by which the new site finds a chart kept under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..build.lock import project_lock
from ..core.file_replace import replace_file, write_failed
from ..core.problems import HandbookError, Problem
from ..core.project import Project
from ..core.safety import link_hash, link_names, new_log_id, new_token
from ..core.yamlsource import parse_yaml
from .plan_edits import read_for_edit, with_log_id, with_previous_link

# key, optional quotes around the token, then anything after it (spaces, a comment, the line end)
LINK_LINE = re.compile(r"(?P<key>[ \t]*link[ \t]*:[ \t]*)(?P<quote>[\"']?)(?P<token>[^\s\"'#]*)(?P=quote)"
                       r"(?P<rest>[ \t]*(?:#[^\r\n]*)?\r?\n?)")


@dataclass(frozen=True)
class Rotation:
    family: str
    child: str
    old: str
    new: str
    path: Path
    log_added: bool  # the plan had no star-chart id: one was written


def rotate_link(project: Project, family: str, *, wait: bool = True,
                on_wait: Callable[[], None] | None = None) -> Rotation:
    """Write a fresh token into the family's plan; comments and layout stay exactly as they were.

    Holds the project's lock as ``build_sites`` does (a build running now reads the plan this changes):
    while another holds it, ``on_wait`` is called and this waits, or raises ProjectBusy if not ``wait``.
    """
    with project_lock(project.root, wait=wait, on_wait=on_wait):
        return _rotate(project, family)


def _rotate(project: Project, family: str) -> Rotation:
    plan = read_for_edit(project, family)
    path, shown, text, located, data = plan.path, plan.shown, plan.text, plan.located, plan.data
    token = new_token(link_names(located.raw.get(("child",), data.get("child")), family))  # as the plan check does
    if "link" not in data:
        raise HandbookError([Problem(shown, 1, "the plan has no 'link:' line, so there is nothing to rotate",
                                     f"add this line near the top of the plan: link: {token}")])
    number = located.lines[("link",)]
    lines = text.splitlines(keepends=True)
    match = LINK_LINE.fullmatch(lines[number - 1])
    if match is None or located.raw.get(("link",)) != match["token"]:
        raise HandbookError([Problem(shown, number, "the 'link:' line is not in the usual form 'link: TOKEN'",
                                     f"replace the whole line with: link: {token}")])
    lines[number - 1] = f"{match['key']}{match['quote']}{token}{match['quote']}{match['rest']}"
    text = "".join(lines)
    log_added = "log" not in data
    if log_added:
        text = with_log_id(text, parse_yaml(text, shown), new_log_id())
    text = with_previous_link(text, parse_yaml(text, shown), link_hash(match.group("token")))
    try:
        replace_file(path, text)  # the old plan stays whole until the new one is on the disk
    except OSError as err:
        raise write_failed(shown, "the new link", "the plan keeps its old link", err) from None
    child = data.get("child")
    return Rotation(family=family, child=str(child) if child else family, old=match.group("token"), new=token,
                    path=path, log_added=log_added)

