"""The caseload behind ``handbook report``: which plan each export belongs to, and the figures per family.

An export is matched to its family by the star chart's id (``log``), then by its link, then by an old link
whose fingerprint the plan keeps (``previous_links``), so the copies sent before and after a rotation join
one family. Plans in ``families/archive/`` are read too: a family taken down may still send a last copy.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core import clock
from ..core.containment import outside_links
from ..core.families_folder import ARCHIVE, archived_plans, loose_plan_data
from ..core.library import Library
from ..core.plan import DAYS, PlanDefaults, load_plan, plan_files
from ..core.problems import HandbookError
from ..core.project import Project
from ..core.safety import link_hash
from .log_export import LogExport, clean_text

QUIET_DAYS = 14  # no log in this many days up to today: the family needs a call
UNDER_PLAN = 0.5  # fewer than half the planned days practised is far under plan
CHART_WEEKS = 8
EVERY_DAY = frozenset(range(7))


def today() -> dt.date:
    """The day the report counts "no log in 14 days" from (``--today`` or HANDBOOK_TODAY give another)."""
    return clock.today()


@dataclass(frozen=True)
class KnownFamily:
    """A family as its plan describes it today."""

    family: str
    child: str
    practice_days: frozenset[int]  # weekdays (0 = Monday) with something planned
    token: str = ""
    log: str | None = None
    previous: tuple[str, ...] = ()  # link_hash of the family's old links
    minutes: tuple[int, ...] | None = None  # planned minutes Monday..Sunday; None when the plan cannot be read
    starts: dt.date | None = None
    archived: bool = False


def known_families(project: Project) -> list[KnownFamily]:
    """Every plan in ``families/`` and ``families/archive/``; a plan with problems still counts, as if it
    planned every day (its minutes unknown)."""
    library: Library | None = None
    defaults: PlanDefaults | None = None
    try:
        library = project.library()
        defaults = project.settings(library)  # the therapist's details and defaults from handbook.yaml
    except HandbookError:
        pass
    outside = outside_links(project.families_dir, project.root)  # never read a file outside families/
    paths = [(path, False) for path in plan_files(project.families_dir).values()]
    if project.families_dir / ARCHIVE not in outside:
        paths += [(path, True) for path in archived_plans(project.families_dir).values()]
    return [family for path, archived in paths
            if path not in outside and (family := _known(path, library, defaults, project.root, archived))]


def _known(path: Path, library: Library | None, defaults: PlanDefaults | None, root: Path,
           archived: bool) -> KnownFamily | None:
    if library is not None and defaults is not None:
        try:
            plan = load_plan(path, library, root, defaults)
        except HandbookError:
            pass
        else:
            return KnownFamily(
                family=path.stem, child=plan.child, token=plan.link, log=plan.log, previous=plan.previous_links,
                practice_days=frozenset(i for i, day in enumerate(DAYS) if plan.activities_on(day)),
                minutes=tuple(plan.minutes_on(day) for day in DAYS), starts=plan.starts, archived=archived)
    data = loose_plan_data(path, root)
    if data is None or not isinstance(data.get("link"), str):
        return None
    previous = data.get("previous_links")
    return KnownFamily(
        family=path.stem, child=str(data.get("child") or path.stem), practice_days=EVERY_DAY, token=data["link"],
        log=data["log"] if isinstance(data.get("log"), str) else None,
        previous=tuple(str(h) for h in previous) if isinstance(previous, list) else (), archived=archived)


def families_by_token(project: Project) -> dict[str, KnownFamily]:
    """``token -> family`` from every plan (``known_families`` by its current link)."""
    return {family.token: family for family in known_families(project)}


@dataclass(frozen=True)
class Match:
    family: KnownFamily | None
    by: str | None  # "log", "link", "previous link" or None


class Matcher:
    """Finds an export's family; a current plan wins over an archived one with the same id or link."""

    def __init__(self, families: Iterable[KnownFamily]) -> None:
        ordered = sorted(families, key=lambda f: not f.archived)  # archived first, so current plans overwrite
        self.by_log = {f.log: f for f in ordered if f.log}
        self.by_token = {f.token: f for f in ordered if f.token}
        self.by_hash = {h: f for f in ordered for h in f.previous}

    def match(self, export: LogExport) -> Match:
        if export.log and export.log in self.by_log:
            return Match(self.by_log[export.log], "log")
        if not export.token:
            return Match(None, None)
        family, by = self.by_token.get(export.token), "link"
        if family is None:
            family, by = self.by_hash.get(link_hash(export.token)), "previous link"
        if family is not None and export.log and family.log and family.log != export.log:
            return Match(None, None)  # another family's star chart: never joined for its link (as log_store.js)
        return Match(family, by) if family else Match(None, None)


@dataclass(frozen=True)
class ActivityFigures:
    activity: str
    title: str
    times: int
    minutes: int
    hard: int
    rated: int


@dataclass(frozen=True)
class Week:
    """One Monday-to-Sunday week of the chart: planned and practised days, and days no copy covers yet."""

    start: str
    planned: int
    practised: int
    days: int  # days of the week up to today (7 but in the week of today)
    not_covered: int  # of those, the days after the last copy's date


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
    archived: bool = False
    matched_by: str | None = None
    days_planned: int | None = None  # days of the period with an activity in the plan; None: no plan
    planned_days_practised: int | None = None
    minutes_planned: int | None = None  # None: no plan, or one whose minutes could not be read
    last_log: str | None = None
    days_since_log: int | None = None
    no_log_14_days: bool = False
    often_hard: list[ActivityFigures] = field(default_factory=list)  # marked hard twice or more
    attention: list[str] = field(default_factory=list)  # why this family needs a call, most urgent first
    weeks: list[Week] = field(default_factory=list)  # the last CHART_WEEKS weeks up to today, oldest first

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def name(self) -> str:
        """The child and the family id, or what tells an export with no plan apart."""
        if self.family:
            return f"{self.child} ({self.family}{', archived' if self.archived else ''})"
        if self.token:
            return f"{self.child} (unknown family, link {self.token[:4]}…)"
        return f"{self.child} (spreadsheet export: no link to tell the family)"

    @property
    def adherence(self) -> float:
        """The share of planned days practised (1 when nothing was planned)."""
        if not self.days_planned:
            return 1.0
        return (self.planned_days_practised or 0) / self.days_planned


def build_reports(exports: Iterable[LogExport], known: dict[str, KnownFamily] | Iterable[KnownFamily],
                  since: dt.date | None = None, as_of: dt.date | None = None) -> list[FamilyReport]:
    """One report per family, needs-attention first: its exports merged, a day's repeated entry counted once.

    The charts end with the week of the newest copy (or of ``as_of``, when that is earlier), the same for every
    family, so a family whose copies stopped shows its weeks with no copy.
    """
    exports = list(exports)
    families = list(known.values()) if isinstance(known, dict) else list(known)
    matcher = Matcher(families)
    groups: dict[str, tuple[Match, list[LogExport]]] = {}
    for export in exports:
        match = matcher.match(export)
        key = f"family:{match.family.family}:{match.family.archived}" if match.family else \
            f"log:{export.log}" if export.log else f"link:{export.token}" if export.token else f"file:{export.file}"
        groups.setdefault(key, (match, []))[1].append(export)
    day = as_of or today()
    to = chart_end(exports, day)
    return sort_by_attention(_family_report(group, match, since, day, to) for match, group in groups.values())


def chart_end(exports: Iterable[LogExport], as_of: dt.date) -> dt.date:
    """The newest day any copy covers, but never after ``as_of``."""
    days = [d for x in exports for d in (x.exported, max((e.date for e in x.entries), default=None)) if d]
    return min(max(days), as_of) if days else as_of


def silent_reports(known: Iterable[KnownFamily], reports: Iterable[FamilyReport], since: dt.date | None,
                   as_of: dt.date, chart_to: dt.date | None = None) -> list[FamilyReport]:
    """An empty report for each current family with no export among ``reports``, by name."""
    sent = {r.family for r in reports if r.family and not r.archived}
    silent = sorted((f for f in known if not f.archived and f.family not in sent),
                    key=lambda f: (f.child.casefold(), f.family))
    return [replace(_family_report([], Match(f, None), since, as_of, chart_to or as_of),
                    attention=["no copy of the star chart in the folder"]) for f in silent]


def sort_by_attention(reports: Iterable[FamilyReport]) -> list[FamilyReport]:
    """Longest without a log first, then furthest under plan, then activities marked hard most times; then the
    others, most activities marked hard twice or more and least practised first; then by name."""
    return sorted(reports, key=lambda r: (*_rank(r), r.child.casefold(), r.family or ""))


def _rank(report: FamilyReport) -> tuple[int, float, float]:
    if report.no_log_14_days:
        return 0, -(report.days_since_log if report.days_since_log is not None else 10**6), report.adherence
    if report.adherence < UNDER_PLAN and report.attention:
        return 1, report.adherence, 0
    return (2 if report.attention else 3), -len(report.often_hard), report.adherence


def _family_report(group: list[LogExport], match: Match, since: dt.date | None, as_of: dt.date,
                   chart_to: dt.date) -> FamilyReport:
    plan = match.family
    token = plan.token if plan else group[0].token
    child = plan.child if plan else clean_text(group[0].child or group[0].file)
    weekdays = plan.practice_days if plan else EVERY_DAY
    every = sorted({(e.date, e.activity): e for export in group for e in export.entries}.values(),
                   key=lambda e: e.date)
    exported = [x.exported for x in group if x.exported]
    end = max(exported + [e.date for e in every[-1:]]) if exported or every else None
    starts = [d for d in (since, plan.starts if plan else None) if d]
    start = max(starts) if starts else (every[0].date if every else None)
    entries = [e for e in every if start is None or e.date >= start]
    claims = sorted({(c.date, c.stars, c.reward): c for x in group for c in x.claims
                     if start is None or c.date >= start}.values(), key=lambda c: c.date)
    days = sorted({e.date for e in entries})
    period = _days(start, end)
    figures = _activity_figures(entries)
    hard = sorted((f for f in figures if f.hard), key=lambda f: (-f.hard, f.title))
    last_log = every[-1].date if every else None
    quiet = (as_of - last_log).days if last_log else None
    report = FamilyReport(
        family=plan.family if plan else None, child=child, token=token, files=[x.file for x in group],
        first_day=start.isoformat() if start else None, last_day=end.isoformat() if end else None,
        days=len(period), practice_days=len(days), minutes=sum(e.minutes for e in entries),
        streak=current_streak(days, end, weekdays), longest_streak=longest_streak(days, weekdays),
        stars_earned=len(entries), stars_claimed=sum(c.stars for c in claims),
        hard=hard,
        activities=figures,
        rewards_claimed=[{"date": c.date.isoformat(), "stars": c.stars, "reward": c.reward} for c in claims],
        archived=plan.archived if plan else False, matched_by=match.by,
        days_planned=sum(1 for d in period if d.weekday() in weekdays) if plan else None,
        planned_days_practised=sum(1 for d in days if d.weekday() in weekdays) if plan else None,
        minutes_planned=sum(plan.minutes[d.weekday()] for d in period) if plan and plan.minutes else None,
        last_log=last_log.isoformat() if last_log else None, days_since_log=quiet,
        no_log_14_days=quiet is None or quiet >= QUIET_DAYS,
        often_hard=[f for f in hard if f.hard >= 2],
        weeks=_weeks(every, plan, end, chart_to),
    )
    return _with_attention(report)


def often_hard_text(report: FamilyReport) -> str:
    """The activities marked hard twice or more, with how often: 'Spoon Scooping (3 of 5), …'."""
    return ", ".join(f"{a.title} ({a.hard} of {a.times})" for a in report.often_hard)


def _with_attention(report: FamilyReport) -> FamilyReport:
    reasons = []
    if report.no_log_14_days:
        reasons.append(f"no log for {report.days_since_log} days" if report.days_since_log is not None
                       else "nothing logged yet")
    if report.days_planned and report.days_planned >= 4 and report.adherence < UNDER_PLAN:
        reasons.append(f"practised on {report.planned_days_practised} of {report.days_planned} planned days")
    mostly = [a for a in report.often_hard if a.hard * 2 >= a.times]
    if mostly:
        more = f" and {len(mostly) - 2} more" if len(mostly) > 2 else ""
        reasons.append("marked hard most times: " + ", ".join(a.title for a in mostly[:2]) + more)
    return replace(report, attention=reasons)


def _days(start: dt.date | None, end: dt.date | None) -> list[dt.date]:
    if start is None or end is None or end < start:
        return []
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def _weeks(entries: list[Any], plan: KnownFamily | None, end: dt.date | None, as_of: dt.date) -> list[Week]:
    """The CHART_WEEKS weeks up to ``as_of``'s: planned from the plan's start (or the first entry)."""
    practised = {e.date for e in entries}
    begins = (plan.starts if plan and plan.starts else None) or (entries[0].date if entries else None)
    weekdays = plan.practice_days if plan else EVERY_DAY
    monday = as_of - dt.timedelta(days=as_of.weekday())
    weeks = []
    for back in range(CHART_WEEKS - 1, -1, -1):
        first = monday - dt.timedelta(weeks=back)
        days = [first + dt.timedelta(days=n) for n in range(7) if first + dt.timedelta(days=n) <= as_of]
        covered = [d for d in days if end is not None and d <= end]
        weeks.append(Week(
            start=first.isoformat(),
            planned=sum(1 for d in covered if begins is not None and d >= begins and d.weekday() in weekdays),
            practised=sum(1 for d in covered if d in practised), days=len(days),
            not_covered=len(days) - len(covered)))
    return weeks


def _activity_figures(entries: list[Any]) -> list[ActivityFigures]:
    times = Counter(e.activity for e in entries)
    titles = {e.activity: e.title for e in entries}  # the latest title wins (entries are sorted by date)
    return [ActivityFigures(
        activity=activity, title=titles[activity], times=count,
        minutes=sum(e.minutes for e in entries if e.activity == activity),
        hard=sum(1 for e in entries if e.activity == activity and e.rating == "hard"),
        rated=sum(1 for e in entries if e.activity == activity and e.rating),
    ) for activity, count in sorted(times.items(), key=lambda item: (-item[1], titles[item[0]]))]


def current_streak(days: list[dt.date], as_of: dt.date | None, planned: frozenset[int] = EVERY_DAY) -> int:
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


def longest_streak(days: list[dt.date], planned: frozenset[int] = EVERY_DAY) -> int:
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

