"""``handbook new``: a commented starter plan with a fresh private link."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.file_replace import create_file, write_failed
from ..core.problems import HandbookError, Problem
from ..core.project import Project
from ..core.safety import is_family_id, link_names, new_log_id, new_token

TEMPLATE = Path(__file__).parent / "starter-plan.yaml"
REVIEW = dt.timedelta(weeks=12)  # a usual review of a home program, and how long reminders run without one
FIRST_CHECK_IN = dt.timedelta(weeks=4)  # a usual first review of a home program; a date in the past helps nobody


def write_starter_plan(project: Project, family: str, child: str, age: int | None = None) -> Path:
    """Write ``families/<family>.yaml``; refuses to overwrite a plan that exists."""
    path = project.plan_path(family)
    shown = f"families/{family}.yaml"
    if not is_family_id(family):
        raise HandbookError([Problem(shown, 1, f"'{family}' cannot be a family id",
                                     "use lowercase letters, digits and hyphens, e.g. rivera or lee-2")])
    exists = HandbookError([Problem(shown, 1, "this family already has a plan",
                                    "edit it, or pick another family id; to change its link use 'handbook rotate'")])
    if path.exists():
        raise exists
    child = " ".join(child.split())
    if not child or len(child) > 40 or any(c in child for c in "<>{}[]:#\"'"):
        raise HandbookError([Problem(shown, 1, f"'{child}' is not a usable first name",
                                     "give only the child's first name or nickname, e.g. --child Mateo")])
    check_in = dt.date.today() + FIRST_CHECK_IN
    token = new_token(link_names(child, family))  # passes the very check 'handbook check' makes
    text = (TEMPLATE.read_text(encoding="utf-8").replace("{child}", child).replace("{token}", token)
            .replace("{check_in}", check_in.isoformat()).replace("{log}", new_log_id())
            .replace("{review}", (dt.date.today() + REVIEW).isoformat())
            .replace("{age}", f"age: {age}" if age else "# age: 5"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        create_file(path, text)  # the whole plan or nothing, and never over a plan made meanwhile
    except FileExistsError:
        raise exists from None
    except OSError as err:
        raise write_failed(shown, "the plan", "nothing was changed", err) from None
    return path
