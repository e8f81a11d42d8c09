"""The page scripts in real headless Chromium: ES modules that share nothing through `window`, and show
only words from the page's catalog (the #hb-words island), counted with Intl.PluralRules and written
with Intl.NumberFormat and Intl.DateTimeFormat in the page's language."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from babel import Locale

from handbook.core.project import Project
from handbook.render.messages import load_messages
from handbook.render.script_words import CHART_GROUPS, PAGE_GROUPS, SCRIPT_WORDS

from conftest import REPO, SAMPLE_TOKENS, handbook
from parent_helpers import TIMEZONE, family_data, open_page, sample_log, wait_until

RIVERA = SAMPLE_TOKENS["rivera"]
ASSETS = REPO / "hooks" / "theme" / "assets"
OURS = {p.name for p in ASSETS.glob("*.js")}  # handbook.js, log_store.js, dates.js, words.js, …
# Material's own scripts stay classic: its bundle, and its inline helpers as files (they set globals it reads)
MATERIAL = re.compile(r"(^|/)assets/(javascripts/bundle\.[0-9a-f]+\.min\.js|privacy/md-(scope|content)\.js)$")
WORDS = re.compile(r'(<script type="application/json" id="hb-words">)(.*?)(</script>)', re.S)
PAGES = {"home": "", "activity": "activities/putty-pinch-and-find/", "star chart": "log/"}
SCRIPT_OF_GROUP = {"page": "handbook.js", "store": "log_store.js", "keep": "keep_notice.js", "chart": "reward_log.js",
                   "marks": "plan_marks.js"}
GROUPS_OF_SCRIPT = {"handbook.js": PAGE_GROUPS, "log_store.js": PAGE_GROUPS, "keep_notice.js": PAGE_GROUPS,
                    "plan_marks.js": PAGE_GROUPS,
                    "reward_log.js": CHART_GROUPS}
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

Words = dict[str, Any]


def _name(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def _english(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _context(browser: Any, *, words: Callable[[Words], Words] | None = None,
             html: Callable[[str], str] | None = None, errors: list[str] | None = None) -> Any:
    """A context like open_page's whose pages get their #hb-words island (and, with ``html``, their whole
    HTML) rewritten on the way from the server; console errors and uncaught exceptions go to ``errors``."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id=TIMEZONE, locale="en-GB",
                                  accept_downloads=True)

    def rewrite(route: Any) -> None:
        if route.request.resource_type != "document":
            route.continue_()
            return
        response = route.fetch()
        body = response.text()
        if words is not None:
            found = WORDS.findall(body)
            assert len(found) == 1, f"{route.request.url} has {len(found)} #hb-words islands"
            island = json.dumps(words(json.loads(found[0][1]))).replace("<", "\\u003c")
            body = WORDS.sub(lambda m: m.group(1) + island + m.group(3), body)
        if html is not None:
            body = html(body)
        route.fulfill(response=response, body=body)

    if words is not None or html is not None:
        context.route("**/*", rewrite)
    if errors is not None:
        context.on("console", lambda message: message.type == "error" and errors.append(message.text))
        context.on("weberror", lambda error: errors.append(str(error.error)))
    return context


def _wrapped(words: Words) -> Words:
    """Every message, and every form of a message for a count, in ⟦ ⟧."""
    return {key: f"⟦{text}⟧" if isinstance(text, str) else {form: f"⟦{t}⟧" for form, t in text.items()}
            for key, text in words.items()}


def _page_globals(page: Any) -> set[str]:
    return set(page.evaluate("() => Object.getOwnPropertyNames(window)"))


# -- modules, not globals -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", PAGES)
def test_page_scripts_are_modules_and_define_no_globals(browser: Any, site: str, kind: str) -> None:
    url = f"{site}/{RIVERA}/{PAGES[kind]}"
    errors: list[str] = []
    context = _context(browser, errors=errors)
    loaded: list[str] = []
    context.on("request", lambda request: loaded.append(_name(request.url)))
    page = open_page(browser, url, context=context)
    scripts = page.evaluate("() => [...document.querySelectorAll('script[src]')]"
                            ".map(s => [s.getAttribute('src'), s.getAttribute('type')])")
    ours = {_name(src): type_ for src, type_ in scripts if _name(src) in OURS}
    assert ours and set(ours.values()) == {"module"}, scripts
    assert all(MATERIAL.search(src) for src, _ in scripts if _name(src) not in OURS), scripts
    # only the entry modules are tags: the rest come as their imports
    assert set(ours) == ({"handbook.js", "reward_log.js"} if kind == "star chart" else {"handbook.js"})
    assert {"handbook.js", "log_store.js", "dates.js", "words.js", "video.js"} <= set(loaded)
    assert ("reward_log.js" in loaded) == (kind == "star chart")
    assert page.evaluate("() => 'HandbookLog' in window") is False
    with_ours = _page_globals(page)
    context.close()
    assert errors == []

    # the same page with our scripts refused: the window has the very same properties
    bare = _context(browser)
    bare.route(re.compile(r".*/assets/[a-z_]+\.js$"),
               lambda route: route.abort() if _name(route.request.url) in OURS else route.continue_())
    page = open_page(browser, url, context=bare)
    without = _page_globals(page)
    bare.close()
    assert with_ours - without == set()


def test_dates_follow_the_page_language_in_the_sites_one_date_style(browser: Any, site: str, built: Path) -> None:
    """dates.js writes a date as the pages do (Babel, the same CLDR skeletons): en, though the phone is en-GB."""
    english = load_messages(Project(built).locales_dir, "en")
    days = [dt.date(2026, 11, 25) + dt.timedelta(days=n) for n in range(-74, 400, 37)]
    page = open_page(browser, f"{site}/{RIVERA}/")
    written = page.evaluate("""async ([url, days]) => {
        const dates = await import(url);
        return days.map(day => ["day", "short", "month_day"].map(style => dates.formatDate(day, style)));
    }""", [f"{site}/{RIVERA}/assets/dates.js", [d.isoformat() for d in days]])
    page.context.close()
    assert written == [[english.date(d, style) for style in ("day", "short", "month_day")] for d in days]
    assert written[2] == ["Wednesday, November 25", "Wed, Nov 25", "November 25"]


def test_the_home_page_stays_within_its_first_visit_budget(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    responses: list[Any] = []
    page = context.new_page()
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{site}/{RIVERA}/", wait_until="networkidle")
    sent = sum(len(gzip.compress(r.body(), compresslevel=6)) for r in responses if r.status == 200)
    context.close()
    assert "reward_log.js" not in {_name(r.url) for r in responses}
    assert sent <= 100 * 1024, f"a first visit to the home page sends {sent} bytes (gzip)"


# -- every word from the catalog ---------------------------------------------------------------------------


def test_every_key_of_the_catalog_is_used_and_every_key_used_is_in_it() -> None:
    every = {key for words in SCRIPT_WORDS.values() for key in words}
    for group, script in SCRIPT_OF_GROUP.items():
        quoted = set(re.findall(r'"([a-z][a-z_]*)"', (ASSETS / script).read_text(encoding="utf-8")))
        assert set(SCRIPT_WORDS[group]) - quoted == set(), f"{group}: messages {script} does not use"
    for script, groups in GROUPS_OF_SCRIPT.items():
        text = (ASSETS / script).read_text(encoding="utf-8")
        visible = {key for group in groups for key in SCRIPT_WORDS[group]}
        called = set(re.findall(r'\btn?\(\s*"([^"]*)"', text))
        named = set(re.findall(r'[:?]\s*"([a-z][a-z_]*)"', text)) & every  # keys in maps and in a ? b : c
        used = called | named
        assert used <= visible, f"{script} uses messages its pages do not carry: {used - visible}"
        assert called, script


def test_the_scripts_words_come_from_the_island(browser: Any, project: Path, serve: Any, tmp_path: Path) -> None:
    result = handbook(project, "build")
    assert result.exit_code == 0, result.output
    base = serve(project / "site")
    family = family_data(project / "site", RIVERA)
    goal = family["rewards"]["goal"]
    log = sample_log(family, days=14)  # back to Wednesday 11 November, every day with practice
    stars = len(log["entries"])
    dates = {e["date"] for e in log["entries"]}
    errors: list[str] = []
    page = open_page(browser, f"{base}/{RIVERA}/log/", log=log,
                     context=_context(browser, words=_wrapped, errors=errors))

    planned = [a for a in family["activities"] if "wed" in a["days"]]
    minutes = sum(a["minutes"] for a in planned)
    assert page.inner_text("[data-hb-day-title]") == "⟦Today, Wednesday, November 25⟧"
    assert page.inner_text("[data-hb-day-summary]") == \
        f"⟦⟦{_english(len(planned), 'activity', 'activities')}⟧, ⟦{_english(minutes, 'minute', 'minutes')}⟧ in all. " \
        "Tick each one you did.⟧"
    assert page.locator("[data-hb-task-dose]").first.inner_text() == f"⟦{planned[0]['minutes']} min⟧"
    assert page.inner_text("[data-hb-stars]") == f"⟦★ {stars} stars so far.⟧"
    assert page.inner_text("[data-hb-goal-count]") == f"⟦{goal['stars']} of {goal['stars']} stars⟧"
    assert page.inner_text("[data-hb-celebrate-text]") == \
        f"⟦Mateo reached {goal['stars']} stars! Time for: {goal['reward']}.⟧"
    assert page.inner_text("[data-hb-streak]") == \
        f"⟦{len(dates)} practice days in a row. Practice on ⟦{len(dates)} days⟧ in the last 4 weeks.⟧"

    weeks = page.locator(".hb-week")
    assert weeks.locator("h3").all_inner_texts() == \
        ["⟦This week⟧", "⟦Last week⟧", "⟦Week of November 9⟧", "⟦Week of November 2⟧"]
    this_week = [e for e in log["entries"] if e["date"] >= "2026-11-23"]
    week_days = len({e["date"] for e in this_week})
    assert weeks.nth(0).locator("[data-hb-week-total]").inner_text() == \
        f"⟦{_english(len(this_week), 'star', 'stars')} on ⟦{_english(week_days, 'day', 'days')}⟧.⟧"
    assert weeks.nth(3).locator("[data-hb-week-total]").inner_text() == "⟦A quiet week.⟧"
    days = page.locator("[data-hb-week-days] li").evaluate_all(
        "els => els.map(li => [li.querySelector('[data-hb-history-stars]').textContent.length,"
        " li.querySelector('[data-hb-history-count]').textContent])")
    assert {n for n, _ in days} >= {1, 2}  # both forms of "stars" are on show
    assert all(count == f"⟦{_english(n, 'star', 'stars')}⟧" for n, count in days), days
    hard = next(e for e in this_week if e["rating"] == "hard")
    assert f"⟦{hard['title']} (⟦hard⟧)⟧" in weeks.nth(0).inner_text()

    summary = page.inner_text("[data-hb-summary]").split("\n")
    assert summary[0] == "⟦Mateo’s home practice, Thu, Nov 12 to Wed, Nov 25:⟧"
    assert all(re.fullmatch(r"(- )?⟦.*⟧", line) for line in summary), summary
    email = urlsplit(page.get_attribute("[data-hb-share-email]", "href"))
    assert parse_qs(email.query)["subject"] == ["⟦Mateo’s home practice⟧"]

    file = tmp_path / "other.json"
    file.write_text('{"schema": "something-else", "version": 1}', encoding="utf-8")
    page.set_input_files("[data-hb-import]", str(file))
    wait_until(page, "() => document.querySelector('[data-hb-import-result]').textContent !== ''")
    assert page.inner_text("[data-hb-import-result]") == \
        "⟦This file was not loaded. ⟦It is not a saved star chart from this handbook.⟧ Nothing was changed.⟧"

    page.goto(f"{base}/{RIVERA}/")
    assert page.inner_text(".hb-next") == "⟦Next⟧"
    assert page.inner_text("[data-hb-today-stars]") == \
        f"⟦★ {stars} stars so far. {goal['stars']} of {goal['stars']} toward: {goal['reward']}.⟧"
    page.goto(f"{base}/{RIVERA}/activities/{planned[0]['id']}/")
    page.locator("[data-hb-done-box]").check()
    assert page.inner_text("[data-hb-done-status]") == f"⟦Saved. Well done! {stars + 1} stars so far.⟧"
    page.context.close()
    assert errors == []


def test_counts_take_the_page_languages_plural_forms_and_digits(browser: Any, site: str,
                                                                 rivera: dict[str, Any]) -> None:
    """The page in Egyptian Arabic: six plural categories (zero, one, two, few, many, other), Arabic digits.
    A message may lack a category: "stars" here has only one and other, as an English catalog would."""
    arabic = Locale.parse("ar_EG")

    def categories(words: Words) -> Words:
        tagged = {key: {c: f"[{c}] %(count)s" for c in ("zero", "one", "two", "few", "many", "other")}
                  for key, text in words.items() if not isinstance(text, str)}
        tagged["stars"] = {"one": "[one] %(count)s", "other": "[other] %(count)s"}
        tagged["week_total"] = {c: f"{form} / %(days)s" for c, form in tagged["week_total"].items()}
        return {**words, **tagged}

    def counted(n: int, category: str | None = None) -> str:
        return f"[{category or arabic.plural_form(n)}] {str(n).translate(ARABIC_DIGITS)}"

    errors: list[str] = []
    context = _context(browser, words=categories, errors=errors,
                       html=lambda body: body.replace('<html lang="en"', '<html lang="ar-EG"', 1))
    log = sample_log(rivera, days=14)
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=log, context=context)
    assert page.evaluate("document.documentElement.lang") == "ar-EG"
    assert page.inner_text("[data-hb-stars]") == counted(len(log["entries"]))
    totals = page.locator("[data-hb-week-total]").all_inner_texts()
    shown = set()
    for w, total in enumerate(totals[:3]):
        monday = dt.date(2026, 11, 23) - dt.timedelta(weeks=w)
        week = [e for e in log["entries"] if monday.isoformat() <= e["date"] <= (monday + dt.timedelta(6)).isoformat()]
        assert total == f"{counted(len(week))} / {counted(len({e['date'] for e in week}))}"
        shown |= {arabic.plural_form(len(week)), arabic.plural_form(len({e["date"] for e in week}))}
    assert len(shown - {"one", "other"}) >= 2, shown  # categories English does not have
    days = page.locator("[data-hb-week-days] li").evaluate_all(
        "els => els.map(li => [li.querySelector('[data-hb-history-stars]').textContent.length,"
        " li.querySelector('[data-hb-history-count]').textContent])")
    assert {n for n, _ in days} >= {1, 2, 3}
    assert all(count == counted(n, "one" if n == 1 else "other") for n, count in days), days  # no "two", no "few"
    page.context.close()
    assert errors == []


def test_a_missing_message_shows_its_key_and_is_reported(browser: Any, site: str, rivera: dict[str, Any]) -> None:
    errors: list[str] = []
    context = _context(browser, errors=errors,
                       words=lambda words: {k: v for k, v in words.items() if k not in ("this_week", "day_summary")})
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=sample_log(rivera, days=3), context=context)
    assert page.locator(".hb-week h3").first.inner_text() == "this_week"
    assert page.inner_text("[data-hb-day-summary]") == "day_summary"
    assert page.inner_text("[data-hb-day-title]") == "Today, Wednesday, November 25"  # the rest works
    assert page.locator(".hb-week").count() == 4 and page.locator("[data-hb-summary]").inner_text() != ""
    page.context.close()
    assert any("this_week" in e for e in errors) and any("day_summary" in e for e in errors), errors
