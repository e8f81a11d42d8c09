"""``handbook new``: a commented starter plan with a fresh private link, or a copy of another family's plan."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.clock import today
from ..core.file_replace import create_file, write_failed
from ..core.plan import PlanDefaults, Therapist
from ..core.problems import HandbookError, Problem
from ..core.project import Project
from ..core.safety import is_family_id, link_names, new_log_id, new_token
from ..core.yamlsource import parse_yaml
from .plan_edits import read_for_edit, with_line_value, with_log_id, without_key

TEMPLATE = Path(__file__).parent / "starter-plan.yaml"
REVIEW = dt.timedelta(weeks=12)  # a usual review of a home program, and how long reminders run without one
FIRST_CHECK_IN = dt.timedelta(weeks=4)  # a usual first review of a home program; a date in the past helps nobody
PLACEHOLDER_THERAPIST = ("# How parents reach you: your own name, and a phone and/or an email. prefers: phone, email "
                         "or text.\n# Or write your details once in handbook.yaml (GUIDE.md shows how): every plan "
                         "then uses them.\n"
                         'therapist: {name: Your Name, phone: "+1 555 0100", email: you@example.org, prefers: phone}')
COPIED_AWAY = ("previous_links", "changes")  # the other family's old links and news: never the copy's


@dataclass(frozen=True)
class NewPlan:
    path: Path
    copied_from: str | None = None
    names_left: tuple[int, ...] = ()  # lines of a copied plan that still name the other child
    other_child: str = ""


def write_starter_plan(project: Project, family: str, child: str, age: int | None = None,
                       defaults: PlanDefaults | None = None) -> Path:
    """Write ``families/<family>.yaml`` from the starter; refuses to overwrite a plan that exists."""
    path, shown, child = _checked(project, family, child)
    defaults = defaults or PlanDefaults()
    check_in = today() + FIRST_CHECK_IN
    token = new_token(link_names(child, family))  # passes the very check 'handbook check' makes
    text = (TEMPLATE.read_text(encoding="utf-8").replace("{child}", child).replace("{token}", token)
            .replace("{check_in}", check_in.isoformat()).replace("{log}", new_log_id())
            .replace("{starts}", today().isoformat()).replace("{review}", (today() + REVIEW).isoformat())
            .replace("{age}", f"age: {age}" if age else "# age: 5")
            .replace("{therapist}", _therapist_lines(defaults))
            .replace("{daily_minutes}", _minutes_lines(defaults)))
    _create(path, shown, text)
    return path


def copy_plan(project: Project, family: str, child: str, source: str, age: int | None = None) -> NewPlan:
    """Write ``families/<family>.yaml`` as a copy of ``source``'s plan, with its own link and star-chart id.

    The other family's old links and 'changes:' lines are left out; the lines that still name the other
    child are returned, since a note written for one child must never reach another family."""
    path, shown, child = _checked(project, family, child)
    original = read_for_edit(project, source)
    data = original.data
    token = new_token(link_names(child, family))
    text = original.text
    for key in COPIED_AWAY:
        if key in data:
            text = without_key(text, parse_yaml(text, original.shown), key)
    for key, value in (("child", child), ("link", token), ("log", new_log_id())):
        located = parse_yaml(text, original.shown)
        if key in (located.data or {}):
            text = with_line_value(text, located, key, value)
        elif key == "log":
            text = with_log_id(text, located, value)
    if age is not None:
        located = parse_yaml(text, original.shown)
        text = with_line_value(text, located, "age", str(age)) if "age" in (located.data or {}) else text
    text = _header_renamed(text, child, age)
    _create(path, shown, text)
    other = str(data.get("child") or "").strip()
    left = _lines_naming(text, other) if other and other.casefold() != child.casefold() else ()
    return NewPlan(path=path, copied_from=original.shown, names_left=left, other_child=other)


def _checked(project: Project, family: str, child: str) -> tuple[Path, str, str]:
    path = project.plan_path(family)
    shown = f"families/{family}.yaml"
    if not is_family_id(family):
        raise HandbookError([Problem(shown, 1, f"'{family}' cannot be a family id",
                                     "use lowercase letters, digits and hyphens, e.g. rivera or lee-2")])
    if path.exists() or (project.families_dir / "archive" / f"{family}.yaml").exists():
        raise _exists(shown, path.exists())
    child = " ".join(child.split())
    if not child or len(child) > 40 or any(c in child for c in "<>{}[]:#\"'"):
        raise HandbookError([Problem(shown, 1, f"'{child}' is not a usable first name",
                                     "give only the child's first name or nickname, e.g. --child Mateo")])
    return path, shown, child


def _exists(shown: str, here: bool) -> HandbookError:
    if here:
        return HandbookError([Problem(shown, 1, "this family already has a plan",
                                      "edit it, or pick another family id; to change its link use 'handbook rotate'")])
    return HandbookError([Problem(shown.replace("families/", "families/archive/"), 1,
                                  "this family has an archived plan",
                                  "move it back into families/ to bring its site back, or pick another family id")])


def _create(path: Path, shown: str, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        create_file(path, text)  # the whole plan or nothing, and never over a plan made meanwhile
    except FileExistsError:
        raise _exists(shown, True) from None
    except OSError as err:
        raise write_failed(shown, "the plan", "nothing was changed", err) from None


def _therapist_lines(defaults: PlanDefaults) -> str:
    """The starter's therapist part: the settings' details shown as a comment, or the placeholder to replace."""
    therapist = defaults.therapist
    if therapist is None:
        return PLACEHOLDER_THERAPIST
    return (f"# How parents reach you comes from {defaults.source or 'handbook.yaml'}: {_contact(therapist)}.\n"
            "# To give this family other details, write them here instead, e.g.:\n"
            f"# therapist: {{{_fields(therapist)}}}")


def _contact(therapist: Therapist) -> str:
    ways = [f"phone {therapist.phone}" if therapist.phone else "",
            f"email {therapist.email}" if therapist.email else ""]
    return ", ".join([therapist.name, *(w for w in ways if w)])


def _fields(therapist: Therapist) -> str:
    fields = [f"name: {therapist.name}", f'phone: "{therapist.phone}"' if therapist.phone else "",
              f"email: {therapist.email}" if therapist.email else "", f"prefers: {therapist.prefers}"]
    return ", ".join(f for f in fields if f)


def _minutes_lines(defaults: PlanDefaults) -> str:
    head = "# The most practice on any one day, in minutes. The build refuses a day that adds up to more."
    if defaults.source:
        return (f"{head}\n# {defaults.daily_minutes} from {defaults.source}; to change it for this family only:\n"
                f"# daily_minutes: {defaults.daily_minutes}")
    return f"{head}\ndaily_minutes: {defaults.daily_minutes}"


def _header_renamed(text: str, child: str, age: int | None) -> str:
    """A first line such as '# Home plan for Mateo (age 4)' names the new child (and age, when given)."""
    first, newline, rest = text.partition("\n")
    if not first.startswith("# Home plan for "):
        return text
    return f"# Home plan for {child}{f' (age {age})' if age else ''}{chr(13) if first.endswith(chr(13)) else ''}" \
        f"{newline}{rest}"


def _lines_naming(text: str, name: str) -> tuple[int, ...]:
    pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
    return tuple(number for number, line in enumerate(text.splitlines(), start=1) if pattern.search(line))
