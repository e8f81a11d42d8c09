"""The files of a family site that are not pages: the calendar and drawn video posters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .calendar_file import calendar_ics, has_calendar
from .library import Library
from .pages import poster_files
from .plan import Plan


def plan_stamp(plan_file: Path) -> dt.datetime:
    """When the plan last changed: the calendar's timestamp, the same for every build of the same files."""
    return dt.datetime.fromtimestamp(int(plan_file.stat().st_mtime), dt.timezone.utc)


def family_files(plan: Plan, library: Library, *, stamp: dt.datetime) -> dict[str, str | bytes]:
    """Every generated non-Markdown file of one family's site, by its path inside the site."""
    files: dict[str, str | bytes] = dict(poster_files([library.activities[a.id] for a in plan.activities]))
    if has_calendar(plan):
        files["calendar.ics"] = calendar_ics(plan, library, stamp=stamp)
    return files
