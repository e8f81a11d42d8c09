"""``handbook new``: a commented starter plan with a fresh private link."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.problems import HandbookError, Problem
from ..core.project import Project
from ..core.safety import is_family_id, new_token

TEMPLATE = Path(__file__).parent / "starter-plan.yaml"
FIRST_CHECK_IN = dt.timedelta(weeks=4)  # a usual first review of a home program; a date in the past helps nobody


def write_starter_plan(project: Project, family: str, child: str) -> Path:
    """Write ``families/<family>.yaml``; refuses to overwrite a plan that exists."""
    path = project.plan_path(family)
    shown = f"families/{family}.yaml"
    if not is_family_id(family):
        raise HandbookError([Problem(shown, 1, f"'{family}' cannot be a family id",
                                     "use lowercase letters, digits and hyphens, e.g. rivera or lee-2")])
    if path.exists():
        raise HandbookError([Problem(shown, 1, "this family already has a plan",
                                     "edit it, or pick another family id; to change its link use 'handbook rotate'")])
    child = " ".join(child.split())
    if not child or len(child) > 40 or any(c in child for c in "<>{}[]:#\"'"):
        raise HandbookError([Problem(shown, 1, f"'{child}' is not a usable first name",
                                     "give only the child's first name or nickname, e.g. --child Mateo")])
    check_in = dt.date.today() + FIRST_CHECK_IN
    text = (TEMPLATE.read_text(encoding="utf-8").replace("{child}", child).replace("{token}", new_token())
            .replace("{check_in}", check_in.isoformat()))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(text)
    return path
