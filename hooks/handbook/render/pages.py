"""Markdown pages of a family site (and of the library preview), rendered from plain data."""

from __future__ import annotations

import html
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from ..core.library import AREAS, SECTION, Activity, Library
from ..core.plan import DAY_NAMES, DAYS, Assignment, Plan
from ..core.video import Video, parse_video
from .fragments import Fragments, install_fragment_helpers

TEMPLATES = Path(__file__).parent / "templates"
ACTIVITY_PAGE_TO_ROOT = "../../"  # activities/<id>.md is served as activities/<id>/


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
_env.filters["sections"] = lambda body: body_sections(body)
_env.filters["markdown_sections"] = lambda body: markdown_sections(body)
_env.filters["deeper_headings"] = lambda text: deeper_headings(text)
_env.globals.update(DAYS=DAYS, DAY_NAMES=DAY_NAMES, AREAS=AREAS)
install_fragment_helpers(_env)


@dataclass(frozen=True)
class DayPlan:
    """One row of the week: the day, its activities and their minutes."""

    day: str
    name: str
    items: tuple[Assignment, ...]
    minutes: int


def week(plan: Plan) -> list[DayPlan]:
    return [DayPlan(day=d, name=DAY_NAMES[d], minutes=plan.minutes_on(d),
                    items=plan.activities_on(d))
            for d in DAYS]


def render(template: str, **context: Any) -> str:
    return _env.get_template(template).render(**context)


def keep_compiled_templates(cache: jinja2.BytecodeCache) -> None:
    """Let ``handbook build`` keep the compiled page templates between runs (it saves a cold start)."""
    _env.bytecode_cache = cache


@dataclass(frozen=True)
class VideoView:
    """An activity's video with every address relative to the activity's page."""

    video: Video
    title: str
    poster: str
    captions: str | None

    @property
    def file(self) -> str:
        return ACTIVITY_PAGE_TO_ROOT + self.video.src


def video_view(activity: Activity) -> VideoView | None:
    if not activity.video:
        return None
    poster = ACTIVITY_PAGE_TO_ROOT + activity.poster if activity.poster else "poster.svg"
    captions = ACTIVITY_PAGE_TO_ROOT + activity.captions if activity.captions else None
    return VideoView(parse_video(activity.video), activity.title, poster, captions)


def poster_files(activities: list[Activity]) -> dict[str, str]:
    """A drawn poster with the title for each video that has no poster of its own: no remote thumbnail."""
    return {f"activities/{a.id}/poster.svg": render("poster.svg.j2", lines=textwrap.wrap(a.title, 18)[:3])
            for a in activities if a.video and not a.poster}


def body_sections(body: str) -> dict[str, str]:
    """The ``## Heading`` sections of an activity's Markdown, by heading."""
    return dict(markdown_sections(body)[1])


def markdown_sections(body: str) -> tuple[str, list[tuple[str, str]]]:
    """A library page's Markdown as the text before its first ``## Heading``, then (heading, text) pairs."""
    parts = SECTION.split(body)
    return parts[0].strip(), [(title.strip(), text.strip()) for title, text in zip(parts[1::2], parts[2::2])]


def deeper_headings(markdown: str) -> str:
    """Every ATX heading one level down: a guidance page's sections sit under its title on the parents' page."""
    return re.sub(r"^(#{1,5})(?=[ \t])", r"#\1", markdown, flags=re.M)


def family_data(plan: Plan) -> dict[str, Any]:
    """What the page scripts need, as plain JSON-ready data. Never the family id (the file name)."""
    t, r = plan.therapist, plan.rewards
    return {
        "link": plan.link,
        "child": plan.child,
        "daily_minutes": plan.daily_minutes,
        "therapist": {"name": t.name, "phone": t.phone, "email": t.email, "prefers": t.prefers},
        "rewards": {"style": r.style, "small": r.small,
                    "goal": {"stars": r.goal.stars, "reward": r.goal.reward} if r.goal else None},
        "activities": [{"id": a.id, "title": a.activity.title, "minutes": a.minutes,
                        "days": list(a.days), "routine": a.routine} for a in plan.activities],
    }


def family_pages(plan: Plan, library: Library, fragments: Fragments | None = None) -> dict[str, str]:
    """Every generated Markdown page of one family's site, by its path inside the site."""
    context = {"plan": plan, "library": library, "week": week(plan), "fragments": fragments}
    pages = {
        "index.md": render("home.md.j2", **context),
        "log.md": render("log.md.j2", **context),
        "handout.md": render("handout.md.j2", **context),
        GUIDANCE_PAGE: render("guidance.md.j2", **context),
    }
    for assignment in plan.activities:
        activity = assignment.activity
        pages[f"activities/{activity.id}.md"] = render(
            "activity.md.j2", activity=activity, assignment=assignment, video=video_view(activity), **context)
    return pages


GUIDANCE_PAGE = "guidance.md"  # every guidance page of the library, one after another


def family_nav(plan: Plan) -> list[Any]:
    """The site's navigation: today first (then the handout for paper families), the star chart,
    this child's activities, then the tips for parents."""
    star_chart, handout = {"Star chart": "log.md"}, {"Print the plan": "handout.md"}
    return [
        {"Today": "index.md"},
        *([handout, star_chart] if plan.format == "print" else [star_chart, handout]),
        {"Activities": [{a.activity.title: f"activities/{a.id}.md"} for a in plan.activities]},
        {"For parents": GUIDANCE_PAGE},
    ]


def library_pages(library: Library, fragments: Fragments | None = None) -> dict[str, str]:
    """The therapist's preview of the whole library (no family selected)."""
    pages = {"index.md": render("library.md.j2", library=library),
             GUIDANCE_PAGE: render("guidance.md.j2", library=library, plan=None, fragments=fragments)}
    for activity in library.activities.values():
        pages[f"activities/{activity.id}.md"] = render("activity.md.j2", activity=activity, assignment=None,
                                                       plan=None, video=video_view(activity), fragments=fragments)
    return pages


def library_nav(library: Library) -> list[Any]:
    by_area: dict[str, list[Any]] = {}
    for activity in library.activities.values():
        by_area.setdefault(AREAS[activity.area], []).append({activity.title: f"activities/{activity.id}.md"})
    return [
        {"Library": "index.md"},
        {"Activities": [{area: items} for area, items in by_area.items()]},
        {"For parents": GUIDANCE_PAGE},
    ]
