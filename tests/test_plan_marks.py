"""The home page marks the activities new or changed since this phone last saw the plan: "New", "Changed".

Only the browser remembers what it saw (each activity's short fingerprint, under ``handbook:<log id>:plan-seen``);
nothing of an earlier plan is published. A mark stays 7 days from the day it appeared, or until that activity is
ticked; a phone that never saw the plan marks nothing; storage that fails never breaks the page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from handbook.core.project import Project
from handbook.render.pages import assignment_fingerprint, family_data

from conftest import SAMPLE_TOKENS, handbook
from parent_helpers import NOW, open_page, wait_until
from parent_helpers import family_data as built_family_data

RIVERA = SAMPLE_TOKENS["rivera"]
OLD_NOTE = "Use the thick-handled spoon with his yogurt."
OLD_CHANGE = "New: rainbow tracing after breakfast, four days a week"
NEW_ACTIVITY = """\
  - id: clothespin-clip
    minutes: 2
    days: [wed]
    routine: after breakfast
    note: Six clothespins around a paper plate, one for each finger and one for luck.
"""


def _next_plan(plan: Path) -> None:
    """The therapist's new version of Mateo's plan: Wednesday's rainbow tracing makes room for a new activity
    (5 minutes a day at most), the spoon game gets a new note, and the rest stays as it was."""
    text = plan.read_text(encoding="utf-8")
    edits = [(OLD_NOTE, "Use the green spoon with his yogurt now."),
             ("days: [mon, wed, fri, sat]", "days: [mon, fri, sat]"),
             ("format: digital\n", NEW_ACTIVITY + "format: digital\n"),
             (OLD_CHANGE, "New: clothespin clip on Wednesdays; rainbow tracing moves off Wednesday")]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    plan.write_text(text, encoding="utf-8")


def _marks(page: Any) -> list[tuple[str, str]]:
    """("<where> <activity id>", badge) for every mark a parent can see: "today" for today's list, else the
    week's day ("mon")."""
    found: list[tuple[str, str]] = page.evaluate("""() => [...document.querySelectorAll('.hb-mark')].map(badge => {
        const card = badge.closest('[data-hb-activity]');
        const day = badge.closest('[data-hb-week-day]');
        const id = card ? card.getAttribute('data-hb-activity') : badge.closest('a').getAttribute('href').split('/')[1];
        if (card && card.closest('[data-hb-day]').hidden) return null;
        return [(card ? 'today' : day.getAttribute('data-hb-week-day')) + ' ' + id, badge.textContent.trim()];
    }).filter(Boolean)""")
    return sorted(tuple(m) for m in found)  # type: ignore[misc]


def _contrast(page: Any, selector: str) -> float:
    colours = page.locator(selector).first.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]")

    def luminance(css: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", css)[:3]]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(c) for c in colours), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _link_names(page: Any) -> list[str]:
    """The names of the page's links as Chromium gives them to a screen reader (its accessibility tree)."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    return [n["name"]["value"] for n in tree["nodes"]
            if n.get("role", {}).get("value") == "link" and not n.get("ignored") and "name" in n]


def _island(page: Any) -> dict[str, Any]:
    """The family data the page gives its scripts."""
    data: dict[str, Any] = page.evaluate("() => JSON.parse(document.getElementById('hb-family').textContent)")
    return data


def _stored(page: Any, name: str) -> Any:
    """What the page keeps under ``handbook:<log id>:<name>``, read as JSON; None when nothing is."""
    raw = page.evaluate("key => localStorage.getItem(key)", f"handbook:{_island(page)['log']}:{name}")
    return None if raw is None else json.loads(raw)


def _home(browser: Any, url: str, context: Any, now: dt.datetime = NOW) -> Any:
    page = open_page(browser, url, now=now, context=context)
    page.locator("[data-hb-today]").wait_for()
    page.wait_for_load_state("networkidle")  # plan_marks.js, when it is fetched, has had its turn
    return page


def test_a_new_plan_marks_what_is_new_and_changed_until_ticked_or_a_week_on(browser: Any, project: Path,
                                                                           serve: Any) -> None:
    assert handbook(project, "build").exit_code == 0
    base = serve(project / "site")
    url = f"{base}/{RIVERA}/"
    errors: list[str] = []
    phone = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="Europe/London",
                                locale="en-GB")
    phone.on("weberror", lambda error: errors.append(str(error.error)))
    fetched: list[str] = []
    phone.on("request", lambda request: fetched.append(request.url.rsplit("/", 1)[-1]))
    page = _home(browser, url, phone)
    assert _marks(page) == []  # the first visit on this phone: everything would be new, so nothing is
    assert "plan_marks.js" not in fetched  # nor is the module fetched for it
    assert _stored(page, "plan-seen")["version"] == _island(page)["plan_version"]
    page.reload()
    page.wait_for_load_state("networkidle")
    assert _marks(page) == [] and "plan_marks.js" not in fetched  # the same plan again
    page.close()

    _next_plan(project / "families" / "rivera.yaml")
    result = handbook(project, "build")
    assert result.exit_code == 0, result.output

    # nothing of the earlier plan is published: not the old note, not its changes, in no file of the family's folder
    folder = project / "site" / RIVERA
    for file in folder.rglob("*"):
        if file.is_file():
            body = file.read_bytes()
            assert OLD_NOTE.encode() not in body and OLD_CHANGE.encode() not in body, file
    family = built_family_data(project / "site", RIVERA)
    assert "thick-handled" not in json.dumps(family)
    assert all(re.fullmatch(r"[0-9a-f]{12}", a["fingerprint"]) for a in family["activities"])

    page = _home(browser, url, phone)  # the same phone, the same Wednesday
    spoon_week = [f"{d} spoon-scooping" for d in ("fri", "mon", "sat", "sun", "thu", "tue", "wed")]
    expected = sorted([("today clothespin-clip", "New"), ("today spoon-scooping", "Changed"),
                       ("wed clothespin-clip", "New"),
                       *((where, "Changed") for where in spoon_week),
                       *((f"{d} rainbow-tracing-shapes", "Changed") for d in ("mon", "fri", "sat"))])
    assert _marks(page) == expected  # Big Button Practice, Putty, Tongs: untouched, unmarked
    # read out with its card, not shown by colour alone, and clear enough to read
    links = _link_names(page)
    assert sum(name.startswith("New Clothespin Clip") for name in links) == 2  # today's card and the week's
    assert sum(name.startswith("Changed Spoon Scooping") for name in links) == 8
    assert not any(re.search(r"New\S|Changed\S", name) for name in links)
    assert _contrast(page, ".hb-mark") >= 4.5
    marks = _stored(page, "plan-marks")
    assert marks["clothespin-clip"] == {"kind": "new", "since": "2026-11-25", "done": False}
    assert set(marks) == {"clothespin-clip", "spoon-scooping", "rainbow-tracing-shapes"}

    for width, height in ((320, 640), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width  # nothing sticks out
        for badge in page.locator("[data-hb-day]:visible .hb-mark").all():
            card = badge.locator("xpath=ancestor::a[1]").bounding_box()
            box = badge.bounding_box()
            assert card["x"] <= box["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
        page.evaluate("() => window.scrollTo(0, document.querySelector('[data-hb-today]').offsetTop - 60)")
        page.wait_for_timeout(400)  # the header has finished swapping its title
        page.screenshot(path=f"/tmp/marks-{width}.png")  # today's list, under the "Updated plan" notice
        page.screenshot(path=f"/tmp/marks-{width}-full.png", full_page=True)
    page.close()

    page = _home(browser, url, phone)  # opened again the same day: the marks are still there
    assert _marks(page) == expected

    # another phone sees this plan first: nothing to compare with, nothing marked
    other = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="Europe/London", locale="en-GB")
    first = _home(browser, url, other)
    assert _marks(first) == []
    other.close()

    # ticking the changed activity takes its marks away, here and after a reload; the new one keeps its own
    page.locator("[data-hb-day]:visible [data-hb-activity='spoon-scooping'] [data-hb-tick]").click()
    wait_until(page, "() => !document.querySelector('[data-hb-activity=\"spoon-scooping\"] .hb-mark')")
    still = [m for m in expected if "spoon-scooping" not in m[0]]
    assert _marks(page) == still
    page.reload()
    page.wait_for_load_state("networkidle")
    assert _marks(page) == still
    page.close()

    page = _home(browser, url, phone, now=NOW + dt.timedelta(days=6))  # Tuesday: a week's marks still show
    assert ("wed clothespin-clip", "New") in _marks(page)
    page.close()
    page = _home(browser, url, phone, now=NOW + dt.timedelta(days=8))  # Thursday of the next week: all gone
    assert _marks(page) == []
    assert _stored(page, "plan-marks") is None
    page.close()
    phone.close()
    assert errors == []


def _seeded(browser: Any, url: str, script: str) -> tuple[Any, list[str]]:
    """A phone whose storage is set up by ``script`` (``key`` is the family's prefix) before the page runs."""
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="Europe/London",
                                  locale="en-GB")
    context.on("weberror", lambda error: errors.append(str(error.error)))
    # in a try: the script also runs in frames that may not touch storage at all
    context.add_init_script("try { const key = 'handbook:BTtQ9ha3G6z7IG2G:';\n" + script + "\n} catch (err) {}")
    return _home(browser, url, context), errors


def test_what_this_phone_saw_of_an_earlier_plan_marks_this_one(browser: Any, site: str,
                                                               rivera: dict[str, Any]) -> None:
    """The same comparison without a second build: what the phone kept of an older plan is put there."""
    assert rivera["log"] == "BTtQ9ha3G6z7IG2G"
    old = {a["id"]: a["fingerprint"] for a in rivera["activities"] if a["id"] != "spoon-scooping"}
    old["big-button-practice"] = "0" * 12
    seen = json.dumps({"version": "an older plan", "activities": old})
    page, errors = _seeded(browser, f"{site}/{RIVERA}/",
                           f"if (!sessionStorage.getItem('seeded')) {{ localStorage.setItem(key + 'plan-seen', "
                           f"{json.dumps(seen)}); sessionStorage.setItem('seeded', '1'); }}")
    assert ("today spoon-scooping", "New") in _marks(page) and ("today big-button-practice", "Changed") in _marks(page)
    assert {m[0].split()[1] for m in _marks(page)} == {"spoon-scooping", "big-button-practice"}
    assert _stored(page, "plan-seen")["activities"] == {a["id"]: a["fingerprint"] for a in rivera["activities"]}
    page.context.close()
    assert errors == []


def test_storage_that_fails_or_holds_nonsense_never_breaks_the_home_page(browser: Any, site: str) -> None:
    url = f"{site}/{RIVERA}/"
    # a private window that refuses storage altogether
    page, errors = _seeded(browser, url, "Object.defineProperty(window, 'localStorage', "
                                         "{get() { throw new DOMException('no', 'SecurityError'); }});")
    assert page.locator("[data-hb-day]:visible .hb-today-card").count() == 3 and _marks(page) == []
    page.context.close()
    assert errors == []
    # a full phone: nothing can be written, and what was kept says the plan changed
    page, errors = _seeded(browser, url, "localStorage.setItem(key + 'plan-seen', '{\"version\": \"old\", "
                                         "\"activities\": {}}');"
                                         "Storage.prototype.setItem = function () { throw new DOMException('full', "
                                         "'QuotaExceededError'); };")
    assert len(_marks(page)) > 0  # shown this once, though they cannot be kept
    page.locator("[data-hb-day]:visible [data-hb-tick]").first.click()
    assert page.locator("[data-hb-today]").is_visible()
    page.context.close()
    assert errors == []
    # nonsense kept where the marks live: as on a first visit, and set right
    page, errors = _seeded(browser, url, "if (!sessionStorage.getItem('seeded')) {"
                                         " localStorage.setItem(key + 'plan-seen', '[not json');"
                                         " localStorage.setItem(key + 'plan-marks', "
                                         "'{\"spoon-scooping\": {\"kind\": \"<b>x</b>\", \"since\": 3}, \"x\": 1}');"
                                         " sessionStorage.setItem('seeded', '1'); }")
    assert _marks(page) == []
    assert _stored(page, "plan-seen")["version"] == _island(page)["plan_version"]
    assert _stored(page, "plan-marks") is None
    page.context.close()
    assert errors == []


def test_a_fingerprint_follows_what_parents_read_of_the_assignment_and_nothing_else(built: Path) -> None:
    project = Project(built)
    library = project.library()
    plan = project.plans(library, only=["rivera"])["rivera"]
    a = plan.activities[0]
    print_ = assignment_fingerprint(a)
    assert re.fullmatch(r"[0-9a-f]{12}", print_) and assignment_fingerprint(dataclasses.replace(a)) == print_
    for change in ({"note": "Another note"}, {"minutes": a.minutes + 1}, {"days": ("sun",)},
                   {"routine": "after lunch"}, {"time": "12:00"},
                   {"activity": dataclasses.replace(a.activity, title="Another title")}):
        assert assignment_fingerprint(dataclasses.replace(a, **change)) != print_, change
    # the library page's other words are not the therapist's news
    assert assignment_fingerprint(dataclasses.replace(a, activity=dataclasses.replace(
        a.activity, summary="Other words"))) == print_
    data = family_data(plan)
    assert [x["fingerprint"] for x in data["activities"]] == [assignment_fingerprint(x) for x in plan.activities]
    assert not any(x.note and x.note in json.dumps(data) for x in plan.activities)
