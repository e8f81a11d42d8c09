"""``handbook archive``: take a family's site down on purpose, by moving its plan into ``families/archive/``.

The build removes only the sites of archived families (and old links after a rotate): a plan that is
simply gone stops the build instead, so a mistaken delete or rename never takes a family's site down.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from ..build.build_state import BuildState
from ..build.lock import project_lock
from ..core.families_folder import ARCHIVE
from ..core.file_replace import create_file, write_failed
from ..core.plan import plan_files
from ..core.problems import HandbookError, Problem, did_you_mean
from ..core.project import Project
from ..core.safety import is_family_id
from .plan_edits import read_for_edit

GONE_PLAN = ("# {child}'s plan was deleted; this file keeps the site taken down ('handbook archive {family}').\n"
             "# The site comes back only with a whole plan in families/{family}.yaml.\n"
             "child: {child}\nlink: {token}\n")


@dataclass(frozen=True)
class Archived:
    family: str
    child: str
    moved_from: str
    moved_to: str
    was_gone: bool = False  # the plan had been deleted: a short archived file names its link


def archive_plan(project: Project, family: str, *, wait: bool = True,
                 on_wait: Callable[[], None] | None = None) -> Archived:
    """Move ``families/<family>.yaml`` into ``families/archive/``, holding the project's lock as a build does.

    A plan already deleted, whose site the last build made, gets a short archived file naming its link,
    so that the next build takes that site down by name too."""
    with project_lock(project.root, wait=wait, on_wait=on_wait):
        target = project.families_dir / ARCHIVE / f"{family}.yaml"
        shown_target = f"families/{ARCHIVE}/{family}.yaml"
        if is_family_id(family) and target.exists():
            raise HandbookError([Problem(shown_target, 0, f"'{family}' is archived already",
                                         f"to archive it again, first delete or rename {shown_target}")])
        paths = plan_files(project.families_dir)
        if family not in paths:
            return _archive_gone(project, family, shown_target, list(paths))
        plan = read_for_edit(project, family)  # also refuses a plan that is a link to a file outside
        child = str(plan.data.get("child") or family)
        try:
            target.parent.mkdir(exist_ok=True)
            os.rename(plan.path, target)
        except OSError as err:
            raise write_failed(plan.shown, "the plan", "the plan was not moved", err) from None
        return Archived(family=family, child=child, moved_from=plan.shown, moved_to=shown_target)


def _archive_gone(project: Project, family: str, shown_target: str, known: list[str]) -> Archived:
    record = BuildState.load(project).families.get(family)
    if record is None or not is_family_id(family):
        raise HandbookError([Problem(f"families/{family}.yaml", 0, f"there is no plan for '{family}'"
                                     f"{did_you_mean(family, known)}", "check the name: it is the plan's file name "
                                     "without .yaml")])
    child = record.child or family
    path = project.families_dir / ARCHIVE / f"{family}.yaml"
    try:
        path.parent.mkdir(exist_ok=True)
        create_file(path, GONE_PLAN.format(child=child, family=family, token=record.token))
    except OSError as err:
        raise write_failed(shown_target, "the archived plan", "nothing was changed", err) from None
    return Archived(family=family, child=child, moved_from=f"families/{family}.yaml", moved_to=shown_target,
                    was_gone=True)
