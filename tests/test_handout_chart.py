"""The printable plan's fridge chart in a real browser: all seven days on any screen, a picture for each
activity, one sheet of A4 or Letter, and nothing a finger or axe-core would find too small."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from handbook.core.plan import DAYS, Plan
from handbook.core.project import Project

from conftest import SAMPLE_TOKENS, build_one, family_dir
from parent_helpers import axe_violations, open_page, wait_until, watch_traffic

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

VIEWPORTS = [(320, 640), (390, 844), (1280, 800)]
PDF_PAGE = re.compile(rb"/Type\s*/Page\b")  # a page object, not the /Pages tree
MM = 96 / 25.4  # CSS px per millimetre

# Each activity row: its header cell, the picture in it, and its seven day cells, as the screen shows them.
ROWS = """() => [...document.querySelectorAll(".hb-chart-table tbody tr")].map(row => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.width, r.height]; };
    const header = row.querySelector("th[scope=row]");
    const picture = header.querySelector(".hb-picture");
    return {title: header.querySelector(".hb-chart-name").textContent,
            picture: picture && {tag: picture.tagName.toLowerCase(), hidden: picture.getAttribute("aria-hidden"),
                                 box: box(picture)},
            days: [...row.querySelectorAll("td")].map(box)};
})"""
# Controls and links in the page's content, with their sizes (inline links in a sentence are exempt: there are none)
CONTROLS = """() => [...document.querySelectorAll(
        ".md-content a[href], .md-content button, .md-content input, .md-content [tabindex]:not([tabindex='-1'])")]
    .filter(e => e.getBoundingClientRect().width > 0)
    .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().width, e.getBoundingClientRect().height])"""


@pytest.fixture(scope="module")
def busiest(built: Path) -> Plan:
    """The sample family with the most practice in its week: every day of it, and the most ticks."""
    project = Project(built)
    plans = project.plans(project.library())
    plan = max(plans.values(), key=lambda p: sum(len(a.days) for a in p.activities))
    assert {day for a in plan.activities for day in a.days} == set(DAYS)
    return plan


@pytest.mark.parametrize("width, height", VIEWPORTS)
def test_the_chart_shows_all_seven_days_with_a_picture_per_activity(browser: Browser, site: str, axe_source: str,
                                                                   busiest: Plan, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    traffic = watch_traffic(context, site)
    page = open_page(browser, f"{site}/{busiest.link}/handout/", context=context)
    wait_until(page, "() => !document.querySelector('[data-hb-print]').hidden")  # the page script has run
    scroll = page.eval_on_selector(".hb-chart-scroll", "el => [el.scrollWidth, el.clientWidth]")
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    days = page.eval_on_selector_all(".hb-chart-table thead th[scope=col]",
                                     "els => els.map(e => [e.textContent, e.getBoundingClientRect().left, "
                                     "e.getBoundingClientRect().right])")
    rows = page.evaluate(ROWS)
    steps = page.eval_on_selector_all(".hb-handout-dose svg.hb-picture[aria-hidden=true]", "els => els.length")
    images = page.eval_on_selector_all(".md-content img", "els => els.map(e => e.src)")
    controls = page.evaluate(CONTROLS)
    print_button = page.locator("[data-hb-print]").bounding_box()
    violations = axe_violations(page, axe_source)
    page.context.close()

    assert scroll[0] <= scroll[1], f"the chart scrolls sideways: {scroll[0]} px in {scroll[1]} px"
    assert page_width <= width
    day_columns = [d for d in days if d[0].strip() and d[0] != "Activity"]
    assert len(day_columns) == 7
    assert all(0 <= left and right <= width for _, left, right in day_columns), day_columns
    assert [r["title"] for r in rows] == [a.activity.title for a in busiest.activities]
    for row in rows:
        assert len(row["days"]) == 7
        assert all(0 <= left and right <= width for left, right, _, _ in row["days"]), row
        # the picture is inline SVG, decoration beside the title, and big enough to see
        assert row["picture"] == {"tag": "svg", "hidden": "true", "box": row["picture"]["box"]}, row
        assert row["picture"]["box"][2] >= 24 and 0 <= row["picture"]["box"][0], row
    assert steps == len(busiest.activities)  # and beside each activity's steps
    assert images == []  # every sample picture is a bundled icon, written into the page: nothing to fetch
    assert traffic.foreign == [] and traffic.refused == []
    assert [c for c in controls if c[1] < 24 or c[2] < 24] == []
    assert print_button and print_button["width"] >= 44 and print_button["height"] >= 44
    assert violations == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("family", ["chen", "okafor", "rivera"])
def test_every_handout_gives_each_activity_its_picture(built: Path, family: str) -> None:
    page = (family_dir(built, family) / "handout" / "index.html").read_text(encoding="utf-8")
    chart = page[page.index('<table class="hb-chart-table">'):page.index("</tbody>")]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>', chart, re.S)
    steps = re.findall(r'<div class="hb-handout-dose">(.*?)</div>', page, re.S)
    assert rows and len(rows) == len(steps)
    for part in rows + steps:
        assert re.match(r'(<span class="hb-chart-what">)?\s*<svg class="hb-picture" aria-hidden="true" '
                        r'focusable="false"', part), part[:120]


# printable area in CSS px inside the handout's print margins: 10 mm top and bottom, 11 mm sides
PAPER = {"A4": (210, 297), "Letter": (215.9, 279.4)}
HIDE = "selector => document.querySelectorAll(selector).forEach(e => e.style.setProperty('display', 'none'))"


def _pages(page: Page, paper: str) -> int:
    return len(PDF_PAGE.findall(page.pdf(format=paper, print_background=True)))


@pytest.mark.parametrize("paper", PAPER)
def test_the_chart_prints_alone_on_one_sheet_with_boxes_to_colour_in(browser: Browser, site: str, busiest: Plan,
                                                                    paper: str) -> None:
    width_mm, height_mm = PAPER[paper]
    printable: ViewportSize = {"width": int((width_mm - 22) * MM), "height": int((height_mm - 20) * MM)}
    context = browser.new_context(viewport=printable)
    page = context.new_page()
    page.goto(f"{site}/{busiest.link}/handout/")
    page.emulate_media(media="print")
    rows: list[dict[str, Any]] = page.evaluate(ROWS)
    boxes = page.eval_on_selector_all(".hb-chart-box", "els => els.map(e => e.getBoundingClientRect().width)")
    whole = _pages(page, paper)
    page.evaluate(HIDE, ".hb-chart")  # the steps alone
    steps = _pages(page, paper)
    page.evaluate("() => document.querySelector('.hb-chart').style.removeProperty('display')")
    page.evaluate(HIDE, ".hb-chart ~ *")  # the chart alone
    chart = _pages(page, paper)
    context.close()

    assert chart == 1, f"the chart takes {chart} sheets of {paper}"
    assert whole == steps + 1, "the chart does not have a sheet of its own"
    assert len(rows) == len(busiest.activities)
    for row in rows:
        assert row["picture"] and row["picture"]["box"][2] >= 6 * MM, row  # a picture on paper too
        assert all(right <= printable["width"] for _, right, _, _ in row["days"])
    assert len(boxes) == sum(len(a.days) for a in busiest.activities)
    assert min(boxes) >= 8 * MM  # big enough for a child to colour in


LONG_PLAN = ["animal-walks", "ball-toss-and-catch", "body-speed-check", "clothespin-clip"]  # on top of Leo's six


def test_a_long_plan_still_prints_its_chart_on_one_sheet(browser: Browser, project: Path, serve: Any) -> None:
    plan_file = project / "families" / "chen.yaml"
    extra = "".join(f'  - {{id: {name}, minutes: 1, days: [mon, wed, fri], routine: "before dinner, in the hallway '
                    f'where there is room"}}\n' for name in LONG_PLAN)
    text = plan_file.read_text(encoding="utf-8").replace("\nformat:", "\n" + extra + "format:", 1)
    plan_file.write_text(text.replace("daily_minutes: 5", "daily_minutes: 9"), encoding="utf-8")
    build_one(project, "chen", project / "site")
    site = serve(project / "site")
    page = browser.new_page()
    page.goto(f"{site}/{SAMPLE_TOKENS['chen']}/handout/")
    page.emulate_media(media="print")
    rows = page.eval_on_selector_all(".hb-chart-table tbody tr", "rows => rows.length")
    boxes = page.eval_on_selector_all(".hb-chart-box", "els => els.map(e => e.getBoundingClientRect().width)")
    page.evaluate(HIDE, ".hb-chart ~ *")  # the chart alone
    sheets = _pages(page, "Letter")  # the shorter sheet
    page.close()
    assert rows == 10
    assert sheets == 1, f"a chart of {rows} activities takes {sheets} sheets"
    assert min(boxes) >= 8 * MM
