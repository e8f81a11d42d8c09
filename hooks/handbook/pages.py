"""Markdown pages of a family site (and of the library preview), rendered from plain data."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from .library import AREAS, Activity, Library
from .plan import DAY_NAMES, DAYS, Plan

TEMPLATES = Path(__file__).parent / "templates"


def _front_matter_text(value: str) -> str:
    """A YAML string for front matter; titles reach Material's templates unescaped, so escape here."""
    escaped = html.escape(value, quote=False).replace('"', "&quot;")
    return markupsafe.Markup(json.dumps(escaped, ensure_ascii=False))


def _days_label(days: tuple[str, ...]) -> str:
    if days == DAYS:
        return "Every day"
    if days == DAYS[:5]:
        return "Monday to Friday"
    return ", ".join(DAY_NAMES[d] for d in days)


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,  # plan and library text lands in HTML: a child named "<b>" must show as text
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_env.filters["fm"] = _front_matter_text
_env.filters["days_label"] = _days_label
_env.filters["long_date"] = lambda d: f"{d:%A} {d.day} {d:%B %Y}"
_env.globals.update(DAYS=DAYS, DAY_NAMES=DAY_NAMES, AREAS=AREAS)


@dataclass(frozen=True)
class DayPlan:
    """One row of the week: the day, its activities and their minutes."""

    day: str
    name: str
    items: tuple[tuple[Any, Activity], ...]
    minutes: int


def week(plan: Plan, library: Library) -> list[DayPlan]:
    return [DayPlan(day=d, name=DAY_NAMES[d], minutes=plan.minutes_on(d),
                    items=tuple((a, library.activities[a.id]) for a in plan.activities_on(d)))
            for d in DAYS]


def render(template: str, **context: Any) -> str:
    return _env.get_template(template).render(**context)


def family_pages(plan: Plan, library: Library) -> dict[str, str]:
    """Every generated Markdown page of one family's site, by its path inside the site."""
    context = {"plan": plan, "library": library, "week": week(plan, library)}
    pages = {"index.md": render("home.md.j2", **context)}
    for assignment in plan.activities:
        activity = library.activities[assignment.id]
        pages[f"activities/{activity.id}.md"] = render(
            "activity.md.j2", activity=activity, assignment=assignment, **context)
    return pages


def family_nav(plan: Plan, library: Library) -> list[Any]:
    """The site's navigation: today first, then this child's activities, then guidance."""
    return [
        {"Today": "index.md"},
        {"Activities": [{library.activities[a.id].title: f"activities/{a.id}.md"} for a in plan.activities]},
        {"For parents": [{g.title: f"guidance/{g.id}.md"} for g in library.guidance.values()]},
    ]


def library_pages(library: Library) -> dict[str, str]:
    """The therapist's preview of the whole library (no family selected)."""
    pages = {"index.md": render("library.md.j2", library=library)}
    for activity in library.activities.values():
        pages[f"activities/{activity.id}.md"] = render("activity.md.j2", activity=activity, assignment=None,
                                                       plan=None)
    return pages


def library_nav(library: Library) -> list[Any]:
    by_area: dict[str, list[Any]] = {}
    for activity in library.activities.values():
        by_area.setdefault(AREAS[activity.area], []).append({activity.title: f"activities/{activity.id}.md"})
    return [
        {"Library": "index.md"},
        {"Activities": [{area: items} for area, items in by_area.items()]},
        {"Guidance": [{g.title: f"guidance/{g.id}.md"} for g in library.guidance.values()]},
    ]
