"""Plan text is text, and library Markdown cannot run code or load things from other sites.

Plan text (notes, focus, routines, rewards, check-in notes) keeps only bold, italic, line breaks and
https:, tel: and mailto: links: real sites are built from hostile plans and their HTML is read back.
Hostile library pages fail `handbook check` with the page and line of each problem.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml

from handbook.render.plan_text import plain_text, plan_html

from conftest import build_one, copy_project, handbook

FAMILY = "rivera"
CODE_OR_DATA = re.compile(r"\s*(javascript|vbscript|data):", re.I)
ON_ANOTHER_SITE = re.compile(r"\s*([a-z][a-z0-9+.-]*:|//)", re.I)


# -- reading a built page back ---------------------------------------------------------------------

class _Page(HTMLParser):
    """A page's tags with their attributes, and its text (what a parent reads; no script or style)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self.skipping += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.text.append(data)


def read_page(path: Path) -> tuple[list[tuple[str, dict[str, str]]], str]:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page.tags, re.sub(r"\s+", " ", "".join(page.text))


def unsafe_parts(path: Path) -> list[str]:
    """Everything in a page that could run code or load from another site."""
    found = []
    for tag, attrs in read_page(path)[0]:
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            found.append(f"an inline <script> {attrs}")
        if tag in ("iframe", "object", "embed") and attrs.get("src", "").startswith("https://www.youtube"):
            continue  # none of the sample family's videos comes from another site, so this never happens
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if CODE_OR_DATA.match(value) and name in ("href", "src", "srcset", "action", "formaction", "poster"):
                found.append(f"<{tag} {name}={value[:40]!r}>")
        if tag in ("img", "source", "video", "audio") and ON_ANOTHER_SITE.match(attrs.get("src", "")):
            found.append(f"<{tag} src={attrs['src']!r}>")
    return found


def family_data_of(site: Path) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="hb-family">(.*?)</script>',
                      (site / "index.html").read_text(encoding="utf-8"), re.S)
    assert match
    return json.loads(match.group(1))


# -- plan text ----------------------------------------------------------------------------------

# name: (plan text, what a parent reads of it, HTML the page must have for it)
PLAN_CASES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "image": ("Look ![a tracker](https://example.com/track.png) here", "Look a tracker here", ()),
    "javascript-link": ("Tap [here](javascript:alert(1)) now", "Tap here now", ()),
    "raw-script": ("Hi <script>alert(1)</script> there", "Hi <script>alert(1)</script> there", ()),
    "img-onerror": ('A <img src=x onerror="alert(1)"> B', 'A <img src=x onerror="alert(1)"> B', ()),
    "data-link": ("See [this](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) page",
                  "See this page", ()),
    "https-link": ("Read [more](https://example.org/more?a=1&b=2) tonight", "Read more tonight",
                   ('<a href="https://example.org/more?a=1&amp;b=2" rel="noopener noreferrer">more</a>',)),
    "tel-and-mailto": ("[Call me](tel:+15550100) or [write](mailto:jess@example.org)", "Call me or write",
                       ('<a href="tel:+15550100" rel="noopener noreferrer">Call me</a>',
                        '<a href="mailto:jess@example.org" rel="noopener noreferrer">write</a>')),
    "bold-and-italic": ("Go **slowly** and *gently*: Mateo's 3 * 2 steps, Mum & Dad <3",
                        "Go slowly and gently: Mateo's 3 * 2 steps, Mum & Dad <3",
                        ("<strong>slowly</strong> and <em>gently</em>",)),
}
# where each field of the plan shows: (field, pages)
ACTIVITY = "activities/putty-pinch-and-find/index.html"
FIELD_PAGES = {
    "Note": (ACTIVITY, "handout/index.html"),
    "Focus": ("index.html",),
    "Routine": ("index.html", ACTIVITY, "handout/index.html"),
    "Small": ("log/index.html", "handout/index.html"),
    "Goal": ("log/index.html", "handout/index.html"),
    "Check-in": ("index.html",),
}


def hostile_plan(root: Path, text: str) -> None:
    """Every piece of plan text in Mateo's plan is ``text``, after a word that names its field."""
    path = root / "families" / f"{FAMILY}.yaml"
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    plan["focus"] = [f"Focus: {text}", "Stronger hands"]
    for assignment in plan["activities"]:
        assignment["note"] = f"Note: {text}"
        assignment["routine"] = f"Routine: {text}"
    plan["rewards"] = {"style": "small-and-often", "small": f"Small: {text}",
                       "goal": {"stars": 20, "reward": f"Goal: {text}"}}
    plan["check_ins"][0]["note"] = f"Check-in: {text}"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("hostile-plans") / "project")


def build_with(project: Path, text: str, out: Path) -> Path:
    hostile_plan(project, text)
    build_one(project, FAMILY, out)
    (site,) = [p for p in out.iterdir() if p.is_dir()]
    return site


@pytest.mark.parametrize("case", PLAN_CASES)
def test_plan_text_reaches_every_page_as_text(sample_project: Path, tmp_path: Path, case: str) -> None:
    text, reads, must_have = PLAN_CASES[case]
    site = build_with(sample_project, text, tmp_path / "out")
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        assert unsafe_parts(page) == [], page.relative_to(site)
        source = page.read_text(encoding="utf-8")
        assert "example.com/track.png" not in source and "javascript:" not in source and "data:text" not in source
        assert "<script>alert" not in source and "<img src=x" not in source
    for field, names in FIELD_PAGES.items():
        for name in names:
            page_text = read_page(site / name)[1]
            assert f"{field}: {reads}" in page_text, (field, name, page_text[:3000])
            source = (site / name).read_text(encoding="utf-8")
            for part in must_have:
                assert part in source, (field, name, part)
    # the page scripts set only text: they get the words
    data = family_data_of(site)
    assert {a["routine"] for a in data["activities"]} == {plain_text(f"Routine: {text}")}
    assert data["rewards"]["small"] == plain_text(f"Small: {text}")
    assert data["rewards"]["goal"]["reward"] == plain_text(f"Goal: {text}")
    assert not re.search(r"\*\*|\]\(|!\[", json.dumps(data)), "no markup for the scripts to show"
    # the calendar: plain text, nothing a calendar app could read as HTML
    calendar = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
    descriptions = [str(e.get("description")) for e in calendar.walk("VEVENT") if str(e.get("uid")).startswith("check")]
    first = descriptions[0]
    assert first.startswith("Check-in: ") and "<" not in first and ">" not in first
    assert "**" not in first and "![" not in first and "javascript" not in first


def test_plain_words_read_the_same(sample_project: Path) -> None:
    """The sample plans' words, and the characters Markdown would read as markup, show as written."""
    for text in ("Mateo's 3 * 2 steps", "a_b_c and 2 * 3 * 4", "# not a heading", "- not a list", "1. not a list",
                 "`not code`", "[x]: https://example.org", "a {: onclick=alert(1) }", "&amp; stays &amp;",
                 "<b>not bold</b>", 'He calls them "pirate gold".'):
        assert html.unescape(str(plan_html(text))) == text, text
        assert plain_text(text) == text
    assert str(plan_html("two\nlines")) == "two<br>\nlines"
    assert str(plan_html("*x*{onclick=alert(1)}")) == "<em>x</em>{onclick=alert(1)}"
    assert str(plan_html("[x](//example.com/t) [y](../log/) [z](HTTP://example.com)")) == "x y z"
    assert plain_text("[Call me](tel:+15550100)") == "Call me (+15550100)"


def test_names_in_the_pages_markdown_show_as_written(sample_project: Path, tmp_path: Path) -> None:
    """The child's and the therapist's names sit in headings and paragraphs of the pages' Markdown."""
    child, therapist = "Bo *x*{onclick=alert(1)} ![t](https://example.com/c.png)", "[Jess](javascript:alert(2))"
    hostile_plan(sample_project, "plain words")
    path = sample_project / "families" / f"{FAMILY}.yaml"
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    plan["child"], plan["therapist"] = child, {"name": therapist, "phone": "+1 555 0134"}
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build_one(sample_project, FAMILY, tmp_path / "out")
    (site,) = [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    for page in site.rglob("*.html"):
        assert unsafe_parts(page) == [], page.relative_to(site)
    assert f"{child}’s home practice" in read_page(site / "index.html")[1]
    assert f"{child}’s star chart" in read_page(site / "log" / "index.html")[1]
    assert f"{child}’s practice plan" in read_page(site / "handout" / "index.html")[1]
    assert f"{therapist}’s note for {child}" in read_page(site / ACTIVITY)[1]
    assert f"{therapist} is happy to talk" in read_page(site / "guidance" / "index.html")[1]


# -- library pages -------------------------------------------------------------------------------

PAGE = "docs/activities/animal-walks.md"
GUIDANCE = "docs/guidance/five-minutes-a-day.md"
# name: (lines put into the page, which of them has the problem, the problem's words)
LIBRARY_CASES = {
    "raw-script": ("Watch this.\n<script>alert(1)</script>", 1,
                   "the page has a <script>: pages may not run code on parents' phones — delete the <script>"),
    "iframe": ('Our video:\n\n<iframe src="http://evil.example/video"></iframe>', 2,
               "the page has an <iframe>, which shows another site inside the page — delete it; for a video, "
               "write its address in the front matter"),
    "onerror": ('A picture: <img src="../media/lazy-eight-drawing.jpg" onerror="alert(1)">', 0,
                "'onerror=' in <img> runs code when a parent opens the page — delete 'onerror=…' from the tag"),
    "attribute-list-onclick": ("Go on,\ngo *slowly*{onclick=alert(1)}.", 1, "'onclick=' in <em> runs code"),
    "javascript-link": ("Tap [here](javascript:alert(1)).", 0,
                        "the link 'javascript:alert(1)' runs code on the parent's phone (javascript: links are not "
                        "allowed) — link to a page of the library"),
    "javascript-link-in-raw-html": ('<p>Tap\n<a href="jav&#x61;script:alert(1)">here</a></p>', 1,
                                    "the link 'javascript:alert(1)' runs code"),
    "data-link": ("[the sheet](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", 0,
                  "the link 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' hides a whole file "
                  "inside the page"),
    "data-picture": ("One dot:\n![a dot](data:image/png;base64,iVBORw0KGgo=)", 1,
                     "the picture 'data:image/png;base64,iVBORw0KGgo=' is written into the page as a data: "
                     "address — put the picture in docs/media/ and write ![what it shows](../media/name.jpg)"),
    "outside-picture": ("Like this:\n\n![a tracker](https://example.com/track.png)", 2,
                        "the picture 'https://example.com/track.png' comes from another site: it would load from "
                        "there each time a parent opens the page, and tell that site who is reading — put the "
                        "picture in docs/media/ and write ![what it shows](../media/name.jpg)"),
    "outside-picture-in-raw-html": ('<img src="//example.com/track.png" alt="">', 0,
                                    "the picture '//example.com/track.png' comes from another site"),
}


def put_into_page(project: Path, page: str, lines: str, after: str = "## Make it easier\n") -> int:
    """``lines`` put into ``page`` after the line ``after``, as a block of their own; returns the first one's line."""
    path = project / page
    text = path.read_text(encoding="utf-8")
    assert after in text
    path.write_text(text.replace(after, f"{after}\n{lines}\n\n", 1), encoding="utf-8")
    return text[:text.index(after) + len(after)].count("\n") + 2


@pytest.mark.parametrize("case", LIBRARY_CASES)
def test_hostile_library_markdown_is_an_error_on_its_line(project: Path, case: str) -> None:
    lines, which, words = LIBRARY_CASES[case]
    line = put_into_page(project, PAGE, lines) + which
    result = handbook(project, "check")
    assert result.exit_code == 1, result.output
    assert f"{PAGE}:{line}: {words}" in result.output


@pytest.mark.parametrize("case", ["raw-script", "iframe", "javascript-link", "outside-picture"])
def test_hostile_guidance_markdown_is_an_error_on_its_line(project: Path, case: str) -> None:
    lines, which, words = LIBRARY_CASES[case]
    line = put_into_page(project, GUIDANCE, lines, after="## Why little and often works\n") + which
    result = handbook(project, "check")
    assert result.exit_code == 1, result.output
    assert f"{GUIDANCE}:{line}: {words}" in result.output


def test_problems_of_every_page_are_reported_together(project: Path) -> None:
    script = put_into_page(project, PAGE, "<script>alert(1)</script>")
    guidance = project / GUIDANCE
    text = guidance.read_text(encoding="utf-8")
    guidance.write_text(text + '\nWatch:\n\n<iframe src="https://example.com/player"></iframe>\n', encoding="utf-8")
    iframe = text.count("\n") + 4
    summary = project / "docs" / "activities" / "wall-maze.md"
    text = summary.read_text(encoding="utf-8")
    summary_line = text.splitlines().index(next(s for s in text.splitlines() if s.startswith("summary:"))) + 1
    summary.write_text(re.sub(r"^summary: (.*)$", r"summary: \1 ![x](https://example.com/s.png)", text, count=1,
                              flags=re.M), encoding="utf-8")
    result = handbook(project, "check")
    assert result.exit_code == 1, result.output
    assert f"{PAGE}:{script}: the page has a <script>" in result.output
    assert f"{GUIDANCE}:{iframe}: the page has an <iframe>" in result.output
    assert f"docs/activities/wall-maze.md:{summary_line}: the picture 'https://example.com/s.png'" in result.output


def test_ordinary_library_markdown_is_fine(project: Path) -> None:
    put_into_page(project, PAGE, "\n".join((
        "See [Five minutes a day](../guidance/five-minutes-a-day.md) and [the steps](#steps).",
        "![The lazy eight](../media/lazy-eight-drawing.jpg)",
        '<img src="../media/putty-pinch-and-find.jpg" alt="Putty" width="320">',
        "More at [the NHS](https://www.nhs.uk/) or <https://example.org/help>, and [me](mailto:jess@example.org).",
        '<span style="color: #555">quiet words</span>, <b>bold words</b>, `<script>` as code, 3 < 5 > 2.',
        "*gently*{ .hb-quiet }",
    )))
    put_into_page(project, GUIDANCE, "Ask [your therapist](tel:+15550100).", after="## Why little and often works\n")
    result = handbook(project, "check")
    assert result.exit_code == 0, result.output


def test_every_sample_page_passes(project: Path) -> None:
    result = handbook(project, "check")
    assert result.exit_code == 0, result.output
