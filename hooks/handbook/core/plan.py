"""A family's plan, ``families/<family>.yaml``: parsed once into typed data and checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .clock import today
from .families_folder import archived_plans, plan_paths, stray_entries
from .first_written import when_first_written
from .library import Activity, Library
from .problems import HandbookError, Problem, did_you_mean, display_path
from .safety import MIN_TOKEN_CHARS, TOKEN, is_family_id, link_names
from .token_strength import token_weakness
from .yamlsource import Located, curly_quote_hint, decode_text, parse_yaml

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True))
FULL_DAY_NAMES = {name.lower(): day for day, name in DAY_NAMES.items()}
DAY_WORDS = {"daily": DAYS, "weekdays": DAYS[:5], "weekends": DAYS[5:]}
PLAN_KEYS = ("child", "age", "link", "log", "previous_links", "therapist", "focus", "daily_minutes", "practice_time",
             "routines", "starts", "review", "changes", "check_ins", "activities", "format", "rewards")
BIRTH_DATE_KEYS = ("birthday", "birth_date", "birthdate", "date_of_birth", "dob", "born")
BIRTH_DATE_TODO = ("write only the age in whole years, e.g. 'age: 5': a birth date identifies a child, and the plan "
                   "needs only the age to check the activities fit")
OLDEST_CHILD = 21
DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
REQUIRED_PLAN_KEYS = ("child", "link", "therapist", "focus", "activities", "rewards")
THERAPIST_KEYS = ("name", "phone", "email", "prefers")
CONTACT_WAYS = ("phone", "email", "text")
CHECK_IN_KEYS = ("date", "time", "how", "note")
CHECK_IN_WAYS = ("in-session", "phone", "video")
CHECK_IN_WORDS = {"in session": "in-session"}  # "In session" and "in_session" mean in-session
ASSIGNMENT_KEYS = ("id", "minutes", "days", "routine", "time", "note")
FORMATS = ("digital", "print")
REWARD_KEYS = ("style", "small", "goal")
REWARD_STYLES = ("small-and-often", "save-up")
GOAL_KEYS = ("stars", "reward")
DEFAULT_DAILY_MINUTES = 5
DEFAULT_LANGUAGE = "en"  # the language of every site until plans name their own
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(r"\+?[0-9 ().-]{5,30}")  # lands in tel: and sms: links, so digits and spacing only
TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
LOG_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
LINK_HASH = re.compile(r"[0-9a-f]{32}")  # previous_links: hashes of old tokens (core.safety.link_hash), never tokens
NO_LOG_ID_TODO = "run 'handbook check --fix' to add one"
SETTINGS_FILE = "handbook.yaml"  # the therapist's details and defaults for every plan (core.settings)
STARTER_THERAPIST = {"name": "Your Name", "phone": "+1 555 0100", "email": "you@example.org"}  # refused if left


@dataclass(frozen=True)
class Therapist:
    name: str
    phone: str | None
    email: str | None
    prefers: str


@dataclass(frozen=True)
class CheckIn:
    date: dt.date
    how: str
    note: str | None
    time: str | None = None  # "HH:MM"; None: an all-day check-in


@dataclass(frozen=True)
class Assignment:
    """One library activity as assigned to this child, joined with it once: the dose and the therapist's note."""

    activity: Activity
    minutes: int
    days: tuple[str, ...]
    routine: str | None
    note: str | None
    time: str | None = None  # "HH:MM" for this activity's reminder, over its routine's time

    @property
    def id(self) -> str:
        return self.activity.id


@dataclass(frozen=True)
class Goal:
    stars: int
    reward: str


@dataclass(frozen=True)
class Rewards:
    style: str
    small: str | None
    goal: Goal | None


@dataclass(frozen=True)
class Plan:
    """Everything the site of one family is made from, besides the shared library."""

    family: str
    child: str
    link: str
    therapist: Therapist
    focus: tuple[str, ...]
    daily_minutes: int
    practice_time: str | None
    check_ins: tuple[CheckIn, ...]
    activities: tuple[Assignment, ...]
    format: str
    rewards: Rewards
    source: str
    age: int | None = None  # whole years, to check the activities fit; never a birth date
    log: str | None = None  # the star chart's id in the parent's browser: unlike the link, kept when it changes
    previous_links: tuple[str, ...] = ()  # hashes of the family's old links, whose star charts move to this one
    routines: tuple[tuple[str, str], ...] = ()  # (routine as written, "HH:MM"): reminder times
    starts: dt.date | None = None  # when this plan begins: the daily reminders start then
    review: dt.date | None = None  # when the therapist reviews the plan: the daily reminders end then
    changes: tuple[str, ...] = ()  # what changed in this version of the plan, for the parents' notice
    warnings: tuple[Problem, ...] = ()  # worth a look, but the site is built
    link_line: int = 1  # where 'link:' and 'log:' are written, for the problems of a copied plan
    log_line: int = 1

    def activities_on(self, day: str) -> tuple[Assignment, ...]:
        return tuple(a for a in self.activities if day in a.days)

    def reminder_time(self, assignment: Assignment) -> str | None:
        """When the calendar reminds of this activity: its own time, its routine's, or the plan's practice_time."""
        if assignment.time:
            return assignment.time
        times = {routine_key(name): time for name, time in self.routines}
        if assignment.routine and routine_key(assignment.routine) in times:
            return times[routine_key(assignment.routine)]
        return self.practice_time

    def minutes_on(self, day: str) -> int:
        return sum(a.minutes for a in self.activities_on(day))


@dataclass(frozen=True)
class PlanDefaults:
    """What a plan may leave out because the project's settings (``handbook.yaml``) give it once."""

    therapist: Therapist | None = None
    daily_minutes: int = DEFAULT_DAILY_MINUTES
    source: str = ""  # the settings file, for the messages


def load_plan(path: Path, library: Library, project_root: Path | None = None,
              defaults: PlanDefaults | None = None) -> Plan:
    """Read and check one plan file; raises HandbookError listing every problem."""
    file = display_path(path, project_root)
    if not is_family_id(path.stem):
        raise HandbookError([Problem(file, 1, f"'{path.stem}' cannot be a family id",
                                     "rename the file using only lowercase letters, digits and hyphens, "
                                     "e.g. families/rivera.yaml")])
    located = parse_yaml(decode_text(path.read_bytes(), file), file)
    return PlanReader(located, path.stem, library, defaults or PlanDefaults()).read()


class PlanReader:
    """Turns located YAML into a Plan, collecting every problem on the way."""

    def __init__(self, located: Located, family: str, library: Library,
                 defaults: PlanDefaults | None = None) -> None:
        self.src = located
        self.family = family
        self.library = library
        self.defaults = defaults or PlanDefaults()
        self.problems: list[Problem] = []
        self.assignment_lines: dict[str, int] = {}  # activity id -> the line of its '- id:'
        self.check_in_lines: dict[dt.date, int] = {}

    def bad(self, path: tuple[Any, ...], what: str, todo: str) -> None:
        self.problems.append(self.src.problem(path, what, todo))

    def read(self) -> Plan:
        data = self.src.data
        if data is None:
            raise HandbookError([Problem(self.src.file, 1, "the plan is empty",
                                         "start from 'handbook new <family> --child <name>', or copy a sample plan")])
        if not isinstance(data, dict):
            raise HandbookError([self.src.problem((), "the plan must be a set of 'key: value' lines, not a "
                                                  f"{_kind(data)}", "start each line with a key such as 'child:'")])
        for key in [k for k in data if str(k).lower() in BIRTH_DATE_KEYS]:
            self.bad((key,), "a birth date does not belong in the plan", BIRTH_DATE_TODO)
            del data[key]
        given = self.defaults.therapist
        self.keys((), data, PLAN_KEYS, tuple(k for k in REQUIRED_PLAN_KEYS if k != "therapist" or given is None))
        plan = Plan(
            family=self.family,
            child=self.text(("child",), data, "the child's first name or nickname") or "",
            link=self.link(data),
            therapist=self.therapist(data.get("therapist")) if given is None or "therapist" in data else given,
            focus=tuple(self.text_list(("focus",), data.get("focus"), required=True)),
            daily_minutes=self.minutes(("daily_minutes",), data.get("daily_minutes", self.defaults.daily_minutes)),
            practice_time=self.time_of_day(("practice_time",), data, "practice_time"),
            check_ins=self.check_ins(data.get("check_ins")),
            activities=self.assignments(data.get("activities")),
            format=self.choice(("format",), data.get("format", "digital"), FORMATS),
            rewards=self.rewards(data.get("rewards")),
            source=self.src.file,
            age=self.age(data),
            log=self.log_id(data),
            previous_links=self.previous_links(data.get("previous_links")),
            routines=self.routines(data.get("routines")),
            starts=self.date(("starts",), data),
            review=self.date(("review",), data),
            changes=tuple(self.text_list(("changes",), data.get("changes"))),
            link_line=self.src.line("link"),
            log_line=self.src.line("log"),
        )
        if not any(p.line == self.src.line("daily_minutes") for p in self.problems):
            self.check_budget(plan)
        if plan.starts is not None and plan.review is not None and plan.review < plan.starts:
            self.bad(("review",), f"the review ({plan.review.isoformat()}) comes before the plan starts "
                     f"({plan.starts.isoformat()})", "check both dates: 'starts:' is the plan's first day")
        if self.problems:
            raise HandbookError(self.problems)
        warnings = [*self.log_warnings(plan), *self.age_warnings(plan), *self.reminder_warnings(plan),
                    *self.date_warnings(plan)]
        return dataclasses.replace(plan, warnings=tuple(warnings))

    # -- generic checks -------------------------------------------------

    def keys(self, path: tuple[Any, ...], data: dict[str, Any], allowed: tuple[str, ...],
             required: tuple[str, ...] = ()) -> None:
        where = f" in {path[0]}" if path else ""
        for key in data:
            seen = re.sub(r"[\u00a0\u2007\u202f\u200b\ufeff]", "", str(key)).strip()
            if key not in allowed and seen in allowed:
                self.bad(path + (key,), f"'{seen}' has an invisible space in it (often pasted from an email or a web "
                         "page)", "delete this line and type it again")
            elif key not in allowed:
                self.bad(path + (key,), f"unknown key '{key}'{where}{did_you_mean(str(key), allowed)}",
                         f"use one of: {', '.join(allowed)}")
        for key in required:
            if key not in data or data[key] is None:
                self.bad(path + (key,) if key in data else path, f"'{key}' is missing{where}",
                         f"add '{key}:' ({_KEY_HELP.get(key, 'see the README')})")

    def text(self, path: tuple[Any, ...], data: dict[str, Any], meaning: str) -> str | None:
        """A text value; YAML's retyping (``No`` → false, ``1.0`` → float) is undone from the raw text."""
        value = data.get(path[-1])
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            self.bad(path, f"'{path[-1]}' must be a single piece of text ({meaning})",
                     f"write it on the same line, e.g. '{path[-1]}: ...'")
            return None
        text = self.src.raw.get(path, str(value)).strip()
        if not text:
            self.bad(path, f"'{path[-1]}' is empty", f"write {meaning}")
        if len(text) > 500:
            self.bad(path, f"'{path[-1]}' is {len(text)} characters long", "keep it under 500 characters")
        return text

    def text_list(self, path: tuple[Any, ...], value: Any, *, required: bool = False) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or (required and not value):
            self.bad(path, f"'{path[-1]}' must be a list", "write each item on its own line starting with '- '")
            return []
        items = []
        for i, item in enumerate(value):
            if isinstance(item, (dict, list)) or item is None:
                self.bad(path + (i,), f"item {i + 1} of '{path[-1]}' is not plain text", "write it as '- some words'")
            else:
                items.append(self.src.raw.get(path + (i,), str(item)).strip())
        return items

    def minutes(self, path: tuple[Any, ...], value: Any) -> int:
        if type(value) is not int or not 1 <= value <= 30:
            self.bad(path, f"'{path[-1]}' must be a whole number of minutes from 1 to 30, not '{value}'",
                     f"write e.g. '{path[-1]}: 2'")
            return 1
        return value

    def choice(self, path: tuple[Any, ...], value: Any, choices: tuple[str, ...]) -> str:
        if value not in choices:
            words = _as_words(value).replace(" ", "-")
            hint = f" (did you mean '{words}'?)" if words in choices else did_you_mean(words, choices)
            self.bad(path, f"'{path[-1]}' cannot be '{value}'{hint}", f"use one of: {', '.join(choices)}")
            return choices[0]
        return str(value)

    def mapping(self, path: tuple[Any, ...], value: Any, example: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            if value is not None:
                self.bad(path, f"'{path[-1]}' must be a set of 'key: value' pairs, not a {_kind(value)}",
                         f"write e.g. {example}")
            return None
        return value

    # -- the plan's parts -------------------------------------------------

    def link(self, data: dict[str, Any]) -> str:
        token = self.text(("link",), data, "the private link token")
        if token is None:
            return ""
        todo = f"run 'handbook rotate {self.family}' to write a new, safe token"
        if not TOKEN.fullmatch(token) or len(token) < MIN_TOKEN_CHARS:
            self.bad(("link",), f"the link token is {'too short' if TOKEN.fullmatch(token) else 'not valid'} "
                     f"(it needs at least {MIN_TOKEN_CHARS} letters, digits, '-' or '_')", todo)
            return token
        # the same check as new_token's, with the child's name as written (``child: No`` stays "No")
        weakness = token_weakness(token, link_names(self.src.raw.get(("child",), data.get("child")), self.family))
        if weakness is not None:
            self.bad(("link",), f"the link token '{token[:6]}…' {weakness}", todo)
        return token

    def therapist(self, value: Any) -> Therapist:
        data = self.mapping(("therapist",), value, "'therapist: {name: Jess, phone: \"+1 555 0100\"}'")
        if data is None:
            return Therapist("", None, None, "phone")
        path = ("therapist",)
        self.keys(path, data, THERAPIST_KEYS, ("name",))
        phone = self.text(path + ("phone",), data, "a phone number")
        email = self.text(path + ("email",), data, "an email address")
        if phone is None and email is None:
            self.bad(path, "the therapist has no phone or email", "add 'phone:' or 'email:' so parents can reach you")
        if email is not None and not EMAIL.fullmatch(email):
            self.bad(path + ("email",), f"'{email}' is not an email address", "write it like name@example.org")
        if phone is not None and not PHONE.fullmatch(phone):
            self.bad(path + ("phone",), f"'{phone}' is not a phone number", "use digits, spaces and an optional +")
        default = "phone" if phone else "email"
        prefers = self.choice(path + ("prefers",), data.get("prefers", default), CONTACT_WAYS)
        name = self.text(path + ("name",), data, "your name") or ""
        for key, value in (("name", name), ("phone", phone), ("email", email)):
            if value is not None and _is_placeholder(key, value):
                self.bad(path + (key,), f"the therapist's {key} is still the starter plan's example '{value}'",
                         f"write your own {key} (parents see it on every page), or write your details once in "
                         f"{SETTINGS_FILE} and delete this plan's 'therapist:' line")
        return Therapist(name=name, phone=phone, email=email, prefers=prefers)

    def time_of_day(self, path: tuple[Any, ...], data: dict[str, Any], example_key: str) -> str | None:
        """A 24-hour "HH:MM"; read from the raw text, since YAML 1.1 turns an unquoted 07:30 into 450."""
        if data.get(path[-1]) is None:
            return None
        raw = self.src.raw.get(path, str(data[path[-1]])).strip()
        match = TIME.fullmatch(raw)
        if not match:
            self.bad(path, f"{example_key} '{raw}' is not a time of day", curly_quote_hint(raw)
                     or f"write it as 24-hour hours and minutes in quotes, e.g. {example_key}: \"18:30\"")
            return None
        return f"{int(match.group(1)):02d}:{match.group(2)}"

    def date(self, path: tuple[Any, ...], data: dict[str, Any]) -> dt.date | None:
        if data.get(path[-1]) is None:
            return None
        date = _as_date(data[path[-1]])
        if date is None:
            raw = self.src.raw.get(path, str(data[path[-1]]))
            self.bad(path, f"'{raw}' is not a real date", curly_quote_hint(raw)
                     or "write it as year-month-day, e.g. 2027-01-14")
        return date

    def log_id(self, data: dict[str, Any]) -> str | None:
        value = self.text(("log",), data, "the star chart's id")
        if value is not None and not LOG_ID.fullmatch(value):
            self.bad(("log",), f"'{value}' is not a star chart id (16 to 64 letters, digits, '-' or '_')",
                     "delete the 'log:' line, then " + NO_LOG_ID_TODO + "; a family's star chart "
                     "follows its id, so never copy one from another plan")
        return value

    def previous_links(self, value: Any) -> tuple[str, ...]:
        items = self.text_list(("previous_links",), value)
        for i, item in enumerate(items):
            if not LINK_HASH.fullmatch(item):
                self.bad(("previous_links", i), f"'{item[:40]}' is not what 'handbook rotate' writes here",
                         "leave this list to 'handbook rotate': it holds hashes of old links, never the links")
        return tuple(items)

    def routines(self, value: Any) -> tuple[tuple[str, str], ...]:
        data = self.mapping(("routines",), value, "'routines: {after breakfast: \"07:30\"}'")
        if data is None:
            return ()
        found = []
        for name in data:
            time = self.time_of_day(("routines", name), data, str(name))
            if data[name] is None:
                self.bad(("routines", name), f"routine '{name}' has no time",
                         f"write its time in quotes, e.g. {name}: \"07:30\"")
            elif time is not None:
                found.append((str(name).strip(), time))
        return tuple(found)

    def check_ins(self, value: Any) -> tuple[CheckIn, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.bad(("check_ins",), "'check_ins' must be a list", "write each check-in on a line starting with '- '")
            return ()
        found = []
        for i, item in enumerate(value):
            path = ("check_ins", i)
            data = self.mapping(path, item, "'- {date: 2027-01-14, how: phone}'")
            if data is None:
                if item is None:
                    self.bad(path, "an empty check-in", "fill it in or delete the line")
                continue
            self.keys(path, data, CHECK_IN_KEYS, ("date",))
            date = _as_date(data.get("date"))
            if "date" in data and date is None:
                raw = self.src.raw.get(path + ("date",), str(data["date"]))
                self.bad(path + ("date",), f"'{raw}' is not a real date", curly_quote_hint(raw)
                         or "write it as year-month-day, e.g. 2027-01-14")
                continue
            how = self.choice(path + ("how",), CHECK_IN_WORDS.get(_as_words(data.get("how")), data.get("how"))
                              if "how" in data else "in-session", CHECK_IN_WAYS)
            time = self.time_of_day(path + ("time",), data, "time")
            if date is not None:
                self.check_in_lines.setdefault(date, self.src.line(*path, "date"))
                found.append(CheckIn(date=date, how=how, note=self.text(path + ("note",), data, "a short note"),
                                     time=time))
        return tuple(sorted(found, key=lambda c: c.date))

    def assignments(self, value: Any) -> tuple[Assignment, ...]:
        if not isinstance(value, list) or not value:
            if value is not None:
                self.bad(("activities",), "'activities' must be a list with at least one activity",
                         "write each activity on a line starting with '- id: ...'")
            return ()
        seen = self.assignment_lines
        found = []
        for i, item in enumerate(value):
            path = ("activities", i)
            if isinstance(item, str):
                item = {"id": item}
            data = self.mapping(path, item, "'- id: putty-pinch'")
            if data is None:
                continue
            self.keys(path, data, ASSIGNMENT_KEYS, ("id",))
            activity_id = self.text(path + ("id",), data, "an activity id")
            if not activity_id:
                continue
            activity = self.library.activities.get(activity_id)
            if activity is None:
                self.bad(path + ("id",), f"there is no activity '{activity_id}' in docs/activities/"
                         f"{did_you_mean(activity_id, self.library.activities)}",
                         "check the spelling, or add docs/activities/" + activity_id + ".md")
                continue
            if activity_id in seen:
                self.bad(path + ("id",), f"'{activity_id}' is in the plan twice (also on line {seen[activity_id]})",
                         "keep one entry and put all its days in it")
                continue
            seen[activity_id] = self.src.line(*path, "id")
            minutes = self.minutes(path + ("minutes",), data["minutes"]) if "minutes" in data else activity.minutes
            found.append(Assignment(
                activity=activity, minutes=minutes, days=self.days(path + ("days",), data.get("days", "daily")),
                routine=self.text(path + ("routine",), data, "when in the day, e.g. 'after bath'"),
                note=self.text(path + ("note",), data, "your note for this child"),
                time=self.time_of_day(path + ("time",), data, "time"),
            ))
        return tuple(found)

    def days(self, path: tuple[Any, ...], value: Any) -> tuple[str, ...]:
        if isinstance(value, str) and value.strip().lower() in DAY_WORDS:
            return DAY_WORDS[value.strip().lower()]
        if isinstance(value, str) and re.search(r"[,;/ ]", value.strip()):
            words = [w for w in re.split(r"[\s,;/]+(?:and\s+)?", value.strip().lower()) if w and w != "and"]
            listed = [w if w in DAYS else FULL_DAY_NAMES.get(w, w[:3]) for w in words]
            if all(day in DAYS for day in listed):
                self.bad(path, f"'{value}' is several days written as one piece of text",
                         f"write them as a list: days: [{', '.join(listed)}]")
                return tuple(d for d in DAYS if d in listed)
        items = value if isinstance(value, list) else [value]
        days: set[str] = set()
        for i, item in enumerate(items):
            word = str(item).strip().lower()
            day = word if word in DAYS else FULL_DAY_NAMES.get(word)
            if day is None:
                where = path + (i,) if isinstance(value, list) else path
                self.bad(where, f"'{item}' is not a day{_day_suggestion(word)}",
                         "use mon, tue, wed, thu, fri, sat, sun, or the words daily, weekdays or weekends")
            else:
                days.add(day)
        if not items:
            self.bad(path, "'days' is empty", "list at least one day, or write 'days: daily'")
        return tuple(d for d in DAYS if d in days)

    def rewards(self, value: Any) -> Rewards:
        path = ("rewards",)
        data = self.mapping(path, value, "'rewards: {style: small-and-often, small: a sticker}'")
        if data is None:
            return Rewards("small-and-often", None, None)
        self.keys(path, data, REWARD_KEYS, ("style",))
        style = (self.choice(path + ("style",), data.get("style"), REWARD_STYLES) if "style" in data
                 else REWARD_STYLES[0])
        goal = None
        goal_data = self.mapping(path + ("goal",), data.get("goal"), "'goal: {stars: 20, reward: a trip to the park}'")
        if goal_data is not None:
            gpath = path + ("goal",)
            self.keys(gpath, goal_data, GOAL_KEYS, GOAL_KEYS)
            stars = goal_data.get("stars")
            if "stars" in goal_data and (type(stars) is not int or not 1 <= stars <= 365):
                self.bad(gpath + ("stars",), f"'stars' must be a whole number from 1 to 365, not '{stars}'",
                         "pick a number your child can reach in a few weeks, e.g. 'stars: 15'")
                stars = None
            reward = self.text(gpath + ("reward",), goal_data, "what the goal earns")
            if isinstance(stars, int) and reward:
                goal = Goal(stars=stars, reward=reward)
        elif style == "save-up" and "goal" not in data:
            self.bad(path, "a save-up reward needs a goal",
                     "add 'goal: {stars: 20, reward: ...}' under rewards, or use 'style: small-and-often'")
        small = self.text(path + ("small",), data, "the small reward")
        if style == "small-and-often" and not small and data.get("style", style) == style:
            self.bad(path, "a small-and-often reward needs 'small:'",
                     "add e.g. 'small: a sticker on the chart' under rewards")
        return Rewards(style=style, small=small, goal=goal)

    def age(self, data: dict[str, Any]) -> int | None:
        value = data.get("age")
        if value is None:
            return None
        raw = self.src.raw.get(("age",), str(value)).strip()
        if isinstance(value, (dt.date, dt.datetime)) or DATE_LIKE.fullmatch(raw):
            self.bad(("age",), f"'{raw}' looks like a birth date, and a birth date does not belong in the plan",
                     BIRTH_DATE_TODO)
            return None
        if type(value) is not int or not 1 <= value <= OLDEST_CHILD:
            self.bad(("age",), f"'age' must be the child's age in whole years, not '{raw}'",
                     "write e.g. 'age: 5' (years, not months)")
            return None
        return value

    def age_warnings(self, plan: Plan) -> list[Problem]:
        """An activity whose ages leave out the child's: often a slip, sometimes the therapist's choice."""
        if plan.age is None:
            return []
        return [Problem(plan.source, self.assignment_lines.get(a.id, 1),
                        f"'{a.id}' is for ages {a.activity.ages[0]}–{a.activity.ages[1]}, "
                        f"and {plan.child} is {plan.age}",
                        "check it suits this child, or pick another activity ('handbook library --age "
                        f"{plan.age}' lists those that fit)")
                for a in plan.activities if not a.activity.fits_age(plan.age)]

    def date_warnings(self, plan: Plan) -> list[Problem]:
        """Check-ins that have gone by: parents would read a date that has passed, and get no reminder of the
        next one."""
        now = today()
        return [Problem(plan.source, self.check_in_lines.get(c.date, self.src.line("check_ins")),
                        f"the check-in on {c.date.isoformat()} is in the past",
                        "change it to the next check-in's date, or delete it") for c in plan.check_ins if c.date < now]

    def log_warnings(self, plan: Plan) -> list[Problem]:
        if plan.log is not None:
            return []
        return [Problem(plan.source, self.src.line("link"), "the plan has no 'log:' id, so the star chart is kept "
                        "under the link, and a new link would leave it behind", NO_LOG_ID_TODO)]

    def reminder_warnings(self, plan: Plan) -> list[Problem]:
        """A routine the calendar cannot remind of (no time for it, and no practice_time), once per routine;
        and a time given to a routine no activity has."""
        warnings = []
        untimed: dict[str, Assignment] = {}
        for a in plan.activities:
            if plan.reminder_time(a) is None:
                untimed.setdefault(routine_key(a.routine or ""), a)
        for key, a in untimed.items():
            line = self.src.line("activities", plan.activities.index(a), "routine" if key else "id")
            if key:
                warnings.append(Problem(plan.source, line, f"routine '{a.routine}' has no time, so the calendar "
                                        "gives no reminder for it", f"add it to 'routines:', e.g. routines: "
                                        f"{{{a.routine}: \"07:30\"}}, or set practice_time: \"18:30\""))
            else:
                warnings.append(Problem(plan.source, line, f"'{a.id}' has no routine or time, so the calendar gives "
                                        "no reminder for it", "give it 'time: \"18:30\"' or a routine with a "
                                        "time, or set practice_time: \"18:30\""))
        used = {routine_key(a.routine) for a in plan.activities if a.routine}
        written = [a.routine for a in plan.activities if a.routine]
        for name, _time in plan.routines:
            if routine_key(name) not in used:
                warnings.append(Problem(plan.source, self.src.line("routines", name), f"no activity has the routine "
                                        f"'{name}'{did_you_mean(name, written)}", "write the routine exactly as "
                                        "in the activities' 'routine:' lines, or delete this time"))
        return warnings

    def check_budget(self, plan: Plan) -> None:
        """One problem per distinct over-full day pattern, naming the days and their total."""
        over: dict[tuple[int, str], list[str]] = {}
        for day in DAYS:
            total = plan.minutes_on(day)
            if total > plan.daily_minutes:
                parts = ", ".join(f"{a.id} {a.minutes}" for a in plan.activities_on(day))
                over.setdefault((total, parts), []).append(DAY_NAMES[day])
        for (total, parts), days in over.items():
            names = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]
            self.bad(("activities",), f"{names} {'adds' if len(days) == 1 else 'each add'} up to {total} minutes "
                     f"({parts}), more than daily_minutes: {plan.daily_minutes}",
                     "shorten an activity's minutes or move one to another day")


_KEY_HELP = {
    "child": "the child's first name or nickname",
    "link": "run 'handbook rotate <family>' to write one",
    "therapist": "your name and phone or email",
    "focus": "a short list of what you are working on",
    "activities": "a list of '- id: <activity>' lines",
    "rewards": "e.g. '{style: small-and-often, small: a sticker}'",
    "style": "small-and-often or save-up",
    "name": "your name as parents know you",
    "date": "year-month-day, e.g. 2027-01-14",
    "id": "an activity from docs/activities/",
    "stars": "how many stars reach the goal",
    "reward": "what reaching the goal earns",
}


def _is_placeholder(key: str, value: str) -> bool:
    """True for the example details of ``handbook new``'s starter plan, which must never reach a family."""
    if key == "phone":
        return "".join(c for c in value if c.isdigit()) == "".join(c for c in STARTER_THERAPIST[key] if c.isdigit())
    return value.casefold() == STARTER_THERAPIST[key].casefold()


def routine_key(routine: str) -> str:
    """A routine as compared: "After breakfast " and "after  breakfast" are the same routine."""
    return " ".join(routine.lower().split())


def _day_suggestion(word: str) -> str:
    """Suggest the short day key even when the closest match is a full day name."""
    close = difflib.get_close_matches(word, [*DAYS, *FULL_DAY_NAMES, *DAY_WORDS], n=1, cutoff=0.6)
    return f" (did you mean '{FULL_DAY_NAMES.get(close[0], close[0])}'?)" if close else ""


def _as_date(value: Any) -> dt.date | None:
    """A date written plainly, or in quotes ("2027-01-14"); None for anything else."""
    if type(value) is dt.date:
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _as_words(value: Any) -> str:
    """A value as plain lowercase words: "In Person" and "in_person" are "in person"."""
    return " ".join(re.split(r"[\s_-]+", str(value).strip().lower())) if value is not None else ""


def _kind(value: Any) -> str:
    names: dict[type, str] = {list: "list", dict: "mapping", str: "piece of text"}
    return names.get(type(value), type(value).__name__)


def check_requested(families: list[str], known: Iterable[str], families_dir: Path,
                    project_root: Path | None = None) -> None:
    """Refuse family names given on the command line that are unsafe or have no plan."""
    known = list(known)
    for family in families:
        if not is_family_id(family):
            raise HandbookError([Problem("handbook", 0, f"'{family}' is not a family id",
                                         "family ids use only lowercase letters, digits and hyphens, "
                                         "like the plan's file name without .yaml")])
        if family not in known:
            raise HandbookError([Problem(display_path(families_dir / f"{family}.yaml", project_root), 1,
                                         f"there is no plan for '{family}'{did_you_mean(family, known)}",
                                         f"check the name, or create it with 'handbook new {family} --child NAME'")])


def plan_files(families_dir: Path) -> dict[str, Path]:
    """Each family's plan file by family id: ``families/<id>.yaml`` (or ``.yml``)."""
    return plan_paths(families_dir)


PlanLoader = Callable[[Path, Library, Path | None, PlanDefaults], Plan]


def load_plans(families_dir: Path, library: Library, project_root: Path | None = None,
               only: list[str] | None = None, load: PlanLoader = load_plan,
               defaults: PlanDefaults | None = None) -> dict[str, Plan]:
    """Load the named plans (all by default); every problem in every file is raised together.

    ``load`` reads one plan file (``load_plan``, or a caller's cache in front of it); ``defaults`` are the
    project's settings (``handbook.yaml``). Anything in ``families/`` that is not a plan is a problem too.
    """
    by_family = plan_files(families_dir)
    problems: list[Problem] = stray_entries(families_dir, project_root, by_family)
    plans: dict[str, Plan] = {}
    check_requested(only or [], by_family, families_dir, project_root)
    archived = archived_plans(families_dir)
    for family in sorted(set(by_family) & set(archived)):
        problems.append(Problem(display_path(archived[family], project_root), 0,
                                f"'{family}' has a plan in families/ and one in families/archive/",
                                f"keep one: delete the archived copy to keep the site online, or run "
                                f"'handbook archive {family}' again to take it down"))
    for family, path in by_family.items():
        if only and family not in only:
            continue
        try:
            plans[family] = load(path, library, project_root, defaults or PlanDefaults())
        except HandbookError as err:
            problems.extend(err.problems)
    problems += shared_ids(plans.values(), lambda p: p.link, lambda p: p.link_line, project_root, lambda other, p: (
        f"the link token is the same as in {other} (this plan has had it for less time, so it looks like the copy)",
        f"run 'handbook rotate {p.family}' to give this family its own link"))
    problems += shared_ids(plans.values(), lambda p: p.log, lambda p: p.log_line, project_root, lambda other, p: (
        f"the star chart id is the same as in {other}, so both families would share one star chart (this plan "
        "has had it for less time, so it looks like the copy)",
        "delete this 'log:' line, then " + NO_LOG_ID_TODO))
    if problems:
        raise HandbookError(problems)
    return plans


def shared_ids(plans: Iterable[Plan], value: Callable[[Plan], str | None], line: Callable[[Plan], int],
               project_root: Path | None, words: Callable[[str, Plan], tuple[str, str]]) -> list[Problem]:
    """A problem on every plan that has the same ``value`` as an older plan: the copy, not the original.

    Which plan had it first is found by git history where there is one, else by the files' times."""
    groups: dict[str, list[Plan]] = {}
    for plan in plans:
        key = value(plan)
        if key:
            groups.setdefault(key, []).append(plan)
    problems = []
    for key, group in groups.items():
        if len(group) < 2:
            continue
        root = project_root or Path.cwd()
        first, *copies = sorted(group, key=lambda p: (when_first_written(root / p.source, key, root), p.source))
        for plan in copies:
            what, todo = words(first.source, plan)
            problems.append(Problem(plan.source, line(plan), what, todo))
    return problems
