"""The star chart as a chart, in real headless Chromium with the fixed clock: a grid of days with a row for
each week, today marked, the goal as a progress bar, and a day card that says what the day really is
(a rest day, partly done, all done)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import SAMPLE_TOKENS, copy_project, family_dir, handbook
from parent_helpers import NOW, axe_violations, family_data, open_page, sample_log, static_server, stored_log

RIVERA, CHEN = SAMPLE_TOKENS["rivera"], SAMPLE_TOKENS["chen"]
TODAY = NOW.date()
FIRST_MONDAY = dt.date(2026, 11, 2)  # four weeks shown: the Monday three weeks before this one
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# each cell of the grid, in order: its day number, stars, label for screen readers, kind, and how it is marked
CELLS = """() => [...document.querySelectorAll("[data-hb-grid-weeks] tr")].map(row => [...row.cells].map(td => {
    const cell = td.firstElementChild;
    return {date: cell.querySelector("[data-hb-grid-date]").textContent,
            stars: cell.querySelector("[data-hb-grid-stars]").textContent,
            label: cell.querySelector("[data-hb-grid-label]").textContent,
            kind: ([...cell.classList].find(c => /^hb-grid-(future|rest|open|some|all)$/.test(c)) || "")
                .replace("hb-grid-", ""),
            button: cell.tagName === "BUTTON", current: cell.getAttribute("aria-current"),
            pressed: cell.getAttribute("aria-pressed"),
            border: getComputedStyle(cell).borderTopColor,
            number: getComputedStyle(cell.querySelector("[data-hb-grid-date]")).backgroundColor};
}))"""


def _english_date(day: dt.date) -> str:
    return f"{day:%A}, {day:%B} {day.day}"  # as the page writes dates in English: "Wednesday, November 25"


def _stars_by_day(log: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in log["entries"]:
        counts[e["date"]] = counts.get(e["date"], 0) + 1
    return counts


def _task(page: Any, title: str) -> Any:
    return page.locator("[data-hb-tasks] .hb-task").filter(has_text=title).locator("input[type=checkbox]")


def _planned(family: dict[str, Any], day: dt.date) -> list[dict[str, Any]]:
    return [a for a in family["activities"] if DAYS[day.weekday()] in a["days"]]


@pytest.fixture(scope="module")
def resting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    """Mateo's site with nothing planned on Sundays (his daily activity is weekdays only): its URL and data."""
    root = copy_project(tmp_path_factory.mktemp("resting") / "project")
    plan = root / "families" / "rivera.yaml"
    text = plan.read_text(encoding="utf-8")
    spoon = text.index("  - id: spoon-scooping")
    plan.write_text(text[:spoon] + text[spoon:].replace("days: daily", "days: weekdays", 1), encoding="utf-8")
    result = handbook(root, "build", "rivera")
    assert result.exit_code == 0, result.output
    family = family_data(root / "site", RIVERA)
    assert not _planned(family, dt.date(2026, 11, 29)), "the Sunday should have nothing planned"
    assert (family_dir(root, "rivera") / "log" / "index.html").is_file()
    for url in static_server(root / "site"):
        yield url, family


def test_the_grid_shows_each_days_stars_and_marks_today(browser: Any, site: str, rivera: dict[str, Any]) -> None:
    log = sample_log(rivera, days=14)  # back to Wednesday 11 November, not today
    log["entries"] += [{"date": "2026-11-18", "activity": a["id"], "title": a["title"], "minutes": a["minutes"],
                        "rating": None} for a in rivera["activities"] if a["id"] not in
                       {e["activity"] for e in log["entries"] if e["date"] == "2026-11-18"}]  # every activity: 5
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=log)
    headers = page.locator("[data-hb-grid] thead th").all_inner_texts()
    assert headers == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]  # Monday first, as the rest of the site
    weeks = page.evaluate(CELLS)
    assert len(weeks) == 4 and all(len(week) == 7 for week in weeks)
    stars = _stars_by_day(log)
    assert stars["2026-11-18"] == 5 and max(stars.values()) == 5 and min(stars.values()) == 1
    for n, cell in enumerate(cell for week in weeks for cell in week):
        day = FIRST_MONDAY + dt.timedelta(days=n)
        count = stars.get(day.isoformat(), 0)
        assert cell["date"] == str(day.day)
        if day > TODAY:
            assert (cell["stars"], cell["label"], cell["kind"]) == ("", _english_date(day), "future"), day
            continue
        drawn = "★" * count if count <= 3 else f"★ {count}"
        assert cell["stars"] == drawn, day
        planned = _planned(rivera, day)
        ticked = {e["activity"] for e in log["entries"] if e["date"] == day.isoformat()}
        if count:
            all_done = {a["id"] for a in planned} <= ticked
            assert cell["label"] == f"{_english_date(day)}: {count} star{'s' if count > 1 else ''}" + \
                (", all done" if all_done else ""), day
            assert cell["kind"] == ("all" if all_done else "some"), day
        else:
            assert cell["kind"] == "open" and planned, day  # planned, nothing ticked: a box to fill
            assert cell["label"] == f"{_english_date(day)}: no stars" + (" yet" if day == TODAY else ""), day
    today = [c for week in weeks for c in week if c["current"] == "date"]
    assert len(today) == 1 and today[0]["label"] == "Wednesday, November 25: no stars yet"
    assert today[0]["button"] and today[0]["pressed"] == "true"  # today is the day the card ticks
    others = [c for week in weeks for c in week if c["current"] is None]
    assert today[0]["number"] not in {c["number"] for c in others}  # seen, not only heard
    assert today[0]["border"] not in {c["border"] for c in others if c["pressed"] != "true"}
    # ticking today's practice puts its star on today's cell
    _task(page, _planned(rivera, TODAY)[0]["title"]).check()
    today_cell = page.locator("[data-hb-grid] [aria-current=date]")
    assert today_cell.locator("[data-hb-grid-stars]").inner_text() == "★"
    assert today_cell.locator("[data-hb-grid-label]").text_content() == "Wednesday, November 25: 1 star"
    page.context.close()


def test_a_day_of_the_last_week_is_picked_on_the_grid_for_ticking(browser: Any, site: str,
                                                                  rivera: dict[str, Any]) -> None:
    page = open_page(browser, f"{site}/{RIVERA}/log/")
    picks = page.locator("[data-hb-grid-pick]")
    assert picks.evaluate_all("els => els.map(e => e.getAttribute('data-hb-grid-pick'))") == \
        [(TODAY - dt.timedelta(days=back)).isoformat() for back in range(6, -1, -1)]  # no future, not older
    assert page.inner_text("[data-hb-more-box] summary") == "Did a different activity today?"
    page.click("[data-hb-grid-pick='2026-11-20']")
    assert page.inner_text("[data-hb-day-title]") == "Friday, November 20"
    assert page.evaluate("document.activeElement.matches('[data-hb-day-title]')")  # the reader is taken there
    assert page.get_attribute("[data-hb-grid-pick='2026-11-20']", "aria-pressed") == "true"
    assert page.locator("[data-hb-grid] [aria-pressed=true]").count() == 1
    assert page.inner_text("[data-hb-more-box] summary") == "Did a different activity that day?"
    friday = _planned(rivera, dt.date(2026, 11, 20))
    _task(page, friday[0]["title"]).check()
    assert page.locator("[data-hb-grid-pick='2026-11-20'] [data-hb-grid-stars]").inner_text() == "★"
    assert [e["date"] for e in stored_log(page, RIVERA)["entries"]] == ["2026-11-20"]
    page.click("[data-hb-day-next]")  # the day buttons move the grid's pick along
    assert page.get_attribute("[data-hb-grid-pick='2026-11-21']", "aria-pressed") == "true"
    assert page.get_attribute("[data-hb-grid-pick='2026-11-20']", "aria-pressed") == "false"
    page.context.close()


def test_the_goal_bar_is_the_stars_toward_the_goal_in_the_familys_words(browser: Any, site: str,
                                                                        rivera: dict[str, Any]) -> None:
    goal = rivera["rewards"]["goal"]
    log = sample_log(rivera, days=0, extra_stars=goal["stars"] + 7)
    log["rewards_claimed"] = [{"date": "2026-11-01", "stars": goal["stars"], "reward": goal["reward"]}]
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=log)
    bar = page.locator("progress[data-hb-goal-progress]")

    def shown() -> tuple[float, float, str]:
        name = bar.evaluate("el => el.getAttribute('aria-labelledby').split(' ')"
                            ".map(id => document.getElementById(id).textContent).join(' ')")
        return bar.evaluate("el => el.value"), bar.evaluate("el => el.max"), re.sub(r"\s+", " ", name).strip()

    assert shown() == (7, goal["stars"], f"7 of {goal['stars']} stars: {goal['reward']}")
    _task(page, _planned(rivera, TODAY)[0]["title"]).check()
    assert shown() == (8, goal["stars"], f"8 of {goal['stars']} stars: {goal['reward']}")
    assert page.inner_text("[data-hb-stars]") == f"★ {goal['stars'] + 8} stars so far."  # earned, spent or not
    page.context.close()


def test_a_rest_day_offers_no_tick_and_says_it_is_a_rest_day(browser: Any,
                                                             resting: tuple[str, dict[str, Any]]) -> None:
    url, _ = resting
    sunday = dt.datetime(2026, 11, 29, 17, 30, tzinfo=dt.timezone.utc)
    page = open_page(browser, f"{url}/{RIVERA}/log/", now=sunday)
    assert page.inner_text("[data-hb-day-title]") == "Today, Sunday, November 29"
    assert page.inner_text("[data-hb-day-summary]") == "A rest day: nothing planned. Enjoy the day!"
    assert page.locator(".hb-log-day").locator("input[type=checkbox]:visible").count() == 0
    more = page.locator("[data-hb-more-box]")
    assert more.get_attribute("open") is None and more.locator("summary").inner_text() == "Did some practice anyway?"
    cell = page.locator("[data-hb-grid] [aria-current=date]")
    assert cell.locator("[data-hb-grid-stars]").inner_text() == "–"
    assert cell.locator("[data-hb-grid-label]").text_content() == "Sunday, November 29: rest day"
    assert "hb-grid-rest" in (cell.get_attribute("class") or "")
    # the parent may still record something done anyway, and the day says so
    more.locator("summary").click()
    more.locator("input[type=checkbox]").first.check()
    assert page.inner_text("[data-hb-day-summary]") == "A rest day, and still 1 activity done. Well done!"
    assert cell.locator("[data-hb-grid-stars]").inner_text() == "★"
    page.context.close()


def test_a_past_rest_day_and_a_planned_day_with_nothing_ticked_look_different(
        browser: Any, resting: tuple[str, dict[str, Any]]) -> None:
    url, _ = resting
    page = open_page(browser, f"{url}/{RIVERA}/log/")  # Wednesday: Sunday 22 rested, Monday 23 had practice planned
    sunday = page.locator("[data-hb-grid-pick='2026-11-22']")
    monday = page.locator("[data-hb-grid-pick='2026-11-23']")
    assert sunday.locator("[data-hb-grid-label]").text_content() == "Sunday, November 22: rest day"
    assert monday.locator("[data-hb-grid-label]").text_content() == "Monday, November 23: no stars"
    looks = [cell.evaluate("el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).borderTopColor,"
                           " el.querySelector('[data-hb-grid-stars]').textContent]") for cell in (sunday, monday)]
    assert looks[0] != looks[1] and looks[0][2] == "–" and looks[1][2] == ""
    sunday.click()
    assert page.inner_text("[data-hb-day-summary]") == "A rest day: nothing planned. Enjoy the day!"
    assert page.locator("[data-hb-tasks] input[type=checkbox]").count() == 0
    page.context.close()


def test_a_partly_done_day_says_how_much_and_done_only_when_it_is(browser: Any, site: str,
                                                                  rivera: dict[str, Any]) -> None:
    planned = _planned(rivera, TODAY)
    assert len(planned) == 3
    page = open_page(browser, f"{site}/{RIVERA}/log/")
    summary = page.locator("[data-hb-day-summary]")
    assert summary.inner_text().startswith("3 activities, 5 minutes in all.")
    _task(page, planned[0]["title"]).check()
    assert summary.inner_text() == "1 of 3 activities done."
    _task(page, planned[1]["title"]).check()
    assert summary.inner_text() == "2 of 3 activities done."
    _task(page, planned[2]["title"]).check()
    assert summary.inner_text() == "All done today. Well done!"
    assert "hb-grid-all" in (page.locator("[data-hb-grid] [aria-current=date]").get_attribute("class") or "")
    page.click("[data-hb-day-prev]")
    assert page.inner_text("[data-hb-day-summary]").startswith("3 activities")  # Tuesday: nothing ticked
    page.context.close()


def test_small_and_often_names_the_reward_and_says_done_only_when_all_is(browser: Any, site: str,
                                                                         chen: dict[str, Any]) -> None:
    planned = _planned(chen, TODAY)
    reward = chen["rewards"]["small"]
    page = open_page(browser, f"{site}/{CHEN}/log/")
    text = page.locator("[data-hb-celebrate-text]")
    _task(page, planned[0]["title"]).check()
    assert text.inner_text() == f"A day with practice! Time for: {reward}."  # named right away, not "done"
    assert page.inner_text("[data-hb-day-summary]") == f"1 of {len(planned)} activities done."
    for activity in planned[1:]:
        _task(page, activity["title"]).check()
    assert text.inner_text() == f"Practice done today. Well done! Time for: {reward}."
    page.context.close()


@pytest.mark.parametrize("width, height", [(320, 640), (390, 844), (1280, 800)])
def test_the_chart_fits_the_screen_and_axe_finds_nothing(browser: Any, site: str, axe_source: str,
                                                        rivera: dict[str, Any], width: int, height: int) -> None:
    page = open_page(browser, f"{site}/{RIVERA}/log/", viewport={"width": width, "height": height},
                     log=sample_log(rivera, days=14))
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
                           " document.querySelector('[data-hb-grid]').getBoundingClientRect().right]")
    assert widths[0] <= widths[1] and widths[2] <= widths[1], widths
    cells = page.eval_on_selector_all("[data-hb-grid-weeks] td > *", """els => els.map(e => {
        const r = e.getBoundingClientRect(), s = e.querySelector("[data-hb-grid-stars]");
        return [r.width, r.height, s.scrollWidth <= Math.ceil(r.width)]; })""")
    assert len(cells) == 28
    assert all(w >= 24 and h >= 24 and fits for w, h, fits in cells), cells
    violations = axe_violations(page, axe_source)
    page.context.close()
    assert violations == [], json.dumps(violations, indent=1)


def test_the_pages_words_count_stars_as_the_paper_chart_does(built: Path) -> None:
    """One word for what is counted: stars, on the star chart and on the printed fridge chart."""
    site = built / "site" / RIVERA
    chart = (site / "log" / "index.html").read_text(encoding="utf-8")
    paper = (site / "handout" / "index.html").read_text(encoding="utf-8")
    assert "Every tick is a star." in chart and "Every tick is a star." in paper
    assert "The stars are saved only in this browser" in chart
    assert "<strong>20 stars:</strong> Trip to the playground with Dad. Stars so far:" in paper
    for page in (chart, paper):
        assert not re.search(r"\b\d+ ticks\b|\bticks (are|so far|in all)\b", page, re.I)


def test_earlier_weeks_are_added_to_the_top_of_the_grid(browser: Any, site: str, rivera: dict[str, Any]) -> None:
    log = sample_log(rivera, days=3, extra_stars=1)  # and one star 60 days ago, on Saturday 26 September
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=log)
    rows = page.locator("[data-hb-grid-weeks] tr")
    older = page.locator("[data-hb-grid-older]")
    assert rows.count() == 4 and older.is_visible()
    older.click()
    assert rows.count() == 8 and older.is_visible()
    first = rows.first.locator("td").first
    assert first.locator("[data-hb-grid-label]").text_content() == "Monday, October 5: no stars"
    older.click()
    assert rows.count() == 12 and older.is_hidden()  # nothing older than these weeks
    assert page.evaluate("document.activeElement.matches('[data-hb-grid]')")
    september = rows.locator("td").filter(has_text="Saturday, September 26")
    assert september.locator("[data-hb-grid-stars]").inner_text() == "★"
    assert rows.last.locator("[aria-current=date]").count() == 1  # this week stays at the bottom
    page.context.close()
