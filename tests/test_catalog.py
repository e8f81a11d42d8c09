"""Every word a parent reads comes from the message catalog: proved with a made-up language.

The pseudo-locale ``qps`` wraps every catalog message in ⟦…⟧. A site built in it may show only
wrapped text, or text from the plan, the library and the therapist (and dates made from them).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import icalendar
import pytest
from babel.messages.pofile import read_po, write_po

from handbook.core.project import Project
from handbook.render.calendar_file import reminders_end
from handbook.render.cards import make_cards, render_cards
from handbook.render.catalog import pseudo_catalog, template_catalog, template_text
from handbook.render.messages import DATE_STYLES, load_messages
from handbook.render.root_files import root_file_contents

from conftest import REPO, SAMPLE_TOKENS, build_one, copy_project
from parent_helpers import NOW, open_page, sample_log, static_server, wait_until

PSEUDO = "qps"
WRAPPED = re.compile(r"⟦[^⟦⟧]*⟧")
NOT_WORDS = re.compile(r"[\s★–—·,.:;!?()\[\]{}\"“”'’+/|#&*…-]+")
GLUE = re.compile(r"<[^>]*>|\b\d+\.\s+|\s+·\s+|,\s+|:\s+|\n")  # markup (noscript's text), and what joins data to data
PAGE_TYPES = {  # page kind: (family, path)
    "home": ("rivera", ""),
    "home-print": ("okafor", ""),
    "activity": ("rivera", "activities/putty-pinch-and-find/"),
    "activity-youtube": ("okafor", "activities/lazy-eight-drawing/"),
    "guidance": ("rivera", "guidance/"),
    "star-chart-save-up": ("rivera", "log/"),
    "star-chart-small-and-often": ("chen", "log/"),
    "handout": ("okafor", "handout/"),
}
# The text of each block of the page (so a message with inline markup inside reads whole), and the
# attributes people hear; <template>s included, since the scripts copy them into the page.
TEXT_AND_LABELS = """() => {
    const INLINE = new Set(["A", "ABBR", "B", "BR", "CODE", "EM", "I", "LABEL", "MARK", "Q", "S", "SMALL", "SPAN",
                            "STRONG", "SUB", "SUP", "TIME", "U"]);
    const found = [];
    const blocks = new Set();
    const visit = (root) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.nodeType === Node.TEXT_NODE) {
                let block = node.parentElement;
                if (!block || block.closest("script, style") || !node.textContent.trim()) continue;
                while (INLINE.has(block.tagName) && block.parentElement) block = block.parentElement;
                if (!blocks.has(block)) { blocks.add(block); found.push(block.textContent); }
                continue;
            }
            for (const name of ["aria-label", "title", "alt", "placeholder", "label"]) {
                if (node.hasAttribute(name) && node.getAttribute(name).trim()) found.push(node.getAttribute(name));
            }
            if (node.tagName === "META" && node.name === "apple-mobile-web-app-title") found.push(node.content);
            if (node.tagName === "TEMPLATE") visit(node.content);
        }
    };
    visit(document.documentElement);
    return found;
}"""


def untranslated(text: str, corpus: str) -> list[str]:
    """The parts of ``text`` that are neither a catalog message (wrapped) nor found in the plan and library."""
    rest = text
    while WRAPPED.search(rest):
        rest = WRAPPED.sub("\n", rest)
    parts = [p.strip() for p in GLUE.split(rest)]
    return [p for p in parts if re.search(r"[^\W\d_]", p) and not _in_corpus(p, corpus)]


def _in_corpus(part: str, corpus: str) -> bool:
    """Every word of ``part`` stands in the corpus as a word, and the whole part as a phrase."""
    words = [w for w in re.findall(r"\w+", part) if re.search(r"[^\W\d_]", w)]
    return all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", corpus) for w in words) and \
        NOT_WORDS.sub(" ", part).strip() in NOT_WORDS.sub(" ", corpus)


def _corpus(project_dir: Path) -> str:
    """What the therapist wrote (plans, library) and the dates a page can show, as one text."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((project_dir / "families").glob("*.yaml"))]
    texts.append((project_dir / "handbook.yaml").read_text(encoding="utf-8"))  # the therapist's details
    texts += [p.read_text(encoding="utf-8") for p in sorted((project_dir / "docs").rglob("*.md"))]
    english = load_messages(project_dir / "hooks" / "locales", "en")
    project = Project(project_dir)
    days = [NOW.date() + dt.timedelta(days=n) for n in range(-120, 121)]
    plans = project.plans(project.library()).values()
    days += [c.date for plan in plans for c in plan.check_ins]
    days += [end for plan in plans if (end := reminders_end(plan, project.plan_stamp(plan)))]  # the home page's
    texts += [english.date(day, style) for day in days for style in DATE_STYLES]
    texts.append(english.language_name("en"))  # the captions' language, named by CLDR like the dates
    texts += [english.weekday(day) for day in range(7)] + [english.weekday_short(day) for day in range(7)]
    texts += [english.weekday_shortest(day) for day in range(7)]  # the fridge chart's days on a phone
    texts += ["Family Handbook", "YouTube", "Vimeo"]  # names, not words to translate
    return "\n".join(texts)


@pytest.fixture(scope="module")
def pseudo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with a pseudo-locale catalog, every family built in it."""
    root = copy_project(tmp_path_factory.mktemp("pseudo") / "project")
    catalog = pseudo_catalog(template_catalog(), PSEUDO)
    with (root / "hooks" / "locales" / f"{PSEUDO}.po").open("wb") as po:
        write_po(po, catalog)
    for family in SAMPLE_TOKENS:
        build_one(root, family, root / "site", language=PSEUDO)
    return root


def test_the_catalog_template_lists_every_message_of_the_engine() -> None:
    with (REPO / "hooks" / "locales" / "handbook.pot").open("rb") as pot:
        committed = {(m.context, m.id) for m in read_po(pot) if m.id}
    current = {(m.context, m.id) for m in template_catalog() if m.id}
    assert current - committed == set(), "run: python -m handbook.render.catalog extract"
    assert committed - current == set(), "run: python -m handbook.render.catalog extract"
    assert len(current) > 150


def test_the_committed_template_is_what_extract_writes() -> None:
    assert (REPO / "hooks" / "locales" / "handbook.pot").read_bytes() == template_text(template_catalog()), \
        "run: python -m handbook.render.catalog extract"


def test_untranslated_finds_english_that_skipped_the_catalog() -> None:
    corpus = "Mateo likes putty.\nThursday, January 14, 2027"
    assert untranslated("⟦%s’s practice⟧".replace("%s", "Mateo"), corpus) == []
    assert untranslated("Mateo", corpus) == []
    assert untranslated("Thursday, January 14, 2027 ⟦phone call⟧", corpus) == []
    assert untranslated("⟦Stars⟧ Rest day", corpus) == ["Rest day"]
    assert untranslated("Next", corpus) == ["Next"]
    assert untranslated("⟦⟦2 minutes⟧ in all⟧ putty Mateo", corpus) == ["putty Mateo"]  # not how the text goes


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_word_on_the_page_comes_from_the_catalog_or_the_plan(browser: Any, pseudo_project: Path,
                                                                   kind: str) -> None:
    family, path = PAGE_TYPES[kind]
    token = SAMPLE_TOKENS[family]
    server = iter(static_server(pseudo_project / "site"))
    base = next(server)
    try:
        family_data = _island(pseudo_project / "site" / token / "index.html")
        log = sample_log(family_data, days=24, extra_stars=20) if path == "log/" else None
        page = open_page(browser, f"{base}/{token}/{path}", log=log)
        if path == "log/":
            wait_until(page, "() => document.querySelector('[data-hb-day-summary]').textContent.length > 0")
            page.locator("[data-hb-task-box]").first.check()  # the rating and the celebration show
        if path == "":
            wait_until(page, "() => !document.querySelector('[data-hb-today]').hidden")
        texts = page.evaluate(TEXT_AND_LABELS)
        page.context.close()
    finally:
        server.close()  # type: ignore[attr-defined]
    corpus = _corpus(pseudo_project)
    leftovers = sorted({part for text in texts for part in untranslated(text, corpus)})
    assert leftovers == [], f"{kind}: words that never went through the catalog: {leftovers}"
    assert sum("⟦" in text for text in texts) > 10


def test_the_calendar_speaks_the_catalog(pseudo_project: Path) -> None:
    corpus = _corpus(pseudo_project)
    for token in SAMPLE_TOKENS.values():
        calendar = icalendar.Calendar.from_ical((pseudo_project / "site" / token / "calendar.ics").read_bytes())
        texts = [str(calendar["X-WR-CALNAME"])]
        for part in calendar.walk():
            texts += [str(part[key]) for key in ("SUMMARY", "DESCRIPTION") if key in part]
        assert len(texts) > 3
        leftovers = sorted({p for text in texts for p in untranslated(text, corpus)})
        assert leftovers == [], leftovers


def test_cards_and_root_pages_speak_the_catalog(pseudo_project: Path) -> None:
    project = Project(pseudo_project)
    messages = load_messages(project.locales_dir, PSEUDO)
    cards = render_cards(make_cards(project.plans(project.library()), "https://practice.example.org", messages),
                         messages)
    pages = {"cards": cards, **{name: content.decode() for name, content in root_file_contents(messages).items()
                                if name.endswith(".html")}}
    corpus = _corpus(pseudo_project) + "\nhttps://practice.example.org/\n" + "\n".join(SAMPLE_TOKENS.values())
    for name, html in pages.items():
        texts = _html_texts(html)
        leftovers = sorted({p for text in texts for p in untranslated(text, corpus)})
        assert leftovers == [], f"{name}: {leftovers}"
        assert any("⟦" in text for text in texts), name


def _html_texts(html: str) -> list[str]:
    """Text and read-out attributes of a page without scripts (cards, root pages), with the standard library."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Texts(HTMLParser):
        skipping = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.skipping += tag in ("script", "style")
            found.extend(v for k, v in attrs if k in ("aria-label", "title", "alt", "placeholder") and v)

        def handle_endtag(self, tag: str) -> None:
            self.skipping -= tag in ("script", "style")

        def handle_data(self, data: str) -> None:
            if not self.skipping and data.strip():
                found.append(data)

    Texts().feed(html)
    return found


def _island(home: Path) -> dict[str, Any]:
    import json

    match = re.search(r'<script type="application/json" id="hb-family">(.*?)</script>', home.read_text(), re.S)
    assert match
    return dict(json.loads(match.group(1)))
