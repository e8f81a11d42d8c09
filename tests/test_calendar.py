"""calendar.ics: the check-ins and a reminder at each routine's time, read back with a real iCalendar parser."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
import re
import shutil
from pathlib import Path

import icalendar
import pytest
from babel import Locale
from click.testing import Result

from handbook.core.plan import Plan
from handbook.core.project import Project
from handbook.render.calendar_file import calendar_ics, has_calendar
from handbook.render.messages import Messages, load_messages
from handbook.render.pages import family_pages

from conftest import SAMPLE_TOKENS, family_dir, handbook

BASE_URL = "https://practice.example.org"
RIVERA_LINK = f"{BASE_URL}/{SAMPLE_TOKENS['rivera']}/"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TIMED_CHECK_IN = dt.date(2027, 1, 14)  # rivera's, given a time in the `linked` build


@dataclasses.dataclass(frozen=True)
class Linked:
    root: Path
    first_build: Result


@pytest.fixture(scope="module")
def linked(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Linked:
    """The built sample project built again with a base URL, rivera's January check-in now at 16:00."""
    root = tmp_path_factory.mktemp("linked") / "project"
    shutil.copytree(built, root, symlinks=True)
    plan_file = root / "families" / "rivera.yaml"
    text = plan_file.read_text()
    plan_file.write_text(text.replace("{date: 2027-01-14, how: phone,",
                                      '{date: 2027-01-14, time: "16:00", how: phone,'))
    result = handbook(root, "build", "--base-url", BASE_URL + "/")
    assert result.exit_code == 0, result.output
    return Linked(root, result)


def _plan(root: Path, family: str) -> Plan:
    project = Project(root)
    return project.plans(project.library())[family]


def _english(root: Path) -> Messages:
    return load_messages(Project(root).locales_dir, "en")


def _calendar(root: Path, family: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((family_dir(root, family) / "calendar.ics").read_bytes())


def _reminders(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return [e for e in cal.events if "RRULE" in e]


def _check_ins(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return [e for e in cal.events if "RRULE" not in e]


def _rule(event: icalendar.Event) -> icalendar.vRecur:
    rule = event["RRULE"]
    assert isinstance(rule, icalendar.vRecur)
    return rule


def _occurrences(event: icalendar.Event) -> list[dt.datetime]:
    """A weekly BYDAY rule expanded by hand: each of its days from DTSTART up to and including UNTIL."""
    start, rule = event.decoded("DTSTART"), _rule(event)
    assert rule["FREQ"] == ["WEEKLY"] and set(rule) == {"FREQ", "BYDAY", "UNTIL"}
    [until] = rule["UNTIL"]
    days = {WEEKDAYS.index(d) for d in rule["BYDAY"]}
    found, moment = [], start
    while moment <= until:
        if moment.weekday() in days:
            found.append(moment)
        moment += dt.timedelta(days=1)
    return found


def _week_of_reminders(cal: icalendar.Calendar) -> dict[tuple[str, str], str]:
    """(weekday, "HH:MM") -> the reminder's title, for the first whole week of every reminder."""
    week: dict[tuple[str, str], str] = {}
    for event in _reminders(cal):
        times = _occurrences(event)
        for moment in (t for t in times if t < times[0] + dt.timedelta(days=7)):
            key = (WEEKDAYS[moment.weekday()], moment.strftime("%H:%M"))
            assert key not in week, key  # one reminder per time and day
            week[key] = str(event["SUMMARY"])
    return week


def test_each_routine_reminds_at_its_time_on_its_days_naming_its_activities(built: Path) -> None:
    week = _week_of_reminders(_calendar(built, "rivera"))
    dressed = "When getting dressed in the morning: Big Button Practice (2 min)"
    spoon = "At breakfast: Spoon Scooping (1 min)"
    rainbow = "After breakfast: Rainbow Tracing Shapes (2 min)"
    putty = "After breakfast: Putty Pinch and Find (2 min)"
    saturday = "After breakfast: Tong Transfer Pom-Poms (2 min), Rainbow Tracing Shapes (2 min)"
    expected = {**{(day, "07:00"): dressed for day in WEEKDAYS[:5]},
                **{(day, "07:15"): spoon for day in WEEKDAYS},
                **{(day, "07:45"): rainbow for day in ("MO", "WE", "FR")},
                **{(day, "07:45"): putty for day in ("TU", "TH")},
                ("SA", "07:45"): saturday}
    assert week == expected


def test_every_reminder_is_floating_and_alarms_at_its_time_with_its_title(built: Path) -> None:
    plan = _plan(built, "rivera")
    reminders = _reminders(_calendar(built, "rivera"))
    assert len(reminders) == 5  # 07:00 weekdays, 07:15 daily, three kinds of day at 07:45
    for event in reminders:
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.datetime) and start.tzinfo is None  # 07:15 wherever the phone is
        assert WEEKDAYS[start.weekday()] in _rule(event)["BYDAY"]  # DTSTART is an occurrence
        titles = re.findall(r"(?:: |, )([^,:(]+) \((\d) min\)", str(event["SUMMARY"]))
        minutes = {a.activity.title: a.minutes for a in plan.activities}
        assert event.decoded("DURATION") == dt.timedelta(minutes=sum(minutes[t] for t, _m in titles))
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == dt.timedelta(0)
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])


def test_the_reminders_run_until_the_review_date(built: Path) -> None:
    plan = _plan(built, "rivera")
    assert plan.review == dt.date(2027, 3, 11)
    for event in _reminders(_calendar(built, "rivera")):
        assert _rule(event)["UNTIL"] == [dt.datetime(2027, 3, 11, 23, 59, 59)]
    spoon = next(e for e in _reminders(_calendar(built, "rivera")) if "Spoon" in str(e["SUMMARY"]))
    assert _occurrences(spoon)[-1] == dt.datetime(2027, 3, 11, 7, 15)  # the review day itself still reminds


def test_without_a_review_date_the_reminders_run_twelve_weeks_not_to_the_last_check_in(built: Path) -> None:
    plan = _plan(built, "okafor")
    assert plan.review is None
    start = Project(built).plan_stamp(plan).date()
    last_day = start + dt.timedelta(days=83)
    assert plan.check_ins[-1].date > last_day  # the old rule (to the last check-in) would run longer
    reminders = _reminders(_calendar(built, "okafor"))
    assert reminders
    for event in reminders:
        assert _rule(event)["UNTIL"] == [dt.datetime.combine(last_day, dt.time(23, 59, 59))]
        times = _occurrences(event)
        assert len(times) == 12 * len(_rule(event)["BYDAY"])  # twelve of each of its weekdays
        assert times[0].date() >= start and times[-1].date() <= last_day


def test_practice_time_is_the_time_of_activities_without_one(built: Path) -> None:
    okafor = _calendar(built, "okafor")  # practice_time only
    assert {key[1] for key in _week_of_reminders(okafor)} == {"16:00"}
    assert all(str(e["SUMMARY"]).startswith("Amara’s practice: ") for e in _reminders(okafor))  # several routines
    chen = _week_of_reminders(_calendar(built, "chen"))  # practice_time and two routine times
    assert chen[("MO", "19:00")] == "After bath: Burrito Blanket Roll (2 min)"
    assert chen[("SU", "19:30")] == "In bed after the story: Smell the Flower, Blow the Candle (1 min)"
    assert chen[("MO", "07:45")] == "Leo’s practice: Wall Push Heavy Work (1 min), Flamingo Stand (1 min)"
    assert chen[("SA", "07:45")] == "Leo’s practice: Tape Line Balance Walk (2 min), Jump the Squares (2 min)"
    assert ("SA", "19:00") not in chen


def test_without_a_base_url_the_reminders_point_to_the_handbook_link_but_never_carry_it(built: Path) -> None:
    raw = (family_dir(built, "rivera") / "calendar.ics").read_bytes()
    assert SAMPLE_TOKENS["rivera"].encode() not in raw  # calendars get synced to other services
    for event in _reminders(_calendar(built, "rivera")):
        assert str(event["DESCRIPTION"]).endswith(".\nThe steps are in your handbook link.")
        assert "https://" not in str(event["DESCRIPTION"])


def test_with_a_base_url_each_reminder_carries_the_family_link(linked: Linked) -> None:
    cal = _calendar(linked.root, "rivera")
    descriptions = {str(e["SUMMARY"]): str(e["DESCRIPTION"]) for e in _reminders(cal)}
    assert descriptions["At breakfast: Spoon Scooping (1 min)"] == (
        f"Today: Spoon Scooping (1 min).\nOpen your handbook: {RIVERA_LINK}practice/#spoon-scooping")
    saturday = "After breakfast: Tong Transfer Pom-Poms (2 min), Rainbow Tracing Shapes (2 min)"
    assert descriptions[saturday].endswith(f"\nOpen your handbook: {RIVERA_LINK}")  # two activities: the home page
    assert all(RIVERA_LINK in text for text in descriptions.values())
    assert all(SAMPLE_TOKENS["rivera"] not in str(e["UID"]) for e in cal.events)  # the UIDs stay as they were
    assert all(RIVERA_LINK not in str(e["DESCRIPTION"]) for e in _check_ins(cal))
    okafor = _calendar(linked.root, "okafor")
    assert all(f"{BASE_URL}/{SAMPLE_TOKENS['okafor']}/" in str(e["DESCRIPTION"]) for e in _reminders(okafor))
    assert all(SAMPLE_TOKENS["rivera"] not in str(e["DESCRIPTION"]) for e in _reminders(okafor))


def test_the_base_url_decides_a_rebuild_and_the_same_one_builds_nothing(linked: Linked) -> None:
    assert "Built 3 families" in linked.first_build.output  # only rivera's plan changed: the URL rebuilt the others
    again = handbook(linked.root, "build", "--base-url", BASE_URL)
    assert again.exit_code == 0 and "Nothing to build" in again.output, again.output


def test_a_bad_base_url_is_refused_before_anything_is_built(project: Path) -> None:
    result = handbook(project, "build", "--base-url", "practice.example.org")
    assert result.exit_code == 2
    assert "'practice.example.org' is not a web address" in result.output
    assert not (project / "site").exists()


def test_check_ins_without_a_time_are_all_day_with_a_reminder_the_day_before(built: Path) -> None:
    plan = _plan(built, "rivera")
    events = _check_ins(_calendar(built, "rivera"))
    assert [e.decoded("DTSTART") for e in events] == [c.date for c in plan.check_ins]
    assert plan.therapist.phone is not None
    for event, check_in in zip(events, plan.check_ins, strict=True):
        assert event.decoded("DTEND") == check_in.date + dt.timedelta(days=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert plan.therapist.name in str(event["SUMMARY"])
        assert (check_in.note or "") in str(event["DESCRIPTION"])
        assert plan.therapist.phone in str(event["DESCRIPTION"])
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == dt.timedelta(hours=-12)


def test_a_check_in_with_a_time_is_a_timed_event_with_an_alarm_an_hour_before(linked: Linked) -> None:
    events = {e.decoded("DTSTART"): e for e in _check_ins(_calendar(linked.root, "rivera"))}
    timed = events.pop(dt.datetime(2027, 1, 14, 16, 0))  # floating, like the reminders
    assert timed.decoded("DTEND") == dt.datetime(2027, 1, 14, 16, 45)
    assert "TRANSP" not in timed  # busy: it is an appointment
    assert str(timed["SUMMARY"]) == "Check-in with Jessica Park (phone call)"
    [alarm] = timed.walk("VALARM")
    assert alarm.decoded("TRIGGER") == dt.timedelta(hours=-1)
    assert str(alarm["DESCRIPTION"]) == "In one hour: check-in with Jessica Park (phone call)"
    assert sorted(events) == [dt.date(2026, 12, 10), dt.date(2027, 2, 11), dt.date(2027, 3, 11)]  # still all day


def test_every_line_is_folded_crlf_and_uids_never_show_the_link(built: Path) -> None:
    raw = (family_dir(built, "rivera") / "calendar.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    cal = _calendar(built, "rivera")
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    uids = [str(e["UID"]) for e in cal.events]
    assert len(set(uids)) == len(uids)
    assert all(isinstance(e.decoded("DTSTAMP"), dt.datetime) for e in cal.events)
    assert b"rivera" not in raw.lower()  # nor the family id


def test_the_uids_stay_when_the_plan_is_saved_again(built: Path) -> None:
    plan, messages = _plan(built, "rivera"), _english(built)
    stamps = [dt.datetime(2026, 11, 26, 9, tzinfo=dt.timezone.utc), dt.datetime(2026, 12, 3, 9, tzinfo=dt.timezone.utc)]
    uids = [sorted(str(e["UID"]) for e in icalendar.Calendar.from_ical(calendar_ics(
        plan, messages, stamp=stamp, base_url=BASE_URL)).events) for stamp in stamps]
    assert uids[0] == uids[1]  # a phone updates the events it has, never adds them twice


@pytest.mark.parametrize("stamp_day", [dt.date(2026, 11, 26), dt.date(2026, 11, 30)])  # a Thursday, a Monday
def test_the_reminders_start_on_their_first_day_after_the_plan_changed(built: Path, stamp_day: dt.date) -> None:
    stamp = dt.datetime.combine(stamp_day, dt.time(9), dt.timezone.utc)
    cal = icalendar.Calendar.from_ical(calendar_ics(_plan(built, "rivera"), _english(built), stamp=stamp))
    starts = sorted(e.decoded("DTSTART") for e in _reminders(cal))
    assert all(s.date() >= stamp_day and (s.date() - stamp_day).days < 7 for s in starts)
    assert starts[0].date() == stamp_day
    assert all(e.decoded("DTSTAMP") == stamp for e in cal.events)


def test_a_review_date_already_past_gives_twelve_weeks_and_one_days_away_ends_the_later_reminders(built: Path) -> None:
    plan, messages = _plan(built, "rivera"), _english(built)
    thursday = dt.datetime(2026, 11, 26, 9, tzinfo=dt.timezone.utc)
    past = icalendar.Calendar.from_ical(calendar_ics(dataclasses.replace(plan, review=dt.date(2026, 11, 1)),
                                                     messages, stamp=thursday))
    assert {_rule(e)["UNTIL"][0] for e in _reminders(past)} == {dt.datetime(2027, 2, 17, 23, 59, 59)}
    friday = icalendar.Calendar.from_ical(calendar_ics(dataclasses.replace(plan, review=dt.date(2026, 11, 27)),
                                                       messages, stamp=thursday))
    # Saturday's and Monday's reminders would start after the review: there are none
    assert sorted({str(e["SUMMARY"]).split(":")[0] for e in _reminders(friday)}) == [
        "After breakfast", "At breakfast", "When getting dressed in the morning"]
    assert all(len(_occurrences(e)) <= 2 for e in _reminders(friday))
    assert not any("Tong" in str(e["SUMMARY"]) for e in _reminders(friday))


def test_a_plan_with_no_dates_and_no_times_has_no_calendar(built: Path) -> None:
    plan = _plan(built, "chen")
    quiet = dataclasses.replace(plan, practice_time=None, routines=(), check_ins=())
    assert has_calendar(plan) and not has_calendar(quiet)
    assert has_calendar(dataclasses.replace(quiet, routines=(("after bath", "19:00"),)))
    home = _home(built, quiet)
    assert "calendar.ics" not in home and "reminders" not in home


def test_without_a_reminder_time_the_calendar_has_only_the_check_ins_and_the_home_page_says_so(built: Path) -> None:
    plan = dataclasses.replace(_plan(built, "okafor"), practice_time=None)
    stamp = dt.datetime(2026, 11, 26, 9, tzinfo=dt.timezone.utc)
    cal = icalendar.Calendar.from_ical(calendar_ics(plan, _english(built), stamp=stamp))
    assert len(cal.events) == len(plan.check_ins) and not _reminders(cal)
    home = _home(built, plan, stamp)
    assert ">Add these dates to your phone’s calendar</a></p>" in home


def test_the_home_page_says_when_the_reminders_end(built: Path) -> None:
    rivera = (family_dir(built, "rivera") / "index.html").read_text()
    assert ('<a class="hb-calendar-link" href="calendar.ics">Add these dates and the practice reminders to your '
            "phone’s calendar.</a> The reminders end on Thursday, March 11, 2027.</p>") in rivera
    okafor = _plan(built, "okafor")
    last_day = Project(built).plan_stamp(okafor).date() + dt.timedelta(days=83)
    home = (family_dir(built, "okafor") / "index.html").read_text()
    assert f"The reminders end on {_english(built).date(last_day, 'full')}." in home
    only_reminders = _home(built, dataclasses.replace(okafor, check_ins=()))
    assert ("Add the practice reminders to your phone’s calendar.</a> The reminders end on "
            f"{_english(built).date(last_day, 'full')}.") in only_reminders


def test_a_check_in_with_a_time_shows_it_in_the_locales_style(linked: Linked) -> None:
    home = (family_dir(linked.root, "rivera") / "index.html").read_text()
    assert "<strong>Thursday, January 14, 2027 at 4:00\u202fPM</strong>" in home
    assert "<strong>Thursday, December 10, 2026</strong>" in home  # no time: only the date


def test_times_are_written_in_the_locales_style() -> None:
    english = Messages("en", Locale.parse("en"), gettext.NullTranslations())
    spanish = Messages("es", Locale.parse("es"), gettext.NullTranslations())
    assert english.time("18:30") == "6:30\u202fPM"  # Babel's en is en-US, with CLDR's narrow space
    assert english.time("07:05") == "7:05\u202fAM"
    assert spanish.time("18:30") == "18:30"
    assert spanish.time("07:05") == "7:05"


def test_plan_text_never_reaches_the_calendar_as_markup(project: Path) -> None:
    # some calendar apps show event text as HTML
    plan_file = project / "families" / "chen.yaml"
    text = plan_file.read_text().replace("child: Leo", 'child: "<b>Leo</b>"')
    text = text.replace('note: "Join the last five minutes to learn the burrito roll"',
                        'note: "<img src=x onerror=alert(1)> bring the towel"')
    text = text.replace("after bath: \"19:00\"", "<i>after bath</i>: \"19:00\"")
    text = text.replace("routine: after bath", "routine: <i>after bath</i>")
    plan_file.write_text(text)
    assert handbook(project, "build", "chen").exit_code == 0
    raw = (family_dir(project, "chen") / "calendar.ics").read_bytes().decode()
    assert "<" not in raw and ">" not in raw
    cal = icalendar.Calendar.from_ical(raw)
    first = next(e for e in _check_ins(cal))
    assert str(first["DESCRIPTION"]).startswith("‹img src=x onerror=alert(1)› bring the towel")
    assert str(cal["X-WR-CALNAME"]) == "‹b›Leo‹/b›’s practice"
    assert any(str(e["SUMMARY"]).startswith("‹i›after bath‹/i›: ") for e in _reminders(cal))


def _home(root: Path, plan: Plan, stamp: dt.datetime | None = None) -> str:
    """The home page's Markdown (its HTML inline), as family_pages renders it for ``plan``."""
    project = Project(root)
    pages = family_pages(plan, project.library(), _english(root), stamp=stamp or project.plan_stamp(plan))
    return pages["index.md"]


def test_a_plan_that_starts_later_starts_its_reminders_then_and_reviews_twelve_weeks_on(built: Path) -> None:
    plan, messages = _plan(built, "rivera"), _english(built)
    thursday = dt.datetime(2026, 11, 26, 9, tzinfo=dt.timezone.utc)
    later = dataclasses.replace(plan, starts=dt.date(2027, 1, 4), review=None)  # a Monday, after the holidays
    cal = icalendar.Calendar.from_ical(calendar_ics(later, messages, stamp=thursday))
    starts = sorted(e.decoded("DTSTART") for e in _reminders(cal))
    assert starts[0] == dt.datetime(2027, 1, 4, 7, 0)  # Monday's dressing reminder, the plan's first day
    assert all(s.date() >= dt.date(2027, 1, 4) for s in starts)
    assert {_rule(e)["UNTIL"][0] for e in _reminders(cal)} == {dt.datetime(2027, 3, 28, 23, 59, 59)}


def test_a_review_before_the_start_is_refused(project: Path) -> None:
    plan = project / "families" / "rivera.yaml"
    text = plan.read_text(encoding="utf-8").replace("review: 2027-03-11", "starts: 2027-04-01\nreview: 2027-03-11")
    plan.write_text(text, encoding="utf-8")
    line = text.splitlines().index("review: 2027-03-11") + 1
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert f"families/rivera.yaml:{line}: the review (2027-03-11) comes before the plan starts (2027-04-01) — " \
           "check both dates: 'starts:' is the plan's first day" in result.output
