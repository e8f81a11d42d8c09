"""``handbook report``: practice figures from the reward-log exports parents send, for the check-in call.

An export (``family-handbook-log`` version 1, written by the reward log on the family's site) holds
one entry per activity ticked off on a date. The family is found from the export's link token via
the plans; the family id itself is never in an export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core.containment import outside_links
from ..core.library import Library
from ..core.plan import DAYS, load_plan, plan_files
from ..core.problems import HandbookError, Problem, display_path
from ..core.project import Project
from ..core.yamlsource import decode_text, parse_yaml

SCHEMA, VERSION = "family-handbook-log", 1
RATINGS = ("easy", "just-right", "hard")
CSV_COLUMNS = ("date", "activity", "title", "minutes", "rating")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ASK_AGAIN = "ask the family to export the log again from their practice page"


@dataclass(frozen=True)
class Entry:
    """One activity ticked off on one day."""

    date: dt.date
    activity: str
    title: str
    minutes: int
    rating: str | None


@dataclass(frozen=True)
class Claim:
    date: dt.date
    stars: int
    reward: str


@dataclass
class LogExport:
    """One export file, read and checked."""

    file: str
    token: str | None
    child: str | None
    exported: dt.date | None
    entries: list[Entry]
    claims: list[Claim] = field(default_factory=list)


@dataclass(frozen=True)
class ActivityFigures:
    activity: str
    title: str
    times: int
    minutes: int
    hard: int
    rated: int


@dataclass(frozen=True)
class FamilyReport:
    """The figures for one family, over all the exports it sent."""

    family: str | None
    child: str
    token: str | None
    files: list[str]
    first_day: str | None
    last_day: str | None
    days: int
    practice_days: int
    minutes: int
    streak: int
    longest_streak: int
    stars_earned: int
    stars_claimed: int
    hard: list[ActivityFigures]
    activities: list[ActivityFigures]
    rewards_claimed: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def read_export(path: Path, root: Path | None = None) -> LogExport:
    """Read a JSON (or CSV) export; raises HandbookError naming the file, line and what to do."""
    file = display_path(path, root)
    text = decode_text(path.read_bytes(), file)
    if path.suffix.lower() == ".csv":
        return _read_csv(text, file)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise HandbookError([Problem(file, err.lineno, f"this is not a complete log export ({err.msg})",
                                     ASK_AGAIN + ", and send the file without editing it")]) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise HandbookError([Problem(file, 1, "this is not a Family Handbook log export",
                                     ASK_AGAIN + " (the file is named like stars-<child>-<date>.json)")])
    if data.get("version") != VERSION:
        raise HandbookError([Problem(file, 1, f"this export is version {data.get('version')!r}; "
                                     f"this handbook reads version {VERSION}",
                                     "update the handbook (pip install -U family-handbook), "
                                     "then run the report again")])
    entry_lines = _object_lines(text, "entries")
    claim_lines = _object_lines(text, "rewards_claimed")
    problems: list[Problem] = []
    entries = [e for i, item in enumerate(_list(data, "entries", file, problems))
               if (e := _entry(item, i, file, entry_lines, problems))]
    claims = [c for i, item in enumerate(_list(data, "rewards_claimed", file, problems))
              if (c := _claim(item, i, file, claim_lines, problems))]
    if problems:
        raise HandbookError(problems)
    exported = str(data.get("exported_at") or "")[:10]
    return LogExport(file=file, token=_text(data.get("link")), child=_text(data.get("child")),
                     exported=dt.date.fromisoformat(exported) if DATE.fullmatch(exported) else None,
                     entries=entries, claims=claims)


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _list(data: dict[str, Any], key: str, file: str, problems: list[Problem]) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        problems.append(Problem(file, 1, f"'{key}' is not a list", ASK_AGAIN))
        return []
    return value


def _entry(item: Any, index: int, file: str, lines: list[int], problems: list[Problem]) -> Entry | None:
    line = lines[index] if index < len(lines) else 1
    what = _entry_problem(item)
    if what:
        problems.append(Problem(file, line, f"entry {index + 1} {what}", ASK_AGAIN))
        return None
    return Entry(date=dt.date.fromisoformat(item["date"]), activity=item["activity"],
                 title=_text(item.get("title")) or item["activity"], minutes=item["minutes"],
                 rating=item.get("rating"))


def _entry_problem(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "is not a record"
    if not _is_date(item.get("date")):
        return f"has no valid date (found {item.get('date')!r})"
    if not isinstance(item.get("activity"), str) or not item["activity"].strip():
        return "has no activity"
    if type(item.get("minutes")) is not int or item["minutes"] < 0:
        return f"has minutes {item.get('minutes')!r} instead of a whole number"
    if item.get("rating") not in (*RATINGS, None):
        return f"has the rating {item.get('rating')!r}; expected easy, just-right, hard or none"
    return None


def _claim(item: Any, index: int, file: str, lines: list[int], problems: list[Problem]) -> Claim | None:
    line = lines[index] if index < len(lines) else 1
    if not (isinstance(item, dict) and _is_date(item.get("date")) and type(item.get("stars")) is int):
        problems.append(Problem(file, line, f"reward {index + 1} needs a date and a whole number of stars",
                                ASK_AGAIN))
        return None
    return Claim(date=dt.date.fromisoformat(item["date"]), stars=item["stars"],
                 reward=_text(item.get("reward")) or "a reward")


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _object_lines(text: str, key: str) -> list[int]:
    """The line where each ``{`` of the list under ``"key"`` starts, for messages that point at an entry."""
    start = text.find(f'"{key}"')
    if start < 0:
        return []
    lines, depth, in_string, escaped = [], 0, False, False
    line = text.count("\n", 0, start) + 1
    for char in text[start + len(key) + 2:]:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if char == "{" and depth == 2:
                lines.append(line)
        elif char in "]}":
            depth -= 1
            if depth <= 0:
                break
    return lines


def _read_csv(text: str, file: str) -> LogExport:
    """The spreadsheet export: the same entries, but no link, child or rewards."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
        raise HandbookError([Problem(file, 1, f"the columns are not {','.join(CSV_COLUMNS)}",
                                     ASK_AGAIN + "; the .json file works best")])
    entries, problems = [], []
    for row in reader:
        minutes = int(row["minutes"]) if (row["minutes"] or "").isdigit() else row["minutes"]
        item: dict[str, Any] = {**row, "minutes": minutes, "rating": row["rating"] or None}
        what = _entry_problem(item)
        if what:
            problems.append(Problem(file, reader.line_num, f"this row {what}", ASK_AGAIN))
            continue
        entries.append(Entry(date=dt.date.fromisoformat(item["date"]), activity=item["activity"],
                             title=_unguarded(item["title"]) or item["activity"], minutes=item["minutes"],
                             rating=item["rating"]))
    if problems:
        raise HandbookError(problems)
    return LogExport(file=file, token=None, child=None, exported=None, entries=entries)


@dataclass(frozen=True)
class KnownFamily:
    """A family as its plan describes it today."""

    family: str
    child: str
    practice_days: frozenset[int]  # weekdays (0 = Monday) with something planned


def _unguarded(cell: str) -> str:
    """Undo the quote the export puts before a cell that a spreadsheet would run as a formula."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


def families_by_token(project: Project) -> dict[str, KnownFamily]:
    """``token -> family`` from every plan; a plan with problems still counts, as if it planned every day."""
    every_day = frozenset(range(7))
    try:
        library: Library | None = project.library()
    except HandbookError:
        library = None
    found: dict[str, KnownFamily] = {}
    outside = outside_links(project.families_dir, project.root)  # never read a file outside families/
    for path in plan_files(project.families_dir).values():
        if path in outside:
            continue
        if library is not None:
            try:
                plan = load_plan(path, library, project.root)
            except HandbookError:
                pass
            else:
                days = frozenset(i for i, day in enumerate(DAYS) if plan.activities_on(day))
                found[plan.link] = KnownFamily(path.stem, plan.child, days)
                continue
        try:
            data = parse_yaml(decode_text(path.read_bytes(), path.name), path.name).data
        except HandbookError:
            continue
        if isinstance(data, dict) and isinstance(data.get("link"), str):
            found[data["link"]] = KnownFamily(path.stem, str(data.get("child") or path.stem), every_day)
    return found


def build_reports(exports: Iterable[LogExport], known: dict[str, KnownFamily],
                  since: dt.date | None = None) -> list[FamilyReport]:
    """One report per family: exports with the same link are merged, a day's repeated entry counted once."""
    groups: dict[str, list[LogExport]] = {}
    for export in exports:
        groups.setdefault(export.token or f"file:{export.file}", []).append(export)
    return [_family_report(group, known, since) for group in groups.values()]


def _family_report(group: list[LogExport], known: dict[str, KnownFamily],
                   since: dt.date | None) -> FamilyReport:
    token = group[0].token
    plan = known.get(token or "")
    family, child = (plan.family, plan.child) if plan else (None, group[0].child or group[0].file)
    weekdays = plan.practice_days if plan else frozenset(range(7))
    unique = {(e.date, e.activity): e for export in group for e in export.entries}
    entries = sorted((e for e in unique.values() if since is None or e.date >= since), key=lambda e: e.date)
    claims = sorted({(c.date, c.stars, c.reward): c for x in group for c in x.claims
                     if since is None or c.date >= since}.values(), key=lambda c: c.date)
    days = sorted({e.date for e in entries})
    exported = [x.exported for x in group if x.exported]
    as_of = max(exported + days[-1:]) if exported or days else None
    start = since or (days[0] if days else None)
    figures = _activity_figures(entries)
    return FamilyReport(
        family=family, child=child, token=token, files=[x.file for x in group],
        first_day=start.isoformat() if start else None, last_day=as_of.isoformat() if as_of else None,
        days=(as_of - start).days + 1 if start and as_of and as_of >= start else 0,
        practice_days=len(days), minutes=sum(e.minutes for e in entries),
        streak=current_streak(days, as_of, weekdays), longest_streak=longest_streak(days, weekdays),
        stars_earned=len(entries), stars_claimed=sum(c.stars for c in claims),
        hard=sorted((f for f in figures if f.hard), key=lambda f: (-f.hard, f.title)),
        activities=figures,
        rewards_claimed=[{"date": c.date.isoformat(), "stars": c.stars, "reward": c.reward} for c in claims],
    )


def _activity_figures(entries: list[Entry]) -> list[ActivityFigures]:
    times = Counter(e.activity for e in entries)
    titles = {e.activity: e.title for e in entries}  # the latest title wins (entries are sorted by date)
    return [ActivityFigures(
        activity=activity, title=titles[activity], times=count,
        minutes=sum(e.minutes for e in entries if e.activity == activity),
        hard=sum(1 for e in entries if e.activity == activity and e.rating == "hard"),
        rated=sum(1 for e in entries if e.activity == activity and e.rating),
    ) for activity, count in sorted(times.items(), key=lambda item: (-item[1], titles[item[0]]))]


def current_streak(days: list[dt.date], as_of: dt.date | None, planned: frozenset[int] = frozenset(range(7))) -> int:
    """Practice days in a row up to ``as_of``, counted like the family's star chart does.

    A day with nothing planned and nothing done does not break the streak, and ``as_of`` itself
    only counts once something was done that day.
    """
    if not days or as_of is None:
        return 0
    practised = set(days)
    day = as_of if as_of in practised else as_of - dt.timedelta(days=1)
    count = 0
    while day >= days[0]:
        if day in practised:
            count += 1
        elif day.weekday() in planned:
            break
        day -= dt.timedelta(days=1)
    return count


def longest_streak(days: list[dt.date], planned: frozenset[int] = frozenset(range(7))) -> int:
    """The longest run of practice days, by the same rule as ``current_streak``."""
    practised = set(days)
    best = run = 0
    day = days[0] if days else None
    while day is not None and day <= days[-1]:
        if day in practised:
            run += 1
            best = max(best, run)
        elif day.weekday() in planned:
            run = 0
        day += dt.timedelta(days=1)
    return best


def report_lines(report: FamilyReport) -> tuple[str, list[str]]:
    """A heading and short lines to read out on the check-in call."""
    who = f"{report.child} ({report.family})" if report.family else f"{report.child} (link not in any plan: rotated?)"
    if report.token is None:
        who = f"{report.child} (spreadsheet export: no link to tell the family)"
    if not report.practice_days:
        return who, ["No practice logged yet."]
    per_day = report.minutes / report.practice_days
    lines = [
        f"From {report.first_day} to {report.last_day} ({_plural(len(report.files), 'export')})",
        f"Practice days   {report.practice_days} of {report.days}",
        f"Minutes         {report.minutes} (about {per_day:.0f} a practice day)" if report.minutes else
        "Minutes         0",
        f"Streak          {_plural(report.streak, 'day')} now, longest {report.longest_streak}",
        f"Stars           {report.stars_earned} earned, {report.stars_claimed} spent on rewards",
        "Marked hard     " + (", ".join(f"{a.title} ({a.hard} of {a.times})" for a in report.hard) or "nothing"),
        "Done            " + ", ".join(f"{a.title} ×{a.times}" for a in report.activities),
    ]
    return who, lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
