"""``handbook report``: figures for the check-in call, from reward-log exports in the agreed format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from handbook.commands.report import current_streak, longest_streak

from conftest import SAMPLE_TOKENS, handbook

RIVERA = SAMPLE_TOKENS["rivera"]  # Mateo; every day has something planned
CHEN = SAMPLE_TOKENS["chen"]


def entry(date: str, activity: str, title: str, minutes: int, rating: str | None) -> dict[str, Any]:
    return {"date": date, "activity": activity, "title": title, "minutes": minutes, "rating": rating}


MATEO_ENTRIES = [
    entry("2026-11-20", "putty-pinch-and-find", "Putty Pinch and Find", 2, "hard"),
    entry("2026-11-20", "spoon-scooping", "Spoon Scooping", 1, "easy"),
    entry("2026-11-21", "tong-transfer-pom-poms", "Tong Transfer", 2, None),
    entry("2026-11-23", "putty-pinch-and-find", "Putty Pinch and Find", 2, "hard"),
    entry("2026-11-24", "big-button-practice", "Big Button Practice", 2, "just-right"),
    entry("2026-11-25", "putty-pinch-and-find", "Putty Pinch and Find", 2, "easy"),
    entry("2026-11-26", "spoon-scooping", "Spoon Scooping", 1, None),
    entry("2026-11-27", "big-button-practice", "Big Button Practice", 2, "hard"),
]


def export(token: str = RIVERA, child: str = "Mateo", entries: list[dict[str, Any]] | None = None,
           claimed: list[dict[str, Any]] | None = None,
           exported_at: str = "2026-11-27T18:40:00.000Z") -> dict[str, Any]:
    return {"schema": "family-handbook-log", "version": 1, "link": token, "child": child,
            "exported_at": exported_at, "entries": MATEO_ENTRIES if entries is None else entries,
            "rewards_claimed": claimed if claimed is not None else
            [{"date": "2026-11-26", "stars": 5, "reward": "Extra bedtime story"}]}


def write(folder: Path, name: str, data: object, indent: int | None = 2) -> str:
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=indent), encoding="utf-8")
    return str(path)


def test_text_report_gives_the_figures_of_a_known_export(project: Path) -> None:
    result = handbook(project, "report", "--today", "2026-11-28", write(project, "mateo.json", export()))

    assert result.exit_code == 0, result.output
    assert result.output == (  # Mateo's plan has something every day, 36 minutes from Friday 20 to Friday 27
        "Mateo (rivera)\n"
        "  Needs attention marked hard most times: Putty Pinch and Find\n"
        "  From 2026-11-20 to 2026-11-27 (1 export)\n"
        "  Practice days   7 of 8 planned days\n"
        "  Minutes         14 of 36 planned (about 2 a practice day)\n"
        "  Last log        2026-11-27 (yesterday)\n"
        "  Streak          5 days now, longest 5\n"
        "  Stars           8 earned, 5 spent on rewards\n"
        "  Marked hard     Putty Pinch and Find (2 of 3); once: Big Button Practice\n"
        "  Done            Putty Pinch and Find ×3, Big Button Practice ×2, Spoon Scooping ×2, Tong Transfer ×1\n"
    )


def test_json_report_gives_the_same_figures_for_machines(project: Path) -> None:
    result = handbook(project, "report", "--json", "--today", "2026-11-28",
                      write(project, "mateo.json", export(), indent=None))

    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert {k: report[k] for k in ("family", "child", "token", "first_day", "last_day", "days", "practice_days",
                                   "minutes", "streak", "longest_streak", "stars_earned", "stars_claimed",
                                   "days_planned", "planned_days_practised", "minutes_planned", "last_log",
                                   "days_since_log", "no_log_14_days", "matched_by", "archived")} == {
        "family": "rivera", "child": "Mateo", "token": RIVERA, "first_day": "2026-11-20", "last_day": "2026-11-27",
        "days": 8, "practice_days": 7, "minutes": 14, "streak": 5, "longest_streak": 5,
        "stars_earned": 8, "stars_claimed": 5, "days_planned": 8, "planned_days_practised": 7, "minutes_planned": 36,
        "last_log": "2026-11-27", "days_since_log": 1, "no_log_14_days": False, "matched_by": "link",
        "archived": False,
    }
    assert [a["activity"] for a in report["often_hard"]] == ["putty-pinch-and-find"]
    assert len(report["weeks"]) == 8 and report["weeks"][-1] == {
        "start": "2026-11-23", "planned": 5, "practised": 5, "days": 5, "not_covered": 0}
    assert [(a["activity"], a["hard"], a["times"]) for a in report["hard"]] == [
        ("putty-pinch-and-find", 2, 3), ("big-button-practice", 1, 2)]
    assert report["rewards_claimed"] == [{"date": "2026-11-26", "stars": 5, "reward": "Extra bedtime story"}]


def test_two_exports_of_one_family_are_merged_without_counting_a_day_twice(project: Path) -> None:
    older = export(entries=MATEO_ENTRIES[:4], exported_at="2026-11-23T20:00:00.000Z")
    result = handbook(project, "report", "--json", write(project, "old.json", older),
                      write(project, "new.json", export()))

    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert (report["practice_days"], report["minutes"], report["stars_earned"]) == (7, 14, 8)
    assert len(report["files"]) == 2


def test_each_family_gets_its_own_report(project: Path) -> None:
    leo = export(token=CHEN, child="Leo",
                 entries=[entry("2026-11-27", "stringing-beads", "Stringing Beads", 3, "hard")], claimed=[])
    result = handbook(project, "report", "--json", write(project, "mateo.json", export()),
                      write(project, "leo.json", leo))

    assert result.exit_code == 0, result.output
    by_family = {r["family"]: r for r in json.loads(result.output)}
    assert set(by_family) == {"rivera", "chen"}
    assert (by_family["chen"]["child"], by_family["chen"]["minutes"]) == ("Leo", 3)


def test_since_counts_only_from_that_day(project: Path) -> None:
    result = handbook(project, "report", "--json", "--since", "2026-11-24", write(project, "mateo.json", export()))

    [report] = json.loads(result.output)
    assert (report["first_day"], report["days"], report["practice_days"], report["minutes"]) == ("2026-11-24", 4, 4, 7)
    assert (report["days_planned"], report["minutes_planned"]) == (4, 20)


def test_an_export_whose_link_no_plan_uses_is_still_reported(project: Path) -> None:
    old_link = "Old_link_from_before_rotation"
    result = handbook(project, "report", write(project, "mateo.json", export(token=old_link)))

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Mateo (unknown family, link Old_…)"


def test_a_spreadsheet_export_is_read_too(project: Path) -> None:
    csv_text = ("date,activity,title,minutes,rating\r\n"
                "2026-11-26,putty-pinch-and-find,Putty Pinch and Find,2,hard\r\n"
                "2026-11-27,spoon-scooping,'-Spoon- Scooping,1,\r\n")
    result = handbook(project, "report", "--json", write(project, "mateo.csv", csv_text))

    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert (report["family"], report["token"], report["practice_days"], report["minutes"]) == (None, None, 2, 3)
    assert [a["title"] for a in report["activities"]] == ["-Spoon- Scooping", "Putty Pinch and Find"]


def test_a_file_that_is_not_an_export_is_refused_with_its_name(project: Path) -> None:
    result = handbook(project, "report", write(project, "notes.json", {"hello": 1}))

    assert result.exit_code == 1
    assert "notes.json:1: this is not a Family Handbook log export — ask the family to export the log again " \
           "from their practice page" in result.output


def test_a_cut_off_export_names_the_line(project: Path) -> None:
    text = json.dumps(export(), indent=2)
    result = handbook(project, "report", write(project, "cut.json", text[: len(text) // 2]))

    assert result.exit_code == 1
    assert "cut.json:" in result.output and "this is not a complete log export" in result.output


def test_a_bad_entry_is_reported_at_its_own_line(project: Path) -> None:
    entries = [*MATEO_ENTRIES[:2], {**MATEO_ENTRIES[2], "rating": "awful"}]
    path = write(project, "bad.json", export(entries=entries))
    line = next(i for i, text in enumerate(Path(path).read_text().splitlines(), 1) if '"awful"' in text)

    result = handbook(project, "report", path)

    assert result.exit_code == 1
    assert f"bad.json:{line - 5}: entry 3 has the rating 'awful'; expected easy, just-right, hard or none" \
        in result.output


def test_a_newer_export_version_asks_to_update(project: Path) -> None:
    result = handbook(project, "report", write(project, "v2.json", {**export(), "version": 2}))

    assert result.exit_code == 1
    assert "v2.json:1: this export is version 2; this handbook reads version 1" in result.output


def test_a_missing_file_is_a_usage_error(project: Path) -> None:
    result = handbook(project, "report", "nowhere.json")

    assert result.exit_code == 2
    assert "'nowhere.json' does not exist" in result.output


@pytest.mark.parametrize(("done", "expected"), [
    (["2026-11-25", "2026-11-26", "2026-11-27"], 3),  # up to today
    (["2026-11-25", "2026-11-26"], 2),  # today is not over yet
    (["2026-11-24", "2026-11-25"], 0),  # yesterday was missed
])
def test_the_streak_runs_up_to_the_export_day(done: list[str], expected: int) -> None:
    days = [dt.date.fromisoformat(d) for d in done]
    assert current_streak(days, dt.date(2026, 11, 27)) == expected


def test_a_day_with_nothing_planned_does_not_break_the_streak() -> None:
    weekdays_only = frozenset(range(5))
    days = [dt.date(2026, 11, 20), dt.date(2026, 11, 23)]  # Friday, then Monday
    assert current_streak(days, dt.date(2026, 11, 23), weekdays_only) == 2
    assert current_streak(days, dt.date(2026, 11, 23)) == 1
    assert longest_streak(days, weekdays_only) == 2
