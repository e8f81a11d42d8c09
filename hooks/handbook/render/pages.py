"""Markdown pages of a family site (and of the library preview), rendered from plain data."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import textwrap
from dataclasses import dataclass
from typing import Any

from ..core.library import AGES, Activity, Library
from ..core.plan import DAYS, Assignment, Plan
from ..core.video import Video, parse_video
from .calendar_file import reminders_end
from .fragments import Fragments
from .guidance_pages import guidance_nav, guidance_pages
from .messages import Messages
from .plan_text import plain_text
from .templates import render

ACTIVITY_PAGE_TO_ROOT = "../../"  # activities/<id>.md is served as activities/<id>/
PRACTICE_PAGE = "practice/index.md"  # every practice view on one page, practice/#<id>: each page costs build time
CHILD_PAGE = "child.md"  # the child's own view of today
GUIDANCE_PAGE = "guidance.md"  # the list of the guidance topics; each topic is guidance/<id>.md


@dataclass(frozen=True)
class DayPlan:
    """One row of the week: the day, its activities and their minutes."""

    day: str
    name: str
    items: tuple[Assignment, ...]
    minutes: int


def week(plan: Plan, messages: Messages) -> list[DayPlan]:
    return [DayPlan(day=d, name=messages.weekday(i), minutes=plan.minutes_on(d), items=plan.activities_on(d))
            for i, d in enumerate(DAYS)]


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


def poster_files(activities: list[Activity], messages: Messages) -> dict[str, str]:
    """A drawn poster with the title for each video that has no poster of its own: no remote thumbnail."""
    return {f"activities/{a.id}/poster.svg": render("poster.svg.j2", messages, lines=textwrap.wrap(a.title, 18)[:3])
            for a in activities if a.video and not a.poster}


def family_data(plan: Plan) -> dict[str, Any]:
    """What the page scripts need, as plain JSON-ready data. Never the family id (the file name).

    The scripts set only text, so plan text comes as what a parent reads of it on the pages: its
    words without their markup (render/plan_text.py)."""
    t, r = plan.therapist, plan.rewards
    return {
        "link": plan.link,
        "log": plan.log,  # the star chart's key in the browser; without one, the link is
        "previous": list(plan.previous_links),  # fingerprints of old links, whose star charts move here
        "plan_version": plan_version(plan),  # a new one: the parents are told the plan was updated
        "changes": [plain_text(c) for c in plan.changes],
        "child": plan.child,
        "daily_minutes": plan.daily_minutes,
        "therapist": {"name": t.name, "phone": t.phone, "email": t.email, "prefers": t.prefers},
        "rewards": {"style": r.style, "small": _words(r.small),
                    "goal": {"stars": r.goal.stars, "reward": plain_text(r.goal.reward)} if r.goal else None},
        "activities": [{"id": a.id, "title": a.activity.title, "minutes": a.minutes, "days": list(a.days),
                        "routine": _words(a.routine), "fingerprint": assignment_fingerprint(a)}
                       for a in plan.activities],
    }


def assignment_fingerprint(assignment: Assignment) -> str:
    """What parents read of one assignment, as a short fingerprint: the home page marks an activity
    "Changed" when it differs from the one this phone last saw (plan_marks.js). Nothing of the text itself."""
    a = assignment
    read = (a.id, a.minutes, a.days, a.routine, a.time, a.note, a.activity.title)
    return hashlib.sha256(repr(read).encode()).hexdigest()[:12]


def plan_version(plan: Plan) -> str:
    """What parents read of the plan, as a fingerprint: the same plan gives the same one; the library's
    and the engine's changes, which are not the therapist's news, leave it as it is."""
    doses = [(a.id, a.minutes, a.days, a.routine, a.note, a.time) for a in plan.activities]
    read = (plan.child, plan.therapist, plan.focus, plan.daily_minutes, plan.practice_time, plan.routines,
            plan.review, plan.changes, plan.check_ins, doses, plan.format, plan.rewards)
    return hashlib.sha256(repr(read).encode()).hexdigest()[:16]


def _words(text: str | None) -> str | None:
    return plain_text(text) if text else text


def family_pages(plan: Plan, library: Library, messages: Messages, fragments: Fragments | None = None, *,
                 stamp: dt.datetime) -> dict[str, str]:
    """Every generated Markdown page of one family's site, by its path inside the site (``library``: its guidance;
    ``stamp``: when the plan last changed, from which the calendar's reminders run)."""
    context = {"plan": plan, "library": library, "week": week(plan, messages), "fragments": fragments,
               "reminders_end": reminders_end(plan, stamp)}
    pages = {
        "index.md": render("home.md.j2", messages, **context),
        "log.md": render("log.md.j2", messages, **context),
        "handout.md": render("handout.md.j2", messages, **context),
        **guidance_pages(plan, library, messages, fragments),
    }
    for assignment in plan.activities:
        activity = assignment.activity
        pages[f"activities/{activity.id}.md"] = render(
            "activity.md.j2", messages, activity=activity, assignment=assignment, video=video_view(activity),
            to_root=ACTIVITY_PAGE_TO_ROOT, **context)
    pages[PRACTICE_PAGE] = render("practice.md.j2", messages, to_root="../", **context)
    pages[CHILD_PAGE] = render("child.md.j2", messages, **context)
    return pages


def family_nav(plan: Plan, messages: Messages) -> list[Any]:
    """The site's navigation: today first (then the handout for paper families), the star chart,
    the child's view, this child's activities, then the tips for parents. The practice views are
    reached from today's cards, so they are not in it."""
    _ = messages.gettext
    star_chart, handout = {_("Star chart"): "log.md"}, {_("Print the plan"): "handout.md"}
    return [
        {_("Today"): "index.md"},
        *([handout, star_chart] if plan.format == "print" else [star_chart, handout]),
        {_("For %(child)s") % {"child": html.escape(plan.child)}: CHILD_PAGE},  # Material writes nav titles as HTML
        {_("Activities"): [{a.activity.title: f"activities/{a.id}.md"} for a in plan.activities]},
        guidance_nav(messages),
    ]


def library_pages(library: Library, messages: Messages, fragments: Fragments | None = None) -> dict[str, str]:
    """The therapist's preview of the whole library (no family selected): every activity to choose from,
    and each activity's page as a family sees it, with a sample dose."""
    pages = {"index.md": render("library.md.j2", messages, library=library, fragments=fragments,
                                ages=AGES),
             **guidance_pages(None, library, messages, fragments)}
    for activity in library.activities.values():
        pages[f"activities/{activity.id}.md"] = render(
            "activity.md.j2", messages, activity=activity, assignment=sample_dose(activity), plan=None,
            video=video_view(activity), fragments=fragments, library=library, to_root=ACTIVITY_PAGE_TO_ROOT)
    return pages


def sample_dose(activity: Activity) -> Assignment:
    """How a plan might assign the activity: its usual minutes, three days a week."""
    return Assignment(activity=activity, minutes=activity.minutes, days=("mon", "wed", "fri"), routine=None, note=None)


def library_nav(library: Library, messages: Messages) -> list[Any]:
    _ = messages.gettext
    by_area: dict[str, list[Any]] = {}
    for activity in library.activities.values():
        by_area.setdefault(activity.area, []).append({activity.title: f"activities/{activity.id}.md"})
    return [
        {_("Library"): "index.md"},
        {_("Activities"): [{area.name: by_area[key]} for key, area in library.areas.items() if key in by_area]},
        guidance_nav(messages),
    ]
