"""The star chart (reward log) in real headless Chromium: ticks, stars, rewards, history, saving and
loading copies, sharing, printing, and what happens to stored data that cannot be read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import SAMPLE_TOKENS, copy_project, family_dir, handbook
from parent_helpers import NOW, TIMEZONE, open_page, sample_log, static_server, stored_log, wait_until

RIVERA, CHEN, OKAFOR = SAMPLE_TOKENS["rivera"], SAMPLE_TOKENS["chen"], SAMPLE_TOKENS["okafor"]
TODAY = NOW.date().isoformat()


def _planned_today(family: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in family["activities"] if "wed" in a["days"]]  # NOW is a Wednesday


def _task(page: Any, title: str) -> Any:
    return page.locator("[data-hb-tasks] .hb-task").filter(has_text=title)


def _export(page: Any, button: str) -> str:
    with page.expect_download() as download:
        page.click(f"[data-hb-export-{button}]")
    return Path(download.value.path()).read_text(encoding="utf-8")


def _import(page: Any, tmp_path: Path, content: str) -> str:
    file = tmp_path / "saved.json"
    file.write_text(content, encoding="utf-8")
    page.set_input_files("[data-hb-import]", str(file))
    wait_until(page, "() => document.querySelector('[data-hb-import-result]').textContent !== ''")
    return page.inner_text("[data-hb-import-result]")


def test_a_tick_is_kept_after_reload_with_the_agreed_entry(browser: Any, site: str, rivera: dict[str, Any]) -> None:
    page = open_page(browser, f"{site}/{RIVERA}/log/")
    first = _planned_today(rivera)[0]
    _task(page, first["title"]).locator("input[type=checkbox]").check()
    _task(page, first["title"]).get_by_label("Hard").check()
    page.reload()
    row = _task(page, first["title"])
    assert row.locator("input[type=checkbox]").is_checked()
    assert row.get_by_label("Hard").is_checked()
    assert page.inner_text("[data-hb-stars]") == "★ 1 star so far."
    assert stored_log(page, RIVERA)["entries"] == [
        {"date": TODAY, "activity": first["id"], "title": first["title"], "minutes": first["minutes"],
         "rating": "hard"}]
    page.context.close()


def test_unticking_removes_the_star(browser: Any, site: str, rivera: dict[str, Any]) -> None:
    page = open_page(browser, f"{site}/{RIVERA}/log/")
    box = _task(page, _planned_today(rivera)[0]["title"]).locator("input[type=checkbox]")
    box.check()
    box.uncheck()
    assert stored_log(page, RIVERA)["entries"] == []
    assert page.inner_text("[data-hb-stars]").startswith("No stars yet")
    page.context.close()


def test_a_forgotten_day_can_be_ticked_afterwards(browser: Any, site: str, rivera: dict[str, Any]) -> None:
    page = open_page(browser, f"{site}/{RIVERA}/log/")
    assert page.locator("[data-hb-day-next]").is_disabled()  # no ticking the future
    page.click("[data-hb-day-prev]")
    assert page.inner_text("[data-hb-day-title]") == "Yesterday, Tuesday, November 24"  # en, the page's: not en-GB
    tuesday = [a for a in rivera["activities"] if "tue" in a["days"]]
    assert page.locator("[data-hb-tasks] .hb-task").count() == len(tuesday)
    _task(page, tuesday[0]["title"]).locator("input[type=checkbox]").check()
    assert [e["date"] for e in stored_log(page, RIVERA)["entries"]] == ["2026-11-24"]
    while page.locator("[data-hb-day-prev]").is_enabled():
        page.click("[data-hb-day-prev]")
    assert page.inner_text("[data-hb-day-title]") == "Thursday, November 19"  # a week back at most
    page.context.close()


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_reaching_the_goal_celebrates_and_the_reward_can_be_claimed(browser: Any, site: str, rivera: dict[str, Any],
                                                                    motion: str) -> None:
    goal = rivera["rewards"]["goal"]
    page = open_page(browser, f"{site}/{RIVERA}/log/", reduced_motion=motion,
                     log=sample_log(rivera, days=0, extra_stars=goal["stars"] - 1))
    assert page.inner_text("[data-hb-goal-count]") == f"{goal['stars'] - 1} of {goal['stars']} stars"
    assert page.locator("[data-hb-burst]").is_hidden() and page.locator("[data-hb-claim]").is_hidden()
    _task(page, _planned_today(rivera)[0]["title"]).locator("input[type=checkbox]").check()
    celebration = page.locator("[data-hb-celebrate]")
    assert f"Mateo reached {goal['stars']} stars! Time for: {goal['reward']}." in celebration.inner_text()
    assert page.locator("[data-hb-celebrate].hb-celebrating").is_visible()
    assert page.locator("[data-hb-burst]").is_visible()
    animation = page.locator("[data-hb-burst] span").first.evaluate("el => getComputedStyle(el).animationName")
    assert animation == ("none" if motion == "reduce" else "hb-pop")
    page.click("[data-hb-claim]")
    assert page.inner_text("[data-hb-goal-count]") == f"0 of {goal['stars']} stars"
    assert stored_log(page, RIVERA)["rewards_claimed"] == [{"date": TODAY, "stars": goal["stars"],
                                                           "reward": goal["reward"]}]
    assert goal["reward"] in page.inner_text("[data-hb-claimed]")
    page.context.close()


def test_small_and_often_celebrates_the_first_practice_of_the_day(browser: Any, site: str,
                                                                   chen: dict[str, Any]) -> None:
    page = open_page(browser, f"{site}/{CHEN}/log/")
    text = page.locator("[data-hb-celebrate-text]")
    assert text.inner_text() == ""
    planned = _planned_today(chen)
    _task(page, planned[0]["title"]).locator("input[type=checkbox]").check()
    # the first tick earns the day's small reward; the day is not called done until all of it is (test_star_grid)
    assert text.inner_text() == f"A day with practice! Time for: {chen['rewards']['small']}."
    assert page.locator("[data-hb-burst]").is_visible()
    page.reload()
    assert "Time for" in text.inner_text() and page.locator("[data-hb-burst]").is_hidden()  # no replay on reload
    page.context.close()


def test_history_and_streak_count_practice_without_shaming_missed_days(browser: Any, site: str,
                                                                       rivera: dict[str, Any]) -> None:
    log = sample_log(rivera, days=14)  # back to Wednesday 11 November
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=log)
    weeks = page.locator(".hb-week")
    assert weeks.count() == 4
    assert weeks.nth(0).locator("h3").inner_text() == "This week"
    monday = dt.date(2026, 11, 23)
    this_week = [e for e in log["entries"] if e["date"] >= monday.isoformat()]
    days = {e["date"] for e in this_week}
    assert weeks.nth(0).locator("[data-hb-week-total]").inner_text() == f"{len(this_week)} stars on {len(days)} days."
    assert weeks.nth(0).locator("li").count() == len(days)
    hard = next(e for e in this_week if e["rating"] == "hard")
    assert f"{hard['title']} (hard)" in weeks.nth(0).inner_text()
    older = weeks.nth(3).inner_text()
    assert "Week of November 2" in older and "A quiet week." in older  # before the sample log began
    streak = page.inner_text("[data-hb-streak]")
    in_28_days = len({e["date"] for e in log["entries"]})
    assert f"Practice on {in_28_days} days in the last 4 weeks." in streak
    whole = page.inner_text("[data-hb-log]").lower()
    assert not any(word in whole for word in ("missed", "failed", "broke", "lost your"))
    page.context.close()


def test_streak_skips_rest_days_and_today_not_yet_done(browser: Any, site: str, rivera: dict[str, Any]) -> None:
    # practice on each of the last 3 days, then a gap: the run is 3, and today (not ticked yet) does not end it
    log = sample_log(rivera, days=0)
    for back in (1, 2, 3):
        date = (NOW.date() - dt.timedelta(days=back)).isoformat()
        a = rivera["activities"][-1]  # planned every day
        log["entries"].append({"date": date, "activity": a["id"], "title": a["title"], "minutes": a["minutes"],
                               "rating": None})
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=log)
    assert page.inner_text("[data-hb-streak]").startswith("3 practice days in a row.")
    page.context.close()


def test_export_clear_import_gives_the_same_log_back(browser: Any, site: str, rivera: dict[str, Any],
                                                    tmp_path: Path) -> None:
    log = sample_log(rivera, days=9)
    log["rewards_claimed"] = [{"date": "2026-11-20", "stars": 5, "reward": rivera["rewards"]["goal"]["reward"]}]
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=log)
    exported = json.loads(_export(page, "json"))
    assert exported["schema"] == "family-handbook-log" and exported["version"] == 1
    assert exported["link"] == RIVERA and exported["child"] == "Mateo"
    assert dt.datetime.fromisoformat(exported["exported_at"].replace("Z", "+00:00")) == NOW
    assert exported["entries"] == log["entries"] and exported["rewards_claimed"] == log["rewards_claimed"]
    assert exported["log"] == rivera["log"]  # the star-chart id: a copy loads at a new link too
    assert set(exported) == {"schema", "version", "link", "log", "child", "exported_at", "entries", "rewards_claimed"}
    rows = list(csv.reader(io.StringIO(_export(page, "csv"))))
    assert rows[0] == ["date", "activity", "title", "minutes", "rating"]
    assert rows[1:] == [[e["date"], e["activity"], e["title"], str(e["minutes"]), e["rating"] or ""]
                        for e in log["entries"]]
    page.evaluate("localStorage.clear()")
    # what an earlier version set aside before loading a copy, and left behind
    page.evaluate("key => localStorage.setItem(key, '{}')", f"handbook:{rivera['log']}:before-import")
    page.reload()
    assert page.inner_text("[data-hb-stars]").startswith("No stars yet")
    message = _import(page, tmp_path, json.dumps(exported))
    assert message == f"Loaded: {len(log['entries'])} practices added, 1 reward added."
    assert page.evaluate("Object.keys(localStorage).filter(k => k.endsWith(':before-import'))") == []
    back = stored_log(page, RIVERA)
    assert back["entries"] == log["entries"] and back["rewards_claimed"] == log["rewards_claimed"]
    assert page.inner_text("[data-hb-stars]") == f"★ {len(log['entries'])} stars so far."
    page.context.close()


BAD_FILES = [
    ("this is not json {", "This file could not be read. Choose the .json file you saved from this star chart."),
    ('{"schema": "something-else", "version": 1}', "This file was not loaded. It is not a saved star chart from "
                                                     "this handbook."),
    ('{"schema": "family-handbook-log", "version": 2, "link": "x", "entries": []}',
     "This file was not loaded. It was saved by a newer version of the handbook. Ask Jessica Park for help."),
    (json.dumps({"schema": "family-handbook-log", "version": 1, "link": CHEN, "entries": [], "rewards_claimed": []}),
     "This file was not loaded. It belongs to another child’s handbook."),
    (json.dumps({"schema": "family-handbook-log", "version": 1, "link": RIVERA, "rewards_claimed": [],
                 "entries": [{"date": "2026-11-20", "activity": "a", "title": "A", "minutes": 1, "rating": None},
                             {"date": "2026-02-30", "activity": "a", "title": "A", "minutes": 1, "rating": None}]}),
     "This file was not loaded. Practice number 2 in it is damaged."),
]


def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_lost(browser: Any, site: str, rivera: dict[str, Any],
                                                                     tmp_path: Path) -> None:
    log = sample_log(rivera, days=4)
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=log)
    for content, message in BAD_FILES:  # one page for all of them: each must leave the log as it was
        page.evaluate("document.querySelector('[data-hb-import-result]').textContent = ''")
        assert _import(page, tmp_path, content) == message + " Nothing was changed."
        assert page.locator("[data-hb-import-result].hb-result-bad").is_visible()
        assert stored_log(page, RIVERA)["entries"] == log["entries"]
    page.reload()
    assert page.inner_text("[data-hb-stars]") == f"★ {len(log['entries'])} stars so far."
    page.context.close()


# fills this origin's localStorage to its quota (5 M characters in Chromium) with keys of its own, then has room
# for nothing more
FILL_STORAGE = """() => {
    let chunk = "x".repeat(1 << 20);
    for (let i = 0; chunk.length; i++) {
        try { localStorage.setItem("filler" + i, chunk); } catch (err) { chunk = chunk.slice(0, chunk.length >> 1); }
    }
}"""


def test_a_copy_that_cannot_be_saved_changes_nothing_and_says_so_once(browser: Any, site: str,
                                                                       rivera: dict[str, Any], tmp_path: Path) -> None:
    log = sample_log(rivera, days=4)
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=log)
    before = stored_log(page, RIVERA)
    copy = json.loads(json.dumps(log))
    old = {"date": "2026-10-01", "activity": "retired-activity", "title": "An old activity", "minutes": 2,
           "rating": None}
    copy["entries"].append(old)
    page.evaluate(FILL_STORAGE)
    message = _import(page, tmp_path, json.dumps(copy))
    assert message == "The stars could not be saved on this phone. Nothing was changed."
    assert page.inner_text("body").count("Nothing was changed") == 1
    assert page.locator("[data-hb-notice]").is_hidden()  # not "the last tick was not saved": there was none
    assert stored_log(page, RIVERA) == before
    assert page.evaluate("Object.keys(localStorage).filter(k => k.endsWith(':before-import'))") == []
    assert page.inner_text("[data-hb-stars]") == f"★ {len(log['entries'])} stars so far."
    # room again: the next tick keeps the chart as it was, and only adds itself
    page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('filler'))"
                  ".forEach(k => localStorage.removeItem(k))")
    first = _planned_today(rivera)[0]
    _task(page, first["title"]).locator("input[type=checkbox]").check()
    after = stored_log(page, RIVERA)["entries"]
    assert old not in after
    assert [e for e in after if e["date"] != TODAY] == [e for e in before["entries"] if e["date"] != TODAY]
    assert [e["activity"] for e in after if e["date"] == TODAY] == [first["id"]]
    page.context.close()


def test_import_merges_and_never_overwrites_what_is_on_the_phone(browser: Any, site: str, rivera: dict[str, Any],
                                                                 tmp_path: Path) -> None:
    log = sample_log(rivera, days=3)
    rated = next(e for e in log["entries"] if e["rating"] == "hard")
    unrated = next(e for e in log["entries"] if e["rating"] is None)
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=log)
    other = json.loads(json.dumps(log))
    for e in other["entries"]:
        if e == rated:
            e["rating"] = "easy"  # a different answer: the phone's one stays
        elif e == unrated:
            e["rating"] = "just-right"  # a missing answer gets filled in
    new = {"date": "2026-11-01", "activity": "retired-activity", "title": "An old activity", "minutes": 2,
           "rating": None}
    other["entries"].append(new)
    message = _import(page, tmp_path, json.dumps(other))
    assert message.startswith("Loaded: 1 practice added, “how it went” filled in for 1 practice.")
    assert "1 practice has a different “how it went” on this phone; the one on this phone was kept." in message
    entries = stored_log(page, RIVERA)["entries"]
    assert len(entries) == len(log["entries"]) + 1 and new in entries
    by_key = {(e["date"], e["activity"]): e["rating"] for e in entries}
    assert by_key[(rated["date"], rated["activity"])] == "hard"
    assert by_key[(unrated["date"], unrated["activity"])] == "just-right"
    page.context.close()


def test_two_families_on_one_host_keep_their_own_logs(browser: Any, site: str, rivera: dict[str, Any],
                                                      chen: dict[str, Any]) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="Europe/London")
    page = open_page(browser, f"{site}/{RIVERA}/log/", context=context)
    _task(page, _planned_today(rivera)[0]["title"]).locator("input[type=checkbox]").check()
    page.goto(f"{site}/{CHEN}/log/")
    assert page.inner_text("[data-hb-stars]").startswith("No stars yet")
    assert page.locator("[data-hb-tasks] input:checked").count() == 0
    _task(page, _planned_today(chen)[0]["title"]).locator("input[type=checkbox]").check()
    keys = page.evaluate("Object.keys(localStorage).filter(k => /^handbook:.*:log$/.test(k)).sort()")
    assert keys == sorted([f"handbook:{rivera['log']}:log", f"handbook:{chen['log']}:log"])  # the star-chart ids
    for family in (rivera, chen):
        kept = json.loads(page.evaluate("k => localStorage.getItem(k)", f"handbook:{family['log']}:log"))
        assert [e["activity"] for e in kept["entries"]] == [_planned_today(family)[0]["id"]]
    page.goto(f"{site}/{RIVERA}/")
    assert page.inner_text("[data-hb-today-stars]").startswith("★ 1 star so far.")
    context.close()


def test_a_corrupt_stored_log_is_kept_aside_and_reported(browser: Any, site: str, rivera: dict[str, Any]) -> None:
    raw = '{"schema": "family-handbook-log", "entries": [tru'
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="Europe/London",
                                  accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site}/{RIVERA}/404-free-page-to-set-storage")  # any page on the origin, to write storage
    # kept under the link, as sites before the star-chart id kept it: set aside under the id, and reported
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"handbook:{RIVERA}:log", raw])
    page.clock.set_fixed_time(NOW)
    page.goto(f"{site}/{RIVERA}/log/")
    notice = page.locator("[data-hb-notice]")
    assert notice.is_visible() and notice.get_attribute("role") == "alert"
    assert "could not be read" in notice.inner_text() and "Nothing was deleted" in notice.inner_text()
    aside = page.evaluate("id => Object.keys(localStorage).filter(k => k.startsWith(`handbook:${id}:unreadable:`))",
                          rivera["log"])
    assert len(aside) == 1 and page.evaluate(f"localStorage.getItem('handbook:{RIVERA}:log')") is None
    assert page.evaluate("k => localStorage.getItem(k)", aside[0]) == raw
    with page.expect_download() as download:
        page.click("[data-hb-notice-save]")
    assert raw in Path(download.value.path()).read_text()
    _task(page, _planned_today(rivera)[0]["title"]).locator("input[type=checkbox]").check()  # the chart still works
    page.goto(f"{site}/{RIVERA}/")
    assert "problem with the saved stars" in page.inner_text("[data-hb-today-stars]")
    page.goto(f"{site}/{RIVERA}/log/")
    assert page.locator("[data-hb-notice]").is_visible()  # reported until the parent says OK
    page.click("[data-hb-notice-ok]")
    page.reload()
    assert page.locator("[data-hb-notice]").is_hidden()
    assert page.evaluate("k => localStorage.getItem(k)", aside[0]) == raw  # OK hides the message, keeps the copy
    assert len(stored_log(page, RIVERA)["entries"]) == 1
    context.close()


def test_share_summary_goes_to_the_therapist_by_text_or_email(browser: Any, site: str, rivera: dict[str, Any],
                                                              built: Path) -> None:
    log = sample_log(rivera, days=13)
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=log)
    summary = page.inner_text("[data-hb-summary]")
    minutes = sum(e["minutes"] for e in log["entries"])
    days = len({e["date"] for e in log["entries"]})
    assert summary.startswith("Mateo’s home practice, Thu, Nov 12 to Wed, Nov 25:")
    assert f"Practice on {days} days, {len(log['entries'])} activities, {minutes} minutes in all." in summary
    assert page.locator("[data-hb-share]").is_hidden()  # no Web Share API in desktop Linux Chromium
    sms = page.get_attribute("[data-hb-share-sms]", "href")
    email = page.get_attribute("[data-hb-share-email]", "href")
    assert sms.startswith("sms:+15550134?&body=") and unquote(sms.split("body=", 1)[1]) == summary
    parts = urlsplit(email)
    assert parts.scheme == "mailto" and parts.path == "jess@example.org"
    assert parse_qs(parts.query)["body"] == [summary] and parse_qs(parts.query)["subject"] == ["Mateo’s home practice"]
    order = page.locator("[data-hb-share-sms], [data-hb-share-email]").evaluate_all(
        "els => els.map(e => e.hasAttribute('data-hb-share-sms') ? 'sms' : 'email')")
    assert order == ["sms", "email"]  # Jessica prefers the phone
    page.context.close()


def test_on_a_phone_with_web_share_the_summary_goes_to_its_share_sheet(browser: Any, site: str,
                                                                      rivera: dict[str, Any]) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id=TIMEZONE, locale="en-GB")
    # Linux Chromium has no Web Share: stand in for the phone's share sheet and record what it is given.
    context.add_init_script("window.hbShared = []; Object.defineProperty(navigator, 'share', {value: data =>"
                            " { window.hbShared.push(data); return Promise.resolve(); }});")
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=sample_log(rivera, days=13), context=context)
    assert page.locator("[data-hb-share]").is_visible()
    summary = page.inner_text("[data-hb-summary]")
    page.click("[data-hb-share]")
    assert page.evaluate("window.hbShared") == [{"title": "Mateo’s home practice", "text": summary}]
    context.close()


def test_print_view_of_the_log_shows_stars_and_history_without_buttons(browser: Any, site: str,
                                                                       rivera: dict[str, Any]) -> None:
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=sample_log(rivera, days=6))
    page.emulate_media(media="print")
    for hidden in ("[data-hb-day-title]", "[data-hb-export-json]", "[data-hb-summary]", ".md-header", ".md-sidebar"):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator(".hb-week").first.is_visible() and page.locator("[data-hb-stars]").is_visible()
    assert len(page.pdf(format="A4")) > 1000
    page.context.close()


def test_persistent_storage_is_requested_when_the_first_tick_is_saved(browser: Any, site: str,
                                                                      rivera: dict[str, Any]) -> None:
    context = browser.new_context(timezone_id="Europe/London")
    # count calls, then let the real browser answer
    context.add_init_script("""{ const real = navigator.storage.persist.bind(navigator.storage);
        window.persistCalls = 0; navigator.storage.persist = () => { window.persistCalls++; return real(); }; }""")
    page = open_page(browser, f"{site}/{RIVERA}/log/", context=context)
    assert page.evaluate("window.persistCalls") == 0
    _task(page, _planned_today(rivera)[0]["title"]).locator("input[type=checkbox]").check()
    assert page.evaluate("window.persistCalls") == 1
    context.close()


@pytest.fixture
def rebuildable(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A project whose site can be rebuilt while the browser keeps its storage (same host and port)."""
    root = copy_project(tmp_path / "project")
    result = handbook(root, "build", "rivera")
    assert result.exit_code == 0, result.output
    yield from ((root, url) for url in static_server(root / "site"))


def test_history_survives_rebuilds_and_an_activity_leaving_the_plan(browser: Any, rebuildable: tuple[Path, str],
                                                                    rivera: dict[str, Any]) -> None:
    root, url = rebuildable
    log = sample_log(rivera, days=6)
    gone = rivera["activities"][0]
    page = open_page(browser, f"{url}/{RIVERA}/log/", log=log)
    plan = root / "families" / "rivera.yaml"
    text = plan.read_text()
    start = text.index(f"  - id: {gone['id']}")
    plan.write_text(text[:start] + text[text.index("  - id:", start + 5):])
    result = handbook(root, "build", "rivera")
    assert result.exit_code == 0, result.output
    assert gone["id"] not in (family_dir(root, "rivera") / "log" / "index.html").read_text()
    page.reload()
    assert stored_log(page, RIVERA)["entries"] == log["entries"]
    history = page.inner_text("[data-hb-history]")
    assert gone["title"] in history
    assert page.inner_text("[data-hb-stars]") == f"★ {len(log['entries'])} stars so far."
    exported = json.loads(_export(page, "json"))
    assert [e for e in exported["entries"] if e["activity"] == gone["id"]] == \
        [e for e in log["entries"] if e["activity"] == gone["id"]] != []
    page.context.close()
