"""``calendar.ics``: the check-ins, and a practice reminder at the time of each routine, so a phone reminds
without a server."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import icalendar

from ..core.plan import DAYS, Assignment, CheckIn, Plan, routine_key
from .messages import Messages
from .plan_text import plain_text
from .vocabulary import CHECK_IN_WAYS

RRULE_DAYS = dict(zip(DAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
REMINDER_WEEKS = 12  # how long the practice reminders run when the plan has no review date
CHECK_IN_LENGTH = dt.timedelta(minutes=45)  # a check-in with a time
CHECK_IN_REMINDER = dt.timedelta(hours=-12)  # noon the day before an all-day check-in
TIMED_CHECK_IN_REMINDER = dt.timedelta(hours=-1)
NO_MARKUP = str.maketrans("<>", "‹›")  # some calendar apps show event text as HTML


@dataclass(frozen=True)
class Reminder:
    """One repeating practice reminder: its time ("HH:MM"), the days it comes on, and what it reminds of."""

    time: str
    days: tuple[str, ...]
    items: tuple[Assignment, ...]


def _plain(text: str) -> str:
    return text.translate(NO_MARKUP)


def reminders(plan: Plan) -> list[Reminder]:
    """The plan's practice reminders: its activities by reminder time, and the days with the same activities at
    that time together, so each is one weekly event. Activities with no time (and no practice_time) have none."""
    groups: dict[tuple[str, tuple[str, ...]], tuple[list[str], tuple[Assignment, ...]]] = {}
    for day in DAYS:
        at: dict[str, list[Assignment]] = {}
        for assignment in plan.activities_on(day):
            time = plan.reminder_time(assignment)
            if time is not None:
                at.setdefault(time, []).append(assignment)
        for time, items in at.items():
            key = (time, tuple(a.id for a in items))
            groups.setdefault(key, ([], tuple(items)))[0].append(day)
    found = [Reminder(time, tuple(days), items) for (time, _ids), (days, items) in groups.items()]
    return sorted(found, key=lambda r: (r.time, DAYS.index(r.days[0])))


def has_calendar(plan: Plan) -> bool:
    return bool(plan.check_ins or any(plan.reminder_time(a) for a in plan.activities))


def reminders_start(plan: Plan, stamp: dt.datetime) -> dt.date:
    """The first day of the practice reminders: the day the plan last changed, or its ``starts:`` date if later."""
    return max(stamp.date(), plan.starts) if plan.starts is not None else stamp.date()


def reminders_end(plan: Plan, stamp: dt.datetime) -> dt.date | None:
    """The last day of the practice reminders (None: there are none): the plan's review date, or without one (or
    with one before the reminders start) the last of REMINDER_WEEKS weeks from their start."""
    if not any(plan.reminder_time(a) for a in plan.activities):
        return None
    start = reminders_start(plan, stamp)
    if plan.review is not None and plan.review >= start:
        return plan.review
    return start + dt.timedelta(weeks=REMINDER_WEEKS, days=-1)


def calendar_ics(plan: Plan, messages: Messages, *, stamp: dt.datetime, base_url: str = "") -> bytes:
    """The family's calendar (RFC 5545). ``stamp`` (UTC) is when the plan last changed; ``base_url``, where the
    site is online ("" when not known), puts the family's link in the reminders.

    Reminders use floating local time, so 18:30 means 18:30 wherever the phone is. They start on
    ``reminders_start`` and end on ``reminders_end``.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Family Handbook//Home practice//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    _ = messages.gettext
    cal.add("x-wr-calname", _plain(_("%(child)s’s practice") % {"child": plan.child}))
    uid_tail = hashlib.sha256(plan.link.encode()).hexdigest()[:20] + "@family-handbook"  # never the link itself
    for check_in in plan.check_ins:
        cal.add_component(_check_in_event(plan, messages, check_in, stamp, uid_tail))
    end = reminders_end(plan, stamp)
    link = f"{base_url.rstrip('/')}/{plan.link}/" if base_url else ""
    for reminder in reminders(plan):
        first = _first_day_on_or_after(reminders_start(plan, stamp), reminder.days)
        if end is not None and first <= end:
            cal.add_component(_practice_event(plan, messages, reminder, first, end, stamp, uid_tail, link))
    return bytes(cal.to_ical())


def _contact(plan: Plan, messages: Messages) -> str:
    t, _ = plan.therapist, messages.gettext
    ways = [_("Phone: %(phone)s") % {"phone": t.phone} if t.phone else "",
            _("Email: %(email)s") % {"email": t.email} if t.email else ""]
    return "\n".join(w for w in ways if w)


def _check_in_event(plan: Plan, messages: Messages, check_in: CheckIn, stamp: dt.datetime,
                    uid_tail: str) -> icalendar.Event:
    _ = messages.gettext
    date, how = check_in.date, _(CHECK_IN_WAYS[check_in.how])
    note = plain_text(check_in.note) if check_in.note else None  # its words as the home page shows them
    words = {"name": plan.therapist.name, "how": how}
    event = icalendar.Event()
    event.add("uid", f"check-in-{date.isoformat()}-{uid_tail}")
    event.add("dtstamp", stamp)
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    if check_in.time:
        start = dt.datetime.combine(date, _time_of_day(check_in.time))  # naive: floating local time
        event.add("dtstart", start)
        event.add("dtend", start + CHECK_IN_LENGTH)
        alarm.add("description", _plain(_("In one hour: check-in with %(name)s (%(how)s)") % words))
        alarm.add("trigger", TIMED_CHECK_IN_REMINDER)
    else:
        event.add("dtstart", date)
        event.add("dtend", date + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        alarm.add("description", _plain(_("Tomorrow: check-in with %(name)s (%(how)s)") % words))
        alarm.add("trigger", CHECK_IN_REMINDER)
    event.add("summary", _plain(_("Check-in with %(name)s (%(how)s)") % words))
    event.add("description", _plain("\n\n".join(p for p in (note, _contact(plan, messages)) if p)))
    event.add_component(alarm)
    return event


def _practice_event(plan: Plan, messages: Messages, reminder: Reminder, first: dt.date, end: dt.date,
                    stamp: dt.datetime, uid_tail: str, link: str) -> icalendar.Event:
    _ = messages.gettext
    dose = _("%(title)s (%(minutes)s min)")
    activities = ", ".join(dose % {"title": a.activity.title, "minutes": a.minutes} for a in reminder.items)
    routines = {routine_key(a.routine) if a.routine else "" for a in reminder.items}
    routine = reminder.items[0].routine if len(routines) == 1 else None
    if routine:
        title = _("%(routine)s: %(activities)s") % {"routine": _first_upper(plain_text(routine)),
                                                   "activities": activities}
    else:
        title = _("%(child)s’s practice: %(activities)s") % {"child": plan.child, "activities": activities}
    if link and len(reminder.items) == 1:  # straight into that activity's practice view
        link = f"{link}practice/#{reminder.items[0].id}"
    words = {"activities": activities, "link": link}
    text = (_("Today: %(activities)s.\nOpen your handbook: %(link)s") if link
            else _("Today: %(activities)s.\nThe steps are in your handbook link.")) % words
    event = icalendar.Event()
    event.add("uid", f"practice-{reminder.time.replace(':', '')}-{'-'.join(reminder.days)}-{uid_tail}")
    event.add("dtstamp", stamp)
    event.add("dtstart", dt.datetime.combine(first, _time_of_day(reminder.time)))  # naive: floating local time
    event.add("duration", dt.timedelta(minutes=sum(a.minutes for a in reminder.items)))
    # UNTIL is floating like DTSTART (RFC 5545), and takes in the whole last day
    event.add("rrule", {"freq": "weekly", "byday": [RRULE_DAYS[d] for d in reminder.days],
                        "until": dt.datetime.combine(end, dt.time(23, 59, 59))})
    event.add("summary", _plain(title))
    event.add("description", _plain(text))
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _plain(title))
    alarm.add("trigger", dt.timedelta(0))
    event.add_component(alarm)
    return event


def _time_of_day(hours_minutes: str) -> dt.time:
    hours, minutes = (int(part) for part in hours_minutes.split(":"))
    return dt.time(hours, minutes)


def _first_upper(text: str) -> str:
    """A routine as written ("after breakfast") as the start of an event's title."""
    return text[:1].upper() + text[1:]


def _first_day_on_or_after(start: dt.date, days: tuple[str, ...]) -> dt.date:
    """RFC 5545 counts DTSTART as an occurrence even off the rule, so start on a day that is in it."""
    for offset in range(7):
        day = start + dt.timedelta(days=offset)
        if DAYS[day.weekday()] in days:
            return day
    raise ValueError("a reminder without days")
