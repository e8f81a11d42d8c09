"""``handbook report``: the caseload view, from the star-chart copies parents send, for the check-in calls.

An export (``family-handbook-log`` version 1, written by the reward log on the family's site) holds one
entry per activity ticked off on a date; ``log_export`` reads it, ``caseload`` finds its family and counts,
``report_html`` writes the page. This module gathers the files and writes the lines for the terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.problems import HandbookError, Problem, display_path
from .caseload import (
    QUIET_DAYS,
    FamilyReport,
    KnownFamily,
    build_reports,
    chart_end,
    current_streak,
    families_by_token,
    known_families,
    longest_streak,
    often_hard_text,
    silent_reports,
)
from .log_export import DATE, LogExport, clean_text, export_files, read_export

__all__ = ["Caseload", "FamilyReport", "KnownFamily", "build_reports", "caseload_report", "current_streak",
           "families_by_token", "known_families", "longest_streak", "parse_day", "read_export", "report_lines",
           "summary_lines"]


@dataclass
class Caseload:
    """Everything one ``handbook report`` shows: the families, the plans with no copy, the files not read."""

    as_of: dt.date
    reports: list[FamilyReport]
    silent: list[FamilyReport] = field(default_factory=list)  # current plans with no copy in the folder(s)
    problems: list[Problem] = field(default_factory=list)  # files skipped, with why
    files: int = 0


def caseload_report(paths: Iterable[Path], known: list[KnownFamily], *, root: Path | None = None,
                    since: dt.date | None = None, as_of: dt.date) -> Caseload:
    """Read every file (a folder: its .json and .csv files); a file that cannot be read is skipped with its problem.

    When a folder is given, the current families with no copy in it are listed too.
    """
    exports: list[LogExport] = []
    problems: list[Problem] = []
    folder_given = False
    count = 0
    for path in paths:
        if path.is_dir():
            folder_given = True
            files = export_files(path)
            if not files:
                problems.append(Problem(clean_text(display_path(path, root)), 0, "there is no .json or .csv file "
                                        "in this folder", "put the copies the families sent in it, or name the files"))
        else:
            files = [path]
        for file in files:
            count += 1
            try:
                exports.append(read_export(file, root))
            except HandbookError as err:
                problems.extend(err.problems)
    reports = build_reports(exports, known, since=since, as_of=as_of)
    silent = silent_reports(known, reports, since, as_of, chart_end(exports, as_of)) if folder_given else []
    return Caseload(as_of=as_of, reports=reports, silent=silent, problems=problems, files=count)


def report_lines(report: FamilyReport, as_of: dt.date | None = None) -> tuple[str, list[str]]:
    """A heading and short lines to read out on the check-in call."""
    if not report.practice_days:
        return report.name, [*_attention(report), _last_log(report, as_of), "No practice logged yet."
                             if not report.last_log else "No practice logged in this period."]
    per_day = report.minutes / report.practice_days
    lines = [
        *_attention(report),
        f"From {report.first_day} to {report.last_day} ({_plural(len(report.files), 'export')})",
        "Practice days   " + _practice_days(report),
        f"Minutes         {report.minutes}{_minutes_planned(report)}" +
        (f" (about {per_day:.0f} a practice day)" if report.minutes else ""),
        _last_log(report, as_of),
        f"Streak          {_plural(report.streak, 'day')} now, longest {report.longest_streak}",
        f"Stars           {report.stars_earned} earned, {report.stars_claimed} spent on rewards",
        "Marked hard     " + hard_text(report),
        "Done            " + ", ".join(f"{a.title} ×{a.times}" for a in report.activities),
    ]
    return report.name, lines


def summary_lines(caseload: Caseload) -> list[str]:
    """What comes after the families: who has not logged lately, and whose copy is missing."""
    lines = []
    quiet = [r for r in caseload.reports if r.no_log_14_days]
    if quiet and len(caseload.reports) > 1:
        lines.append(f"No log in {QUIET_DAYS} days (to {caseload.as_of}): " + ", ".join(r.name for r in quiet))
    if caseload.silent:
        lines.append("No copy in the folder from: " + ", ".join(r.name for r in caseload.silent))
    return lines


def hard_text(report: FamilyReport) -> str:
    """The activities marked hard twice or more with their counts, then those marked hard once."""
    often = often_hard_text(report)
    once = ", ".join(a.title for a in report.hard if a.hard == 1)
    return "; ".join(part for part in (often, once and f"once: {once}") if part) or "nothing"


def _attention(report: FamilyReport) -> list[str]:
    return ["Needs attention " + "; ".join(report.attention)] if report.attention else []


def _practice_days(report: FamilyReport) -> str:
    if report.days_planned is None:
        return f"{report.practice_days} of {report.days} days"
    text = f"{report.planned_days_practised} of {_plural(report.days_planned, 'planned day')}"
    extra = report.practice_days - (report.planned_days_practised or 0)
    return text + (f", and {_plural(extra, 'other day')}" if extra else "")


def _minutes_planned(report: FamilyReport) -> str:
    return f" of {report.minutes_planned} planned" if report.minutes_planned is not None else ""


def _last_log(report: FamilyReport, as_of: dt.date | None) -> str:
    if report.last_log is None:
        return "Last log        none"
    ago = report.days_since_log
    when = "" if as_of is None or ago is None or ago < 0 else \
        " (today)" if ago == 0 else " (yesterday)" if ago == 1 else f" ({ago} days ago)"
    return f"Last log        {report.last_log}{when}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def parse_day(value: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` from the command line; ValueError with the sentence to show otherwise."""
    if value is None:
        return None
    text = value.strip()
    if DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"'{clean_text(value)}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-01")
