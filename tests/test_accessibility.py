"""WCAG 2.2 AA in a real browser: axe-core on every page type, touch targets, 320 px, keyboard."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest

from conftest import SAMPLE_TOKENS
from parent_helpers import NOW, TIMEZONE, axe_violations, open_page, sample_log, wait_until

if TYPE_CHECKING:
    from playwright.sync_api import Browser

TODAY = NOW.astimezone(ZoneInfo(TIMEZONE)).date().isoformat()  # the day the pages' fixed clock shows
VIEWPORTS = {"small-phone": {"width": 320, "height": 640}, "phone": {"width": 390, "height": 844},
             "desktop": {"width": 1280, "height": 800}}
RIVERA = SAMPLE_TOKENS["rivera"]
OKAFOR = SAMPLE_TOKENS["okafor"]
PAGES = {
    "home": f"{RIVERA}/",
    "home-print-family": f"{OKAFOR}/",
    "activity-with-video": f"{RIVERA}/activities/putty-pinch-and-find/",
    "practice": f"{RIVERA}/practice/#big-button-practice",
    "child": f"{RIVERA}/child/",
    "guidance": f"{RIVERA}/guidance/",
    "reward-log": f"{RIVERA}/log/",
    "handout": f"{OKAFOR}/handout/",
}

READY = {"practice": "[data-hb-practice-bar]:not([hidden])", "child": ".hb-child-now"}  # their scripts have run


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(browser: Browser, site: str, axe_source: str, rivera: dict[str, Any],
                                 name: str, viewport: str) -> None:
    # the log with weeks of stars, ratings and the goal reached, so every part of it is on screen
    page = open_page(browser, site + "/" + PAGES[name], viewport=VIEWPORTS[viewport],
                     log=sample_log(rivera, days=24) if name == "reward-log" else None)
    if name in READY:
        wait_until(page, f"() => document.querySelector({json.dumps(READY[name])})")
    violations = axe_violations(page, axe_source)
    page.context.close()
    assert violations == [], json.dumps(violations, indent=1)


SMALL_CONTROLS = """() => {
    const controls = document.querySelectorAll(
        ".md-content button, .md-content input, .md-content summary, .md-content .md-button, " +
        ".md-content .hb-button, .md-content .hb-today-link, .md-content .hb-check, .md-content .hb-rating label, " +
        ".md-content .hb-rate label, .md-content .hb-quick a, .md-content .hb-plan-week a, .md-content .hb-back a, " +
        ".md-header label.md-header__button, .md-footer a");
    return [...controls].filter(el => {
        const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        if (s.visibility === "hidden" || s.display === "none" || r.width === 0 || el.closest("[hidden]")) return false;
        if (el.matches("input[type=checkbox], input[type=radio]") && el.closest("label")) return false;
        return r.width < 24 || r.height < 24;
    }).map(el => el.outerHTML.slice(0, 80) + " " + Math.round(el.getBoundingClientRect().width) + "x" +
                 Math.round(el.getBoundingClientRect().height));
}"""


@pytest.mark.parametrize("name", PAGES)
def test_at_320_px_nothing_scrolls_sideways_and_touch_targets_are_24_px(browser: Browser, site: str,
                                                                       rivera: dict[str, Any], name: str) -> None:
    page = open_page(browser, site + "/" + PAGES[name], viewport={"width": 320, "height": 640},
                     log=sample_log(rivera, days=10) if name == "reward-log" else None)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    small = page.evaluate(SMALL_CONTROLS)
    page.context.close()
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px screen"
    assert small == []


# The controls a parent or child uses for the day's practice: WCAG 2.2's enhanced 44 px, not just the 24 px minimum
PRIMARY_CONTROLS = {
    "home": "[data-hb-tick], .hb-today-link, .hb-quick a, .hb-reach a, .hb-calendar-link",
    "practice": "[data-hb-timer-start], [data-hb-timer-reset], [data-hb-did-it], .hb-back a",
    "child": "[data-hb-child-done], .hb-back a, .hb-child-speak label",
}


@pytest.mark.parametrize("width, height", [(320, 640), (390, 844)])
@pytest.mark.parametrize("name", PRIMARY_CONTROLS)
def test_primary_controls_are_at_least_44_px(browser: Browser, site: str, name: str, width: int, height: int) -> None:
    page = open_page(browser, site + "/" + PAGES[name], viewport={"width": width, "height": height})
    ready = READY.get(name, PRIMARY_CONTROLS[name])  # the page's script has shown its controls
    wait_until(page, f"() => [...document.querySelectorAll({json.dumps(ready)})]"
                     ".some(e => e.getBoundingClientRect().width > 0)")
    sizes = page.eval_on_selector_all(PRIMARY_CONTROLS[name], """els => els
        .filter(e => e.getBoundingClientRect().width > 0)
        .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().width, e.getBoundingClientRect().height])""")
    page.context.close()
    assert len(sizes) >= 2
    assert [s for s in sizes if s[1] < 44 or s[2] < 44] == []


def test_the_whole_reward_log_works_by_keyboard(browser: Browser, site: str, rivera: dict[str, Any]) -> None:
    page = open_page(browser, site + f"/{RIVERA}/log/", viewport=VIEWPORTS["phone"],
                     log=sample_log(rivera, days=0, extra_stars=19))

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("[data-hb-tasks] input[type=checkbox]")
    page.keyboard.press("Space")
    assert page.locator("[data-hb-tasks] input[type=checkbox]").first.is_checked()
    tab_to("[data-hb-tasks] input[type=radio]")
    page.keyboard.press("ArrowRight")  # from "easy" to "just right"
    assert page.evaluate("() => document.activeElement.value") == "just-right"
    assert "20 of 20" in page.locator("[data-hb-goal-count]").inner_text()
    tab_to("[data-hb-claim]")
    page.keyboard.press("Enter")
    assert "0 of 20" in page.locator("[data-hb-goal-count]").inner_text()
    tab_to("[data-hb-day-prev]")
    page.keyboard.press("Enter")
    assert page.locator("[data-hb-day-title]").inner_text().startswith("Yesterday")
    tab_to("[data-hb-export-json]")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    exported = json.loads(Path(download.value.path()).read_text())
    assert [e["rating"] for e in exported["entries"] if e["date"] == TODAY][-1:] == ["just-right"]
    assert len(exported["rewards_claimed"]) == 1
    tab_to("#hb-import-file")  # a native file input: reachable by Tab, opened by Space or Enter
    page.locator("#hb-import-file:focus").set_input_files(download.value.path())
    assert "already here" in wait_until(page, "() => document.querySelector('[data-hb-import-result]').textContent")
    page.context.close()
