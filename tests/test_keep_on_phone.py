"""Keeping the star chart on the phone, in real headless Chromium: the note after the first tick (once, in the
words of the parent's phone, never when installed), whether the browser keeps the site's data, and the offer of
a saved copy after 30 days."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import SAMPLE_TOKENS
from parent_helpers import NOW, TIMEZONE, axe_violations, open_page, sample_log, wait_until

RIVERA = SAMPLE_TOKENS["rivera"]
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")
IPAD = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
        "Safari/605.1.15")  # an iPad asks for the desktop site; only its touch screen tells it apart
ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
           "Mobile Safari/537.36")
WHY = " It keeps Mateo’s star chart safe on this phone."
IOS_LINE = "Keep this on your phone: tap Share , then Add to Home Screen." + WHY
OTHER_LINE = "Keep this on your phone: in the browser’s menu, add it to your home screen, or add a bookmark." + WHY
NOTICE = ".hb-keep-notice"
HOME_TICK = "[data-hb-day]:visible [data-hb-tick]"
SMALL = {"width": 320, "height": 640}
# the site as if opened from the home screen: matchMedia is the browser's own but for the display mode
STANDALONE = """{ const real = window.matchMedia.bind(window);
  window.matchMedia = q => /display-mode:\\s*standalone/.test(q)
    ? { matches: true, media: q, onchange: null, addListener() {}, removeListener() {}, addEventListener() {},
        removeEventListener() {}, dispatchEvent() { return false; } }
    : real(q); }"""
IOS_HOME_SCREEN = "Object.defineProperty(Navigator.prototype, 'standalone', { get: () => true });"
# one page, a case per reload (not on the new page's about:blank, which has no storage)
WHEN_ASKED = "if (location.protocol === 'http:' && sessionStorage.getItem('hb-test') === {case}) {{ {script} }}"
TOUCH_SCREEN = "Object.defineProperty(Navigator.prototype, 'maxTouchPoints', { get: () => 5 });"


def _phone(browser: Any, url: str, *, user_agent: str | None = None, init: str = "", viewport: dict[str, int] = SMALL,
           log: dict[str, Any] | None = None, now: dt.datetime = NOW, reduced_motion: str = "no-preference") -> Any:
    """A page in a fresh context as a phone of that kind opens it; ``init`` runs before the page's scripts."""
    options: dict[str, Any] = {"viewport": viewport, "timezone_id": TIMEZONE, "locale": "en-GB",
                               "accept_downloads": True, "reduced_motion": reduced_motion}
    if user_agent:
        options["user_agent"] = user_agent
    context = browser.new_context(**options)
    if init:
        context.add_init_script(init)
    context.fetched = []  # the page scripts fetched, by file name
    context.on("request", lambda r: context.fetched.append(r.url.rsplit("/", 1)[-1]))
    context.errors = []  # what the page scripts threw
    context.on("page", lambda page: page.on("pageerror", lambda err: context.errors.append(str(err))))
    return open_page(browser, url, context=context, log=log, now=now)


def _notice(page: Any) -> str:
    """The note's line, once it is there."""
    wait_until(page, "() => { const n = document.querySelector('.hb-keep-notice'); return n && n.textContent; }")
    return str(page.locator(f"{NOTICE} p").first.inner_text())


def _note_ran(page: Any) -> None:
    """keep_notice.js was fetched after a tick and has had its turn (it fills in its note after 50 ms)."""
    end = time.monotonic() + 10
    while "keep_notice.js" not in page.context.fetched:
        assert time.monotonic() < end, "keep_notice.js was never fetched"
        page.wait_for_timeout(50)
    page.wait_for_timeout(150)


def _kept(page: Any, name: str) -> str | None:
    value: str | None = page.evaluate("""name => {
        const family = JSON.parse(document.getElementById("hb-family").textContent);
        return localStorage.getItem("handbook:" + (family.log || family.link) + ":" + name);
    }""", name)
    return value


def _case(page: Any, name: str | None) -> None:
    """The next load of ``page`` runs the init scripts of case ``name`` (see WHEN_ASKED)."""
    page.evaluate("name => name === null ? sessionStorage.removeItem('hb-test')"
                  " : sessionStorage.setItem('hb-test', name)", name)


def _when(case: str, script: str) -> str:
    return WHEN_ASKED.format(case=json.dumps(case), script=script)


def test_the_note_comes_after_the_first_tick_seen_once(browser: Any, site: str) -> None:
    page = _phone(browser, f"{site}/{RIVERA}/")
    assert {"keep_notice.js", "keep_notice.css"}.isdisjoint(page.context.fetched)  # a first visit fetches neither
    assert page.locator(NOTICE).count() == 0
    ticks = page.locator(HOME_TICK)
    ticks.nth(0).click()
    assert _notice(page) == OTHER_LINE
    assert page.evaluate("document.activeElement.hasAttribute('data-hb-tick')")  # the focus stays on the tick
    # at 320 x 640 today's cards fill the screen: the note, below them, counts as shown once scrolled to
    assert page.evaluate("document.querySelector('.hb-keep-notice').getBoundingClientRect().top > innerHeight")
    page.wait_for_timeout(150)
    assert _kept(page, "keep-notice") is None
    page.locator(NOTICE).scroll_into_view_if_needed()
    wait_until(page, "() => Object.keys(localStorage).some(k => k.endsWith(':keep-notice'))")
    assert _kept(page, "keep-notice") == NOW.date().isoformat()
    page.context.fetched.clear()
    page.reload()
    ticks.nth(1).click()
    _note_ran(page)
    assert page.locator(NOTICE).count() == 0
    assert page.locator(HOME_TICK).nth(1).get_attribute("aria-pressed") == "true"
    page.context.close()


@pytest.mark.parametrize("phone", ["ipad", "mac"])
def test_an_ipad_gets_share_then_add_to_home_screen_and_a_mac_the_plain_hint(browser: Any, site: str,
                                                                              phone: str) -> None:
    page = _phone(browser, f"{site}/{RIVERA}/log/", user_agent=IPAD, init=TOUCH_SCREEN if phone == "ipad" else "")
    page.locator("[data-hb-tasks] [data-hb-task-box]").first.check()
    assert _notice(page) == (IOS_LINE if phone == "ipad" else OTHER_LINE)
    assert page.locator(f"{NOTICE} p svg.hb-keep-icon").count() == (phone == "ipad")  # the Share button, drawn
    assert page.evaluate("document.activeElement.hasAttribute('data-hb-task-box')")
    page.keyboard.press("Escape")
    assert page.locator(NOTICE).count() == 0
    assert _kept(page, "keep-notice") == NOW.date().isoformat()
    page.context.close()


def test_on_android_chrome_it_offers_the_browsers_install_prompt(browser: Any, site: str) -> None:
    page = _phone(browser, f"{site}/{RIVERA}/log/", user_agent=ANDROID)
    # Chrome's event, as it comes when the page has loaded; handbook.js keeps it and stops the browser's own banner
    prevented = page.evaluate("""() => {
        const event = new Event("beforeinstallprompt", { cancelable: true });
        window.prompted = 0;
        event.prompt = () => { window.prompted++; return Promise.resolve({ outcome: "accepted" }); };
        window.dispatchEvent(event);
        return event.defaultPrevented;
    }""")
    assert prevented
    page.locator("[data-hb-tasks] [data-hb-task-box]").first.check()
    assert _notice(page) == "Keep this on your phone: add it to your home screen." + WHY
    page.get_by_role("button", name="Add to home screen").click()
    wait_until(page, "() => !document.querySelector('.hb-keep-notice')")
    assert page.evaluate("window.prompted") == 1
    assert _kept(page, "keep-notice") == NOW.date().isoformat()
    page.context.close()


def test_never_when_it_runs_from_the_home_screen(browser: Any, site: str) -> None:
    page = _phone(browser, f"{site}/{RIVERA}/", user_agent=IPHONE,
                  init=_when("display-mode", STANDALONE) + _when("ios-home-screen", IOS_HOME_SCREEN))
    for case in ("display-mode", "ios-home-screen", None):
        page.evaluate("localStorage.clear()")
        _case(page, case)
        page.context.fetched.clear()
        page.reload()
        page.locator(HOME_TICK).nth(0).click()
        if case is None:  # in a browser tab it shows: the cases above could not have missed it
            assert _notice(page) == IOS_LINE
        else:
            _note_ran(page)
            assert page.locator(NOTICE).count() == 0, case
    page.context.close()


def test_on_the_practice_view_it_leaves_the_bar_and_the_reward_alone(browser: Any, site: str, axe_source: str) -> None:
    page = _phone(browser, f"{site}/{RIVERA}/practice/", user_agent=IPHONE, reduced_motion="reduce")
    page.click("[data-hb-did-it]")
    assert _notice(page) == IOS_LINE
    assert page.evaluate("document.activeElement.hasAttribute('data-hb-reward')")  # the focus stays on the reward
    note = page.locator(NOTICE).bounding_box()
    bar = page.locator("[data-hb-practice-bar]").bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert note["y"] >= header["y"] + header["height"] and note["y"] + note["height"] <= bar["y"]
    assert note["x"] >= 0 and note["x"] + note["width"] <= SMALL["width"]
    assert page.locator("[data-hb-practice-bar] [data-hb-reward]").is_visible()
    assert axe_violations(page, axe_source) == []
    page.screenshot(path="/tmp/keep-practice.png")
    page.locator(f"{NOTICE} .hb-keep-close").focus()
    page.keyboard.press("Enter")
    assert page.locator(NOTICE).count() == 0
    assert page.evaluate("document.activeElement.hasAttribute('data-hb-reward')")  # given back where it was
    page.context.close()


def test_the_note_has_a_big_close_button_and_passes_axe_at_320_px(browser: Any, site: str, axe_source: str) -> None:
    page = _phone(browser, f"{site}/{RIVERA}/", user_agent=IPHONE)
    page.locator(HOME_TICK).nth(0).click()
    assert _notice(page) == IOS_LINE
    page.locator(NOTICE).scroll_into_view_if_needed()
    close = page.locator(f"{NOTICE} .hb-keep-close")
    box = close.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert close.get_attribute("aria-label") == "Close"
    assert page.locator(NOTICE).get_attribute("role") == "status"
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL["width"]  # nothing wider than the phone
    assert axe_violations(page, axe_source) == []
    page.screenshot(path="/tmp/keep-home.png")
    close.click()
    assert page.locator(NOTICE).count() == 0
    assert _kept(page, "keep-notice") == NOW.date().isoformat()
    page.context.close()


# -- whether the browser keeps the site's data ------------------------------------------------------------------

PERSISTED = {
    "granted": ("navigator.storage.persisted = () => Promise.resolve(true);",
                "This phone keeps the star chart safe."),
    "not-granted": ("navigator.storage.persisted = () => Promise.resolve(false);",
                    "This browser may clear the star chart if the phone runs low on space. Add the page to your "
                    "home screen, and save a copy now and then."),
    "not-granted-installed": ("navigator.storage.persisted = () => Promise.resolve(false);" + STANDALONE,
                              "This browser may clear the star chart if the phone runs low on space. Save a copy "
                              "now and then."),
    "no-persisted": ("navigator.storage.persisted = undefined;", None),
    "no-storage-api": ("Object.defineProperty(navigator, 'storage', { value: undefined });", None),
}


def test_the_star_chart_says_whether_the_browser_keeps_it(browser: Any, site: str) -> None:
    page = _phone(browser, f"{site}/{RIVERA}/log/",
                  init="".join(_when(case, script) for case, (script, _) in PERSISTED.items()))
    for case, (_, line) in PERSISTED.items():
        _case(page, case)
        page.reload()
        wait_until(page, "() => document.querySelector('[data-hb-day-summary]').textContent !== ''")
        persist = page.locator("[data-hb-persist]")
        if line is None:
            page.wait_for_timeout(200)
            assert persist.is_hidden(), case
        else:
            wait_until(page, "() => !document.querySelector('[data-hb-persist]').hidden")
            assert persist.inner_text() == line, case
    assert page.context.errors == []
    page.context.close()


# -- a saved copy now and then ----------------------------------------------------------------------------------

OFFER = "[data-hb-copy-offer]"
OFFER_TEXT = "Time to save a copy of the star chart? A copy keeps Mateo’s stars if this phone is lost or changed."


def _chart(browser: Any, site: str, log: dict[str, Any], *, now: dt.datetime = NOW) -> Any:
    page = _phone(browser, f"{site}/{RIVERA}/log/", log=log, viewport={"width": 390, "height": 844}, now=now)
    _chart_ready(page)
    return page


def _chart_ready(page: Any) -> None:
    wait_until(page, "() => document.querySelector('[data-hb-day-summary]').textContent !== ''")


def test_after_30_days_without_a_copy_the_chart_offers_one_once(browser: Any, site: str,
                                                                  rivera: dict[str, Any]) -> None:
    page = _chart(browser, site, sample_log(rivera, days=5, extra_stars=1))  # one star 60 days ago
    offer = page.locator(OFFER)
    assert offer.is_visible() and offer.locator("p").first.inner_text() == OFFER_TEXT
    assert _kept(page, "copy-offered") == NOW.date().isoformat()
    with page.expect_download() as download:
        offer.get_by_role("button", name="Save a copy").click()
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert saved["schema"] == "family-handbook-log" and len(saved["entries"]) > 1
    assert offer.is_hidden()
    assert page.evaluate("document.activeElement.id") == "hb-day-title"  # not lost with the button
    assert _kept(page, "saved") == NOW.date().isoformat()
    page.reload()
    _chart_ready(page)
    assert offer.is_hidden()
    page.context.close()


def test_not_now_puts_the_offer_off_for_30_days(browser: Any, site: str, rivera: dict[str, Any]) -> None:
    page = _chart(browser, site, sample_log(rivera, days=5, extra_stars=1))
    page.locator(OFFER).get_by_role("button", name="Not now").click()
    assert page.locator(OFFER).is_hidden()
    for days, shown in ((0, False), (29, False), (31, True)):  # then a new stretch of 30 days without a copy
        page.clock.set_fixed_time(NOW + dt.timedelta(days=days))
        page.reload()
        _chart_ready(page)
        assert page.locator(OFFER).is_visible() == shown, days
    page.context.close()


def test_no_offer_while_the_stars_are_recent_or_saved(browser: Any, site: str, rivera: dict[str, Any]) -> None:
    then = NOW - dt.timedelta(days=20)
    page = _chart(browser, site, sample_log(rivera, days=15, today=then.date()), now=then)  # the oldest star: 15 days
    assert page.locator(OFFER).is_hidden()
    with page.expect_download():
        page.click("[data-hb-export-json]")
    assert _kept(page, "saved") == then.date().isoformat()
    page.clock.set_fixed_time(NOW)  # the oldest star is 35 days old now, the copy 20
    page.reload()
    _chart_ready(page)
    assert page.locator(OFFER).is_hidden()

    key = page.evaluate("() => Object.keys(localStorage).find(k => k.endsWith(':saved'))")
    page.evaluate("key => localStorage.setItem(key, '2026-10-01')", key)  # a copy 55 days old...
    page.reload()
    _chart_ready(page)
    assert page.locator(OFFER).is_visible()  # ...with stars since
    offered = page.evaluate("() => Object.keys(localStorage).find(k => k.endsWith(':copy-offered'))")
    chart = page.evaluate("() => Object.keys(localStorage).find(k => /^handbook:[^:]+:log$/.test(k))")
    page.evaluate("""([offered, chart]) => {
        localStorage.removeItem(offered);
        const log = JSON.parse(localStorage.getItem(chart));
        log.entries = log.entries.filter(e => e.date < "2026-10-01");
        localStorage.setItem(chart, JSON.stringify(log));
    }""", [offered, chart])
    page.reload()  # ...and none since: the copy has them all
    _chart_ready(page)
    assert page.locator(OFFER).is_hidden()
    page.context.close()
