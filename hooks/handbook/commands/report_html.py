"""``handbook report --html``: the caseload as one self-contained page (inline style, no script, no request)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..core.file_replace import replace_file, write_failed
from ..core.problems import display_path
from ..render.templates import TEMPLATES
from .caseload import CHART_WEEKS, FamilyReport, Week, often_hard_text
from .report import Caseload

TEMPLATE = "caseload_report.html.j2"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAY_HEIGHT, BAR_STEP, CHART_TOP = 9, 36, 6  # px: one practice day, one week, room above a full week


@dataclass(frozen=True)
class Bar:
    """One week of the chart, placed, with the sentence a screen reader gets instead."""

    x: int
    planned_y: int
    planned_height: int
    practised_y: int
    practised_height: int
    label: str
    text: str
    covered: bool


@dataclass(frozen=True)
class FamilyView:
    anchor: str
    report: FamilyReport
    bars: list[Bar]
    hard: str


def short_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def long_date(day: dt.date | str | None) -> str:
    if day is None:
        return "none"
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def bars(weeks: list[Week]) -> list[Bar]:
    """The chart's bars: a pale one for the planned days of a week, a dark one in it for the days practised."""
    base = CHART_TOP + 7 * DAY_HEIGHT
    found = []
    for number, week in enumerate(weeks):
        start = dt.date.fromisoformat(week.start)
        covered = week.not_covered < week.days
        if not covered:
            text = "no copy of the star chart covers this week yet"
        else:
            text = f"practised on {week.practised} of {_days(week.planned)} planned"
            if week.not_covered:
                text += f" ({_days(week.not_covered)} not in a copy yet)"
        found.append(Bar(x=number * BAR_STEP + 4, planned_y=base - week.planned * DAY_HEIGHT,
                         planned_height=week.planned * DAY_HEIGHT,
                         practised_y=base - week.practised * DAY_HEIGHT, practised_height=week.practised * DAY_HEIGHT,
                         label=short_date(start), text=f"Week of {long_date(start)}: {text}", covered=covered))
    return found


def hard_summary(report: FamilyReport) -> str:
    """The activities marked hard twice or more, with their counts, and how many more were marked hard once."""
    often = often_hard_text(report)
    once = sum(1 for a in report.hard if a.hard == 1)
    rest = f"{once} {'other' if once == 1 else 'others'} once" if once else ""
    return "; ".join(part for part in (often, rest) if part) or "nothing"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def render_caseload(caseload: Caseload) -> str:
    """The page: needs attention first, then the others, the families with no copy, and an A-to-Z list."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["long_date"] = long_date
    views = [FamilyView(anchor=f"family-{number}", report=report, bars=bars(report.weeks), hard=hard_summary(report))
             for number, report in enumerate(caseload.reports, 1)]
    return env.get_template(TEMPLATE).render(
        caseload=caseload, bad_files=len({p.file for p in caseload.problems}),
        attention=[v for v in views if v.report.attention],
        on_track=[v for v in views if not v.report.attention],
        by_name=sorted(views, key=lambda v: (v.report.child.casefold(), v.report.family or "")),
        weeks=CHART_WEEKS, chart_width=CHART_WEEKS * BAR_STEP + 4, chart_height=CHART_TOP + 7 * DAY_HEIGHT + 16,
        base=CHART_TOP + 7 * DAY_HEIGHT)


def write_caseload(path: Path, caseload: Caseload, root: Path | None = None) -> None:
    """Write the page in one step; raises HandbookError when the disk refuses it."""
    try:
        replace_file(path, render_caseload(caseload))
    except OSError as err:
        raise write_failed(display_path(path, root), "the report", "nothing was written", err) from None
