"""The parent's pages in real headless Chromium: today by the phone's date, ticks from an activity
page, videos that load only on a tap, and no request to any other site from any page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handbook.core.plan import DAY_NAMES
from handbook.core.project import Project

from conftest import SAMPLE_TOKENS
from parent_helpers import NOW, family_data, open_page, sample_log, stored_log, wait_until

RIVERA = SAMPLE_TOKENS["rivera"]


@pytest.fixture(scope="module")
def rivera_plan(built: Path) -> Any:
    return Project(built).plans(Project(built).library())["rivera"]


def _visible_today(page: Any) -> tuple[str, list[str], str]:
    day = page.locator("[data-hb-day]:visible")
    assert day.count() == 1
    titles = day.locator(".hb-today-link strong").all_inner_texts()
    return day.get_attribute("data-hb-day"), titles, day.locator(".hb-total, .hb-rest").inner_text()


@pytest.mark.parametrize("when, timezone, day", [
    (dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc), "Europe/London", "mon"),
    (dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.timezone.utc), "Europe/London", "sat"),
    # the same instant is still Sunday evening in New York but already Monday morning in Tokyo
    (dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.timezone.utc), "America/New_York", "sun"),
    (dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.timezone.utc), "Asia/Tokyo", "mon"),
])
def test_home_shows_the_activities_of_the_phones_own_day(browser: Any, site: str, built: Path, rivera_plan: Any,
                                                         when: dt.datetime, timezone: str, day: str) -> None:
    library = Project(built).library()
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id=timezone, locale="en-GB")
    page = open_page(browser, f"{site}/{RIVERA}/", now=when, context=context)
    shown, titles, total = _visible_today(page)
    assert shown == day
    assert titles == [library.activities[a.id].title for a in rivera_plan.activities_on(day)]
    minutes = rivera_plan.minutes_on(day)
    assert total.startswith(f"{minutes} minute{'s' if minutes != 1 else ''} in all")
    local = when.astimezone(ZoneInfo(timezone)).date()
    # written in the page's language (en), not the phone's (en-GB): "Today, Monday, November 23"
    assert local.month == 11 and page.inner_text("#hb-today-title") == f"Today, {DAY_NAMES[day]}, November {local.day}"
    card = page.locator(".hb-plan-week [aria-current=date]")
    assert card.count() == 1 and card.locator("h3").inner_text().startswith(DAY_NAMES[day])
    first = page.locator("[data-hb-day]:visible .hb-today-link").first
    first.click()  # one tap into the practice view
    assert page.url.endswith(f"/practice/#{rivera_plan.activities_on(day)[0].id}")
    context.close()


def test_home_marks_what_is_done_today_and_counts_stars(browser: Any, site: str, built: Path) -> None:
    family = family_data(built / "site", RIVERA)
    log = sample_log(family, days=2)
    wednesday = [a for a in family["activities"] if "wed" in a["days"]]
    log["entries"].append({"date": NOW.date().isoformat(), "activity": wednesday[1]["id"],
                           "title": wednesday[1]["title"], "minutes": wednesday[1]["minutes"], "rating": None})
    page = open_page(browser, f"{site}/{RIVERA}/", log=log)
    done = page.locator("[data-hb-day]:visible li.hb-is-done")
    assert done.count() == 1 and wednesday[1]["title"] in done.inner_text() and "done" in done.inner_text()
    goal = family["rewards"]["goal"]
    stars = len(log["entries"])
    assert page.inner_text("[data-hb-today-stars]") == \
        f"★ {stars} stars so far. {stars} of {goal['stars']} toward: {goal['reward']}."
    page.context.close()


def test_ticking_on_an_activity_page_fills_the_star_chart(browser: Any, site: str, rivera_plan: Any) -> None:
    activity = rivera_plan.activities_on("wed")[0]
    page = open_page(browser, f"{site}/{RIVERA}/activities/{activity.id}/")
    page.get_by_label("We did it today").check()
    assert page.inner_text("[data-hb-done-status]") == "Saved. Well done! 1 star so far."
    assert [(e["date"], e["activity"], e["minutes"]) for e in stored_log(page, RIVERA)["entries"]] == \
        [(NOW.date().isoformat(), activity.id, activity.minutes)]
    with page.expect_navigation(wait_until="load"):
        page.click("text=Open Mateo’s star chart")
    assert page.locator("[data-hb-tasks] input:checked").count() == 1
    page.context.close()


def test_self_hosted_video_plays_with_captions_showing(browser: Any, site: str) -> None:
    page = open_page(browser, f"{site}/{RIVERA}/activities/putty-pinch-and-find/")
    video = page.locator("video")
    assert video.evaluate("v => v.networkState === v.NETWORK_IDLE || v.readyState === 0")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    wait_until(page, "() => document.querySelector('video').currentTime > 0.2")
    assert video.evaluate("v => v.textTracks[0].mode") == "showing"
    wait_until(page, "() => document.querySelector('video').textTracks[0].cues.length > 0")
    assert "putty" in video.evaluate("v => v.textTracks[0].cues[0].text").lower()
    page.context.close()


def test_no_built_file_points_a_page_at_another_site(built: Path) -> None:
    """Every HTML and CSS file, read as text: nothing that loads on its own (src, poster, stylesheets,
    CSS url()) names another host. Plain links (<a href>) only go there when tapped."""
    loads = re.compile(r"""(?:\b(?:src|poster|srcset|data)=["']|<link[^>]+href=["']|url\(["']?)(?:https?:)?//""", re.I)
    found = []
    for file in (built / "site").rglob("*"):
        if file.suffix in (".html", ".css", ".svg"):
            text = re.sub(r"<template.*?</template>", "", file.read_text(encoding="utf-8"), flags=re.S)
            found += [f"{file.relative_to(built)}: {m.group(0)}" for m in loads.finditer(text)]
    assert found == []
