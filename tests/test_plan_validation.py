"""Every plan problem is reported as `families/<family>.yaml:<line>: what — what to do`, all at once, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import handbook, site_files

BASE = """\
child: Mateo
link: JT3sfNkrNrvU_iG28vphJJ7k
therapist: {name: Jessica, phone: "+1 555 0134", prefers: phone}
focus:
  - Holding a crayon
daily_minutes: 5
check_ins:
  - {date: 2027-01-14, how: phone}
activities:
  - id: putty-pinch-and-find
    minutes: 2
    days: [mon, wed, fri]
  - id: spoon-scooping
    minutes: 1
    days: daily
rewards:
  style: save-up
  goal: {stars: 20, reward: Playground trip}
"""

F = "families/fam.yaml"
CASES = {
    "check-in way in words": (
        BASE.replace("how: phone", "how: in person"),
        [f"{F}:8: 'how' cannot be 'in person' (did you mean 'in-session'?) — use one of: in-session, phone, video"],
    ),
    "check-in way with a capital": (
        BASE.replace("how: phone", "how: Phone"),
        [f"{F}:8: 'how' cannot be 'Phone' (did you mean 'phone'?) — use one of: in-session, phone, video"],
    ),
    "days as one piece of text": (
        BASE.replace("days: [mon, wed, fri]", 'days: "Mon, Wed"'),
        [f"{F}:12: 'Mon, Wed' is several days written as one piece of text — write them as a list: days: [mon, wed]"],
    ),
    "days as words": (
        BASE.replace("days: [mon, wed, fri]", "days: Monday and Friday"),
        [f"{F}:12: 'Monday and Friday' is several days written as one piece of text — write them as a list: "
         "days: [mon, fri]"],
    ),
    "curly quotes round a time": (
        BASE.replace("daily_minutes: 5", "daily_minutes: 5\npractice_time: \u201818:30\u2019"),
        [f"{F}:7: practice_time '\u201818:30\u2019' is not a time of day — type straight quotes \" instead of the "
         "curly quotes (\u2018 \u2019): YAML does not read them as quotes (your editor or phone may change them back: "
         "turn off smart quotes)"],
    ),
    "an invisible space in a key": (
        BASE.replace("daily_minutes: 5", "daily_minutes\u00a0: 5"),
        [f"{F}:6: 'daily_minutes' has an invisible space in it (often pasted from an email or a web page) — delete "
         "this line and type it again"],
    ),
    "yaml syntax": (
        BASE.replace("  - Holding a crayon", "  - Holding: a: crayon"),
        [f"{F}:5: YAML cannot read this line (mapping values are not allowed here) — a ':' inside a value "
         'confuses YAML: put the whole value in "double quotes"'],
    ),
    "tab indent": (
        BASE.replace("  - Holding a crayon", "\t- Holding a crayon"),
        [f"{F}:5: YAML cannot read this line (found character '\\t' that cannot start any token) — a tab "
         "character is used for indenting: indent with spaces only"],
    ),
    "missing key": (
        BASE.replace("child: Mateo\n", ""),
        [f"{F}:1: 'child' is missing — add 'child:' (the child's first name or nickname)"],
    ),
    "unknown key": (
        BASE.replace("daily_minutes: 5", "daily_minute: 5"),
        [f"{F}:6: unknown key 'daily_minute' (did you mean 'daily_minutes'?) — use one of: child, age, "
         "link, log, previous_links, therapist, focus, daily_minutes, practice_time, routines, starts, review, "
         "changes, check_ins, activities, format, rewards"],
    ),
    "unknown nested key": (
        BASE.replace("    minutes: 1\n", "    minuts: 1\n"),
        [f"{F}:14: unknown key 'minuts' in activities (did you mean 'minutes'?) — use one of: id, minutes, days, "
         "routine, time, note"],
    ),
    "wrong type": (
        BASE.replace("daily_minutes: 5", "daily_minutes: five"),
        [f"{F}:6: 'daily_minutes' must be a whole number of minutes from 1 to 30, not 'five' — write e.g. "
         "'daily_minutes: 2'"],
    ),
    "wrong type in a list": (
        BASE.replace("  - Holding a crayon", "  - {a: 1}"),
        [f"{F}:5: item 1 of 'focus' is not plain text — write it as '- some words'"],
    ),
    "unknown activity": (
        BASE.replace("id: spoon-scooping", "id: spoon-scoping"),
        [f"{F}:13: there is no activity 'spoon-scoping' in docs/activities/ (did you mean 'spoon-scooping'?) — "
         "check the spelling, or add docs/activities/spoon-scoping.md"],
    ),
    "same activity twice": (
        BASE.replace("id: spoon-scooping", "id: putty-pinch-and-find"),
        [f"{F}:13: 'putty-pinch-and-find' is in the plan twice (also on line 10) — keep one entry and put all "
         "its days in it"],
    ),
    "bad day name": (
        BASE.replace("[mon, wed, fri]", "[mon, wendesday, Friday]"),
        [f"{F}:12: 'wendesday' is not a day (did you mean 'wed'?) — use mon, tue, wed, thu, fri, sat, sun, or "
         "the words daily, weekdays or weekends"],
    ),
    "impossible date": (
        BASE.replace("2027-01-14", "2027-02-30"),
        [f"{F}:8: '2027-02-30' is not a real date — write it as year-month-day, e.g. 2027-01-14"],
    ),
    "date in another format": (
        BASE.replace("2027-01-14", "14/01/2027"),
        [f"{F}:8: '14/01/2027' is not a real date — write it as year-month-day, e.g. 2027-01-14"],
    ),
    "over the daily minutes": (
        BASE.replace("minutes: 2", "minutes: 5"),
        [f"{F}:9: Monday, Wednesday and Friday each add up to 6 minutes (putty-pinch-and-find 5, "
         "spoon-scooping 1), more than daily_minutes: 5 — shorten an activity's minutes or move one to another day"],
    ),
    "token too short": (
        BASE.replace("JT3sfNkrNrvU_iG28vphJJ7k", "abc123"),
        [f"{F}:2: the link token is too short (it needs at least 22 letters, digits, '-' or '_') — run "
         "'handbook rotate fam' to write a new, safe token"],
    ),
    "token missing": (
        BASE.replace("link: JT3sfNkrNrvU_iG28vphJJ7k\n", ""),
        [f"{F}:1: 'link' is missing — add 'link:' (run 'handbook rotate <family>' to write one)"],
    ),
    "bad time": (
        BASE.replace("daily_minutes: 5", 'daily_minutes: 5\npractice_time: "25:30"'),
        [f"{F}:7: practice_time '25:30' is not a time of day — write it as 24-hour hours and minutes in quotes, "
         'e.g. practice_time: "18:30"'],
    ),
    "bad routine time": (
        BASE.replace("daily_minutes: 5", 'daily_minutes: 5\nroutines:\n  after breakfast: "7.30"'),
        [f"{F}:8: after breakfast '7.30' is not a time of day — write it as 24-hour hours and minutes in quotes, "
         'e.g. after breakfast: "18:30"'],
    ),
    "bad check-in time": (
        BASE.replace("{date: 2027-01-14, how: phone}", '{date: 2027-01-14, time: "4pm", how: phone}'),
        [f"{F}:8: time '4pm' is not a time of day — write it as 24-hour hours and minutes in quotes, "
         'e.g. time: "18:30"'],
    ),
    "bad review date": (
        BASE.replace("daily_minutes: 5", "daily_minutes: 5\nreview: March 2027"),
        [f"{F}:7: 'March 2027' is not a real date — write it as year-month-day, e.g. 2027-01-14"],
    ),
    "bad star-chart id": (
        BASE.replace("link: JT3sfNkrNrvU_iG28vphJJ7k\n", "link: JT3sfNkrNrvU_iG28vphJJ7k\nlog: mateo\n"),
        [f"{F}:3: 'mateo' is not a star chart id (16 to 64 letters, digits, '-' or '_') — delete the 'log:' line, "
         "then run 'handbook check --fix' to add one; a family's star chart follows its id, so never copy one "
         "from another plan"],
    ),
    "an old link written in clear": (
        BASE.replace("link: JT3sfNkrNrvU_iG28vphJJ7k\n",
                     "link: JT3sfNkrNrvU_iG28vphJJ7k\nprevious_links: [Q7hhs8vYp2WkqLz0aXbC3dEf]\n"),
        [f"{F}:3: 'Q7hhs8vYp2WkqLz0aXbC3dEf' is not what 'handbook rotate' writes here — leave this list to "
         "'handbook rotate': it holds hashes of old links, never the links"],
    ),
    "save-up without goal": (
        BASE.replace("  goal: {stars: 20, reward: Playground trip}\n", ""),
        [f"{F}:16: a save-up reward needs a goal — add 'goal: {{stars: 20, reward: ...}}' under rewards, or use "
         "'style: small-and-often'"],
    ),
    "several problems at once": (
        BASE.replace("child: Mateo\n", "").replace("[mon, wed, fri]", "[mon, wendesday]")
            .replace("2027-01-14", "2027-13-01"),
        [f"{F}:1: 'child' is missing — add 'child:' (the child's first name or nickname)",
         f"{F}:7: '2027-13-01' is not a real date — write it as year-month-day, e.g. 2027-01-14",
         f"{F}:11: 'wendesday' is not a day (did you mean 'wed'?) — use mon, tue, wed, thu, fri, sat, sun, or "
         "the words daily, weekdays or weekends"],
    ),
}


def _write_plan(project: Path, content: str | bytes) -> None:
    for old in (project / "families").glob("*.yaml"):
        old.unlink()
    path = project / F
    path.write_bytes(content if isinstance(content, bytes) else content.encode())


def test_a_check_in_in_the_past_is_a_warning_that_names_its_line(project: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_TODAY", "2027-01-15")
    _write_plan(project, BASE)
    result = handbook(project, "check")
    assert result.exit_code == 0, result.output
    assert f"  {F}:8: the check-in on 2027-01-14 is in the past — change it to the next check-in's date, or delete " \
           "it" in result.output.splitlines()
    monkeypatch.setenv("HANDBOOK_TODAY", "2027-01-14")  # on the day itself, it is today's check-in
    assert "in the past" not in handbook(project, "check").output


def test_the_base_plan_is_valid(project: Path) -> None:
    _write_plan(project, BASE)
    result = handbook(project, "check")
    assert result.exit_code == 0, result.output
    assert "ok  fam: Mateo, 2 activities on 7 days a week" in result.output


@pytest.mark.parametrize("case", list(CASES))
def test_each_problem_names_file_line_and_fix(project: Path, case: str) -> None:
    content, expected = CASES[case]
    _write_plan(project, content)
    result = handbook(project, "check")
    assert result.exit_code == 1
    lines = [line.strip() for line in result.output.splitlines()[1:]]
    assert lines == expected
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("content", "expected"), [
    (b"", f"{F}:1: the plan is empty — start from 'handbook new <family> --child <name>', or copy a sample plan"),
    (b"- child: Mateo\n", f"{F}:1: the plan must be a set of 'key: value' lines, not a list — start each line "
                          "with a key such as 'child:'"),
    (b"child: Mateo\nfocus: [\xe9]\n", f"{F}:2: the file is not UTF-8 text (byte 0xe9) — save it again as UTF-8 "
                                      "in your text editor"),
    (b"a: &x [1, 2]\nb: [*x, *x]\n", f"{F}:1: YAML anchors and aliases (& and *) are not allowed here — write the "
                                     "value out in full"),
])
def test_unreadable_plans_fail_fast(project: Path, content: bytes, expected: str) -> None:
    _write_plan(project, content)
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert expected in result.output


def test_failed_build_leaves_the_previous_site_exactly_as_it_was(project: Path) -> None:
    assert handbook(project, "build").exit_code == 0
    before = site_files(project / "site")
    plan = project / "families" / "rivera.yaml"
    plan.write_text(plan.read_text().replace("id: spoon-scooping", "id: spoon-scoping"))
    result = handbook(project, "build")
    assert result.exit_code == 1
    assert "families/rivera.yaml:" in result.output and "spoon-scoping" in result.output
    assert site_files(project / "site") == before
    assert not (project / ".site-staging").exists()
