"""calendar.ics: the check-ins and the daily practice reminder, read back with a real iCalendar parser."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import pytest

from handbook.core.project import Project
from handbook.render.calendar_file import calendar_ics
from handbook.render.messages import load_messages

from conftest import SAMPLE_TOKENS, family_dir, handbook


def _calendar(site: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())


def _events(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return cal.events


def test_check_ins_are_all_day_events_with_a_reminder_the_day_before(built: Path) -> None:
    plan = Project(built).plans(Project(built).library())["rivera"]
    events = [e for e in _events(_calendar(family_dir(built, "rivera"))) if "Check-in" in str(e["SUMMARY"])]
    assert [e.decoded("DTSTART") for e in events] == [c.date for c in plan.check_ins]
    assert plan.therapist.phone is not None
    for event, check_in in zip(events, plan.check_ins, strict=True):
        assert event.decoded("DTEND") == check_in.date + dt.timedelta(days=1)
        assert plan.therapist.name in str(event["SUMMARY"])
        assert (check_in.note or "") in str(event["DESCRIPTION"])
        assert plan.therapist.phone in str(event["DESCRIPTION"])
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == dt.timedelta(hours=-12)


def test_practice_time_makes_a_weekly_reminder_per_kind_of_day_with_an_alarm(built: Path) -> None:
    plan = Project(built).plans(Project(built).library())["rivera"]
    assert plan.practice_time == "07:15"
    practice = [e for e in _events(_calendar(family_dir(built, "rivera"))) if "practice" in str(e["SUMMARY"])]
    covered: list[str] = []
    for event in practice:
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.datetime) and start.tzinfo is None  # floating: 07:15 wherever the phone is
        assert (start.hour, start.minute) == (7, 15)
        rule = event["RRULE"]
        assert isinstance(rule, icalendar.vRecur)
        assert rule["FREQ"] == ["WEEKLY"]
        days = [d.lower() for d in rule["BYDAY"]]
        assert ("mo", "tu", "we", "th", "fr", "sa", "su")[start.weekday()] in days  # DTSTART is an occurrence
        covered += days
        day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[start.weekday()]
        assert event.decoded("DURATION") == dt.timedelta(minutes=plan.minutes_on(day))
        assert rule["UNTIL"][0].date() == plan.check_ins[-1].date
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == dt.timedelta(0)
        assert plan.child in str(alarm["DESCRIPTION"])
    assert sorted(covered) == sorted(d[:2] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
                                     if plan.minutes_on(d))


def test_every_line_is_folded_crlf_and_uids_never_show_the_link(built: Path) -> None:
    raw = (family_dir(built, "rivera") / "calendar.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    cal = _calendar(family_dir(built, "rivera"))
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    uids = [str(e["UID"]) for e in _events(cal)]
    assert len(set(uids)) == len(uids)
    assert all(isinstance(e.decoded("DTSTAMP"), dt.datetime) for e in _events(cal))
    assert SAMPLE_TOKENS["rivera"].encode() not in raw  # calendars get synced to other services
    assert b"rivera" not in raw.lower()  # nor the family id


def test_without_practice_time_there_is_no_reminder_and_the_home_page_says_so(project: Path) -> None:
    plan_file = project / "families" / "okafor.yaml"
    plan_file.write_text(re.sub(r'practice_time: "16:00"\n', "", plan_file.read_text()))
    plan = Project(project).plans(Project(project).library())["okafor"]
    assert plan.practice_time is None
    assert handbook(project, "build", "okafor").exit_code == 0
    site = family_dir(project, "okafor")
    events = _events(_calendar(site))
    assert len(events) == len(plan.check_ins)
    home = (site / "index.html").read_text()
    assert 'href="calendar.ics"' in home and "Add these dates to your phone’s calendar" in home


def test_a_plan_without_dates_or_time_has_no_calendar(project: Path) -> None:
    plan_file = project / "families" / "chen.yaml"
    text = plan_file.read_text()
    text = re.sub(r'practice_time: "07:45"\n', "", text)
    text = re.sub(r"check_ins:\n(  - .*\n)+", "", text)
    plan_file.write_text(text)
    assert handbook(project, "build", "chen").exit_code == 0
    site = family_dir(project, "chen")
    assert not (site / "calendar.ics").exists()
    assert "calendar.ics" not in (site / "index.html").read_text()


@pytest.mark.parametrize("stamp_day", [dt.date(2026, 11, 26), dt.date(2026, 11, 30)])  # a Thursday, a Monday
def test_the_reminder_starts_on_the_first_practice_day_after_the_plan_changed(built: Path, stamp_day: dt.date) -> None:
    project = Project(built)
    library = project.library()
    plan = project.plans(library)["rivera"]
    stamp = dt.datetime.combine(stamp_day, dt.time(9), dt.timezone.utc)
    cal = icalendar.Calendar.from_ical(calendar_ics(plan, load_messages(project.locales_dir, "en"), stamp=stamp))
    starts = sorted(e.decoded("DTSTART") for e in _events(cal) if "RRULE" in e)
    assert all(s.date() >= stamp_day and (s.date() - stamp_day).days < 7 for s in starts)
    assert starts[0].date() == stamp_day
    assert all(e.decoded("DTSTAMP") == stamp for e in _events(cal))


def test_plan_text_never_reaches_the_calendar_as_markup(project: Path) -> None:
    # some calendar apps show event text as HTML
    plan_file = project / "families" / "chen.yaml"
    text = plan_file.read_text().replace("child: Leo", 'child: "<b>Leo</b>"')
    text = text.replace('note: "Join the last five minutes to learn the burrito roll"',
                        'note: "<img src=x onerror=alert(1)> bring the towel"')
    plan_file.write_text(text)
    assert handbook(project, "build", "chen").exit_code == 0
    raw = (family_dir(project, "chen") / "calendar.ics").read_bytes().decode()
    assert "<" not in raw and ">" not in raw
    cal = icalendar.Calendar.from_ical(raw)
    first = next(e for e in _events(cal) if "Check-in" in str(e["SUMMARY"]))
    assert str(first["DESCRIPTION"]).startswith("‹img src=x onerror=alert(1)› bring the towel")
    assert str(cal["X-WR-CALNAME"]) == "‹b›Leo‹/b›’s practice"
