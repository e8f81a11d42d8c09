"""``calendar.ics``: the check-ins and a daily practice reminder, so a phone reminds without a server."""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar

from ..core.plan import DAYS, CheckIn, Plan
from .messages import Messages
from .plan_text import plain_text
from .vocabulary import CHECK_IN_WAYS

RRULE_DAYS = dict(zip(DAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
CHECK_IN_REMINDER = dt.timedelta(hours=-12)  # noon the day before an all-day check-in
NO_MARKUP = str.maketrans("<>", "‹›")  # some calendar apps show event text as HTML


def _plain(text: str) -> str:
    return text.translate(NO_MARKUP)


def has_calendar(plan: Plan) -> bool:
    return bool(plan.check_ins or plan.practice_time)


def calendar_ics(plan: Plan, messages: Messages, *, stamp: dt.datetime) -> bytes:
    """The family's calendar (RFC 5545). ``stamp`` (UTC) is when the plan last changed.

    The practice reminder uses floating local time, so 18:30 means 18:30 wherever the phone is.
    It starts on the day of ``stamp`` and ends at the last check-in, when one lies ahead.
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
    if plan.practice_time:
        for days, names in _practice_groups(plan, messages):
            cal.add_component(_practice_event(plan, messages, days, names, stamp, uid_tail))
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
    event.add("dtstart", date)
    event.add("dtend", date + dt.timedelta(days=1))
    event.add("summary", _plain(_("Check-in with %(name)s (%(how)s)") % words))
    event.add("description", _plain("\n\n".join(p for p in (note, _contact(plan, messages)) if p)))
    event.add("transp", "TRANSPARENT")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _plain(_("Tomorrow: check-in with %(name)s (%(how)s)") % words))
    alarm.add("trigger", CHECK_IN_REMINDER)
    event.add_component(alarm)
    return event


def _practice_groups(plan: Plan, messages: Messages) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Days that share the same activities, so each kind of practice day is one repeating event."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for day in DAYS:
        items = plan.activities_on(day)
        if items:
            dose = messages.gettext("%(title)s (%(minutes)s min)")
            names = tuple(dose % {"title": a.activity.title, "minutes": a.minutes} for a in items)
            groups.setdefault(names, []).append(day)
    return [(tuple(days), names) for names, days in groups.items()]


def _practice_event(plan: Plan, messages: Messages, days: tuple[str, ...], names: tuple[str, ...], stamp: dt.datetime,
                    uid_tail: str) -> icalendar.Event:
    hours, minutes = (int(part) for part in (plan.practice_time or "00:00").split(":"))
    total = plan.minutes_on(days[0])
    first = _first_day_on_or_after(stamp.date(), days)
    start = dt.datetime.combine(first, dt.time(hours, minutes))  # naive: floating local time
    rule: dict[str, object] = {"freq": "weekly", "byday": [RRULE_DAYS[d] for d in days]}
    ends = [c.date for c in plan.check_ins if c.date > first]
    if ends:
        rule["until"] = dt.datetime.combine(max(ends), dt.time(23, 59, 59))
    event = icalendar.Event()
    event.add("uid", f"practice-{'-'.join(days)}-{uid_tail}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(minutes=total))
    event.add("rrule", rule)
    _ = messages.gettext
    duration = messages.ngettext("%(num)s minute", "%(num)s minutes", total) % {"num": total}
    words = {"child": plan.child, "minutes": duration, "activities": ", ".join(names)}
    event.add("summary", _plain(_("%(child)s’s practice: %(minutes)s") % words))
    event.add("description", _plain(_("Today: %(activities)s.\nThe steps are in your handbook link.") % words))
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _plain(_("Time for %(child)s’s practice (%(minutes)s)") % words))
    alarm.add("trigger", dt.timedelta(0))
    event.add_component(alarm)
    return event


def _first_day_on_or_after(start: dt.date, days: tuple[str, ...]) -> dt.date:
    """RFC 5545 counts DTSTART as an occurrence even off the rule, so start on a day that is in it."""
    for offset in range(7):
        day = start + dt.timedelta(days=offset)
        if DAYS[day.weekday()] in days:
            return day
    raise ValueError("a practice group without days")
