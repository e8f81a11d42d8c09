"""Doing today's practice from the phone, in real headless Chromium: ticks on the home page, the
practice view's countdown and reward, the child's view, "Next" in today's order, rest days, and
pictures that are all inline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from handbook.core.plan import DAYS
from handbook.core.project import Project

from conftest import SAMPLE_TOKENS, build_one, family_dir
from parent_helpers import NOW, TIMEZONE, open_page, static_server, stored_log, wait_until, watch_traffic

RIVERA = SAMPLE_TOKENS["rivera"]
WEDNESDAY = NOW.astimezone(dt.timezone.utc).date()  # parent_helpers' NOW is a Wednesday
SMALL_PHONE, PHONE = {"width": 320, "height": 640}, {"width": 390, "height": 844}
SHOWN = "[data-hb-practice]:not([hidden])"  # the practice view on screen: the page holds every activity's


@pytest.fixture(scope="module")
def rivera_plan(built: Path) -> Any:
    project = Project(built)
    return project.plans(project.library())["rivera"]


def _clocked(browser: Any, url: str, viewport: dict[str, int] = PHONE) -> Any:
    """A page whose clock starts at NOW and moves only when the test moves it (timers included)."""
    context = browser.new_context(viewport=viewport, timezone_id=TIMEZONE, locale="en-GB")
    page = context.new_page()
    page.clock.install(time=NOW)
    page.goto(url)
    return page


def _in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["x"] >= 0 and box["y"] + box["height"] <= size["height"] \
        and box["x"] + box["width"] <= size["width"]


def test_a_whole_wednesday_is_logged_from_home_with_one_tap_each(browser: Any, site: str, rivera_plan: Any) -> None:
    page = open_page(browser, f"{site}/{RIVERA}/")
    planned = [a.id for a in rivera_plan.activities_on("wed")]
    assert len(planned) == 3
    count = page.locator("[data-hb-day]:visible [data-hb-today-count]")
    for done, activity in enumerate(planned, start=1):
        page.click(f"[data-hb-day]:visible [data-hb-activity={activity}] [data-hb-tick]")
        tick = page.locator(f"[data-hb-day]:visible [data-hb-activity={activity}] [data-hb-tick]")
        assert tick.get_attribute("aria-pressed") == "true"
        assert count.inner_text() == ("All done today. Well done!" if done == 3 else f"{done} of 3 done")
    log = stored_log(page, RIVERA)
    assert sorted(e["activity"] for e in log["entries"]) == sorted(planned)
    assert {e["date"] for e in log["entries"]} == {WEDNESDAY.isoformat()}
    assert "3 stars so far" in page.inner_text("[data-hb-today-stars]")
    page.click(".hb-quick a[href='log/']")  # one tap to the star chart, where the three stars are
    wait_until(page, "() => document.querySelector('[data-hb-log]') && "
                     "document.body.innerText.includes('3 stars')")
    # a second tap takes a tick back, as a parent who tapped the wrong card expects
    page.go_back()
    first = page.locator(f"[data-hb-day]:visible [data-hb-activity={planned[0]}] [data-hb-tick]")
    first.click()
    assert first.get_attribute("aria-pressed") == "false"
    assert count.inner_text() == "2 of 3 done"
    page.context.close()


def test_a_card_opens_the_practice_view_and_the_countdown_runs_pauses_and_ends(browser: Any, site: str,
                                                                                rivera_plan: Any) -> None:
    first = rivera_plan.activities_on("wed")[0]
    page = _clocked(browser, f"{site}/{RIVERA}/")
    page.locator("[data-hb-day]:visible .hb-today-link").first.click()  # one tap into practice
    assert page.url.endswith(f"/practice/#{first.id}")
    wait_until(page, "() => { const t = document.querySelector('[data-hb-practice]:not([hidden]) [data-hb-timer]'); "
                     "return t && !t.hidden; }")
    time = page.locator(f"{SHOWN} [data-hb-timer-time]")
    dose = first.minutes * 60
    assert time.inner_text() == f"{dose // 60}:00 left"
    assert page.get_attribute(f"{SHOWN} [data-hb-timer-time]", "role") == "timer"
    start = page.locator(f"{SHOWN} [data-hb-timer-start]")
    assert start.inner_text() == "Start"
    start.click()
    page.clock.run_for(30_000)
    left = dose - 30
    assert time.inner_text() == f"{left // 60}:{left % 60:02d} left"
    ring = float(page.eval_on_selector(f"{SHOWN} [data-hb-ring]", "e => parseFloat(e.style.strokeDasharray)"))
    assert ring == pytest.approx(100 * left / dose, abs=1)
    assert start.inner_text() == "Pause"
    start.click()  # pause: the time stands still however long the phone waits
    page.clock.run_for(60_000)
    assert time.inner_text() == f"{left // 60}:{left % 60:02d} left"
    assert start.inner_text() == "Go on"
    start.click()
    page.clock.run_for((left + 1) * 1000)
    assert time.inner_text() == "0:00 left"
    assert page.inner_text(f"{SHOWN} [data-hb-timer-say]") == "Time is up. Well done!"
    assert page.is_disabled(f"{SHOWN} [data-hb-timer-start]")
    page.click(f"{SHOWN} [data-hb-timer-reset]")
    assert time.inner_text() == f"{dose // 60}:00 left"
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE], ids=["390x844", "320x640"])
def test_we_did_it_logs_and_the_reward_lands_in_view_then_next_follows_today(
        browser: Any, site: str, rivera_plan: Any, rivera: dict[str, Any], viewport: dict[str, int]) -> None:
    today = [a.id for a in rivera_plan.activities_on("wed")]
    page = open_page(browser, f"{site}/{RIVERA}/practice/#{today[0]}", viewport=viewport)
    wait_until(page, "() => { const b = document.querySelector('[data-hb-practice-bar]'); return b && !b.hidden; }")
    page.mouse.wheel(0, 600)  # down among the steps: "We did it" stays in reach
    assert _in_view(page, "[data-hb-did-it]")
    page.click("[data-hb-did-it]")
    for part in (".hb-reward-star", "[data-hb-reward-text]", "[data-hb-goal-bar]", "[data-hb-next]"):
        assert _in_view(page, part), part
    goal = rivera["rewards"]["goal"]
    assert page.get_attribute("[data-hb-goal-bar]", "aria-valuenow") == "1"
    assert page.get_attribute("[data-hb-goal-bar]", "aria-valuemax") == str(goal["stars"])
    assert page.inner_text("[data-hb-goal-text]") == f"1 of {goal['stars']} stars: {goal['reward']}"
    page.click("[data-hb-rate] label:has(input[value=just-right])")  # the optional second tap
    entry = stored_log(page, RIVERA)["entries"][0]
    assert (entry["activity"], entry["rating"]) == (today[0], "just-right")
    next_link = page.locator("[data-hb-next]")
    assert next_link.inner_text() == f"Next: {rivera_plan.activities_on('wed')[1].activity.title}"
    next_link.click()
    assert page.url.endswith(f"/practice/#{today[1]}")
    # one view at a time: the next activity's, with its own countdown, and "We did it" for it
    assert page.locator("[data-hb-practice]:visible").count() == 1
    assert page.inner_text(f"{SHOWN} h1") == rivera_plan.activities_on("wed")[1].activity.title
    assert page.is_visible("[data-hb-did-it]")
    page.click("[data-hb-did-it]")
    page.click("[data-hb-next]")
    page.click("[data-hb-did-it]")  # the last of today's
    assert page.inner_text("[data-hb-next]") == "All done for today!"
    assert page.inner_text("[data-hb-goal-text]") == f"3 of {goal['stars']} stars: {goal['reward']}"
    page.click("[data-hb-next]")
    assert page.url.endswith(f"/{RIVERA}/")
    assert page.inner_text("[data-hb-day]:visible [data-hb-today-count]") == "All done today. Well done!"
    page.context.close()


def test_undo_takes_the_star_back(browser: Any, site: str, rivera_plan: Any) -> None:
    first = rivera_plan.activities_on("wed")[0].id
    page = open_page(browser, f"{site}/{RIVERA}/practice/#{first}")
    page.click("[data-hb-did-it]")
    page.click("[data-hb-undo]")
    assert page.is_visible("[data-hb-did-it]") and not page.is_visible("[data-hb-reward]")
    assert stored_log(page, RIVERA)["entries"] == []
    page.context.close()


def test_next_at_the_foot_of_an_activity_follows_todays_list(browser: Any, site: str, rivera_plan: Any) -> None:
    tuesday = NOW - dt.timedelta(days=1)
    today = rivera_plan.activities_on("tue")
    # in the plan's order the putty's "Next" is the tongs, a Saturday activity
    plan_order = [a.id for a in rivera_plan.activities]
    assert plan_order.index(today[0].id) + 1 != plan_order.index(today[1].id)
    page = open_page(browser, f"{site}/{RIVERA}/activities/{today[0].id}/", now=tuesday)
    for following in today[1:]:
        _wait_for_next(page, f"/{following.id}/")
        assert page.inner_text(".md-footer__link--next .md-ellipsis") == following.activity.title
        page.click(".md-footer__link--next")
        assert page.url.endswith(f"/activities/{following.id}/")
    # after the last of today's, "Next" leads back to today
    _wait_for_next(page, f"/{RIVERA}/")
    assert page.inner_text(".md-footer__link--next .md-ellipsis") == "Today"
    page.context.close()


def _wait_for_next(page: Any, ending: str) -> None:
    wait_until(page, "() => { const next = document.querySelector('.md-footer__link--next'); "
                     f"return next && next.href.endsWith('{ending}'); }}")


@pytest.mark.parametrize("viewport", [SMALL_PHONE, {"width": 740, "height": 360}], ids=["320x640", "landscape"])
def test_the_child_marks_done_and_sees_the_star_and_the_goal_fill(
        browser: Any, site: str, rivera_plan: Any, rivera: dict[str, Any], viewport: dict[str, int]) -> None:
    today = [a.id for a in rivera_plan.activities_on("wed")]
    page = open_page(browser, f"{site}/{RIVERA}/child/", viewport=viewport)
    wait_until(page, "() => document.querySelector('.hb-child-now')")
    shown = page.eval_on_selector_all("[data-hb-child-card]:not([hidden])",
                                      "cards => cards.map(c => c.dataset.hbChildCard)")
    assert shown == today  # today's pictures only, in today's order
    assert page.get_attribute(".hb-child-now", "data-hb-child-card") == today[0]
    assert page.get_attribute(".hb-child-next", "data-hb-child-card") == today[1]
    done = page.locator(".hb-child-now [data-hb-child-done]")
    title = rivera_plan.activities_on("wed")[0].activity.title
    assert done.get_attribute("aria-label") == f"Done: {title}"
    box = done.bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44 and _in_view(page, ".hb-child-now [data-hb-child-done]")
    done.click()
    assert page.is_visible(f"[data-hb-child-card={today[0]}] [data-hb-child-star]")
    assert page.get_attribute(".hb-child-now", "data-hb-child-card") == today[1]
    goal = rivera["rewards"]["goal"]
    assert page.inner_text("[data-hb-child-goal-text]") == f"1 of {goal['stars']} stars: {goal['reward']}"
    height = float(page.get_attribute("[data-hb-child-goal-rect]", "height") or "0")
    assert height == pytest.approx(24 / goal["stars"], abs=0.01)  # the goal's star is filling
    assert page.inner_text("[data-hb-child-small]") == f"Now: {rivera['rewards']['small']}"
    assert [e["activity"] for e in stored_log(page, RIVERA)["entries"]] == [today[0]]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= viewport["width"]
    page.context.close()


def test_speech_stays_off_until_the_parent_turns_it_on(browser: Any, site: str) -> None:
    page = open_page(browser, f"{site}/{RIVERA}/child/")
    page.evaluate("() => { window.said = []; speechSynthesis.speak = u => window.said.push(u.text); }")
    page.click(".hb-child-now .hb-child-picture")
    assert page.evaluate("() => window.said") == []
    page.check("[data-hb-child-speak]")
    page.click(".hb-child-now .hb-child-picture")
    said = page.evaluate("() => window.said")
    assert said and said[-1] == page.inner_text(".hb-child-now .hb-child-name")
    page.reload()
    assert page.is_checked("[data-hb-child-speak]")  # kept on this phone
    page.context.close()


@pytest.fixture(scope="module")
def rest_day_site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Mateo's site with Sunday free: the spoon practice moved to weekdays and Saturday."""
    from conftest import copy_project
    project = copy_project(tmp_path_factory.mktemp("rest"))
    plan = project / "families" / "rivera.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "    days: daily\n    routine: at breakfast" in text
    plan.write_text(text.replace("    days: daily\n    routine: at breakfast",
                                 "    days: [mon, tue, wed, thu, fri, sat]\n    routine: at breakfast"),
                    encoding="utf-8")
    build_one(project, "rivera", project / "site")
    yield from static_server(family_dir(project, "rivera").parent)


def test_a_rest_day_offers_no_tick(browser: Any, rest_day_site: str) -> None:
    sunday = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.timezone.utc)
    page = open_page(browser, f"{rest_day_site}/{RIVERA}/", now=sunday)
    day = page.locator("[data-hb-day]:visible")
    assert day.get_attribute("data-hb-day") == DAYS[6]
    assert day.inner_text().strip() == "No practice today. Enjoy the day together!"
    assert page.locator("[data-hb-tick]:visible").count() == 0
    assert not page.is_visible("[data-hb-today-stars]")  # no "tick today's practice" on a day without any
    child = open_page(browser, f"{rest_day_site}/{RIVERA}/child/", now=sunday)
    wait_until(child, "() => !document.querySelector('[data-hb-child-rest]').hidden")
    assert child.locator("[data-hb-child-done]:visible").count() == 0
    page.context.close()
    child.context.close()


def test_every_picture_is_inline_and_nothing_leaves_the_site(browser: Any, site: str, rivera_plan: Any) -> None:
    context = browser.new_context(viewport=PHONE, timezone_id=TIMEZONE)
    traffic = watch_traffic(context, site)
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    pages = ["", "child/", *(f"practice/#{a.id}" for a in rivera_plan.activities)]
    for path in pages:
        page.goto(f"{site}/{RIVERA}/{path}")
        pictures = page.locator(".hb-picture")
        assert pictures.count() >= 1, path
        assert page.eval_on_selector_all(".hb-picture", "ps => ps.every(p => p.tagName.toLowerCase() === 'svg')")
    assert traffic.foreign == [] and traffic.refused == []
    # no picture fetched: each is drawn in the page (the icons are the home screen's, not the page's)
    assert not [url for url in traffic.loaded if url.endswith((".svg", ".png", ".jpg"))
                and "favicon" not in url and "/assets/icons/" not in url]
    context.close()
