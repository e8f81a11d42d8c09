"""The tips for parents, read from real builds: a short page per topic, in the therapist's name, with
only what fits the family (its videos, paper or phone, its reward style), and the library's checks."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from handbook.core.project import Project
from handbook.render.guidance_pages import guidance_topics

from conftest import SAMPLE_TOKENS, build_library_preview, build_one, copy_project, family_dir, handbook
from parent_helpers import axe_violations

YOUTUBE = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"  # an example address; never fetched by these tests
YOUTUBE_WORDS = "A video from YouTube loads only when you tap it"
VIDEO_WORDS = "A short video for some activities"
PAPER_LINE = "Like paper? Tap <strong>Print the plan</strong>"
FAMILIES = ("rivera", "okafor", "chen")  # digital save-up; print small-and-often; digital small-and-often
SCREEN = {"width": 390, "height": 844}


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def _article(page: Path) -> str:
    found = re.search(r"<article.*</article>", _text(page), re.S)
    assert found, page
    return found.group()


def _guidance(site: Path) -> dict[str, str]:
    """Every guidance page of a family's site by its address, as the parent reads it (the article)."""
    return {p.parent.relative_to(site).as_posix() + "/": _article(p)
            for p in sorted((site / "guidance").rglob("*.html"))}


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample families after two library edits: Mateo's putty video is on YouTube, and Leo's only video
    is gone; and an activity of Mateo's links to a topic. Only rivera and chen are built."""
    root = copy_project(tmp_path_factory.mktemp("guidance") / "project")
    putty = root / "docs" / "activities" / "putty-pinch-and-find.md"
    text = _text(putty)
    putty.write_text(re.sub(r"^(video|captions|poster):.*\n", "", text, flags=re.M).replace(
        "minutes: 3\n", f"minutes: 3\nvideo: {YOUTUBE}\n", 1), encoding="utf-8")
    push = root / "docs" / "activities" / "wall-push-heavy-work.md"
    push.write_text(re.sub(r"^(video|captions|poster):.*\n", "", _text(push), flags=re.M), encoding="utf-8")
    spoon = root / "docs" / "activities" / "spoon-scooping.md"
    spoon.write_text(_text(spoon).replace("## Make it easier\n", "## Make it easier\n\n- Keep it short: see "
                                          "[A few minutes most days](../guidance/five-minutes-a-day.md).\n", 1),
                     encoding="utf-8")
    out = root / "out"
    for family in ("rivera", "chen"):
        build_one(root, family, out)
    return {family: out / SAMPLE_TOKENS[family] for family in ("rivera", "chen")}


# -- a page per topic -----------------------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_each_topic_is_a_page_of_its_own_that_the_list_and_the_menu_link(built: Path, family: str) -> None:
    project = Project(built)
    library = project.library()
    plan = project.plans(library)[family]
    site = family_dir(built, family)
    topics = guidance_topics(plan, library)
    pages = _guidance(site)
    assert sorted(pages) == sorted(["guidance/", *(f"guidance/{g.id}/" for g in topics)])
    assert 5 < len(topics) <= len(library.guidance)
    listed = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>: ', pages["guidance/"])
    assert listed == [(f"{g.id}/", html.escape(g.title)) for g in topics]  # one line each, in file-name order
    menu = _text(site / "log" / "index.html")
    assert 'href="../guidance/" class="md-nav__link' in menu  # the menu leads to the list
    for guide, following in zip(topics, [*topics[1:], None], strict=True):
        page = pages[f"guidance/{guide.id}/"]
        assert f">{html.escape(guide.title)}</h1>" in page
        assert 'href="../">‹ All tips for parents</a>' in page  # each topic leads back to the list ...
        if following:  # ... and on to the next
            assert f'href="../{following.id}/">Next: {html.escape(following.title)}</a>' in page
    for address, article in pages.items():
        words = len(re.findall(r"\w+(?:['’]\w+)*", html.unescape(re.sub(r"<[^>]+>", " ", article))))
        assert words <= 400, address  # about three phone screens; the browser test below measures them


def test_the_tips_are_shorter_than_the_one_page_they_were(built: Path) -> None:
    words = sum(len(_text(p).split()) for p in (built / "docs" / "guidance").glob("*.md"))
    assert words < 4274  # the one tips page's pages, before they became topics


def test_the_list_of_topics_is_left_out_of_search_the_topics_are_in(built: Path) -> None:
    index = json.loads(_text(family_dir(built, "okafor") / "search" / "search_index.json"))
    locations = {entry["location"] for entry in index["docs"]}
    assert "guidance/" not in locations  # it repeats the topics' titles and summaries
    assert {"guidance/the-printed-plan/", "guidance/five-minutes-a-day/#why-little-and-often-works"} <= locations


# -- in the therapist's name ------------------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_the_tips_speak_in_the_therapists_name(built: Path, family: str) -> None:
    project = Project(built)
    name = project.plans(project.library())[family].therapist.name
    pages = _guidance(family_dir(built, family))
    for address, article in pages.items():
        text = html.unescape(article)
        assert "your therapist" not in text.lower(), address
        assert "{therapist}" not in text.lower(), address
        assert name in text, address  # every page of the tips names the therapist
    phone = html.unescape(pages["guidance/your-phone-page/"])
    assert f"{name}'s note for your child" in phone and f"how to reach {name}." in phone


def test_a_name_that_looks_like_markdown_shows_as_written(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    plan = root / "families" / "chen.yaml"
    plan.write_text(_text(plan).replace("name: Daniel Ortiz", "name: '*Dan* [me](javascript:x) <b>'"),
                    encoding="utf-8")
    build_one(root, "chen", tmp_path / "out")
    phone = _article(tmp_path / "out" / SAMPLE_TOKENS["chen"] / "guidance" / "your-phone-page" / "index.html")
    assert "reach *Dan* [me](javascript:x) &lt;b&gt;." in phone  # its characters, not Markdown or HTML
    assert "<em>" not in phone and "<b>" not in phone and 'href="javascript' not in phone


def test_the_library_preview_says_your_therapist_and_shows_every_topic_and_part(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    preview = build_library_preview(root)
    library = Project(root).library()
    pages = _guidance(preview)
    assert sorted(pages) == sorted(["guidance/", *(f"guidance/{g}/" for g in library.guidance)])
    phone = html.unescape(pages["guidance/your-phone-page/"])
    assert "reach your therapist." in phone and "Your therapist's note for your child" in phone
    for words in (VIDEO_WORDS, YOUTUBE_WORDS, "A video from Vimeo loads only", "Like paper? Tap"):
        assert words in phone
    rewards = pages["guidance/rewards-that-work/"]
    assert "<strong>Small and often.</strong>" in rewards and "<strong>Save up for a goal.</strong>" in rewards
    assert 'href="guidance/rewards-that-work/"' in _text(preview / "index.html")  # the library's own list


# -- only what applies --------------------------------------------------------------------------


def test_youtube_is_explained_only_to_a_family_with_a_youtube_video(built: Path, changed: dict[str, Path]) -> None:
    for family in FAMILIES:  # every sample video is a file on the family's own site
        phone = _guidance(family_dir(built, family))["guidance/your-phone-page/"]
        assert VIDEO_WORDS in phone and YOUTUBE_WORDS not in phone, family
    assert YOUTUBE_WORDS in _guidance(changed["rivera"])["guidance/your-phone-page/"]
    for article in _guidance(changed["chen"]).values():  # no video at all
        assert "video" not in article.lower()


def test_printing_is_a_page_for_print_families_and_a_line_for_the_others(built: Path) -> None:
    okafor = _guidance(family_dir(built, "okafor"))
    assert "Page 1 is the chart for the fridge." in okafor["guidance/the-printed-plan/"]
    assert 'href="the-printed-plan/"' in okafor["guidance/"]
    assert PAPER_LINE not in okafor["guidance/your-phone-page/"]
    for family in ("rivera", "chen"):  # digital
        site = family_dir(built, family)
        pages = _guidance(site)
        assert "guidance/the-printed-plan/" not in pages
        assert not any("Why paper helps" in article for article in pages.values()), family
        assert PAPER_LINE in pages["guidance/your-phone-page/"]
        assert "the-printed-plan" not in _text(site / "index.html")  # nor in the menu


def test_the_rewards_page_explains_the_familys_own_reward_style(built: Path) -> None:
    for family, own, other in (("rivera", "Save up for a goal.", "Small and often."),
                               ("chen", "Small and often.", "Save up for a goal.")):
        pages = _guidance(family_dir(built, family))
        assert f"<strong>{own}</strong>" in pages["guidance/rewards-that-work/"], family
        assert f"<strong>{other}</strong>" not in pages["guidance/rewards-that-work/"], family


def test_a_link_from_an_activity_page_lands_on_the_topics_page(changed: dict[str, Path]) -> None:
    page = _text(changed["rivera"] / "activities" / "spoon-scooping" / "index.html")
    assert '<a href="../../guidance/five-minutes-a-day/">A few minutes most days</a>' in page
    assert (changed["rivera"] / "guidance" / "five-minutes-a-day" / "index.html").is_file()


# -- what the therapist is told ---------------------------------------------------------------------

PHONE = "docs/guidance/your-phone-page.md"
TODO = ("use one of video, youtube, vimeo, print, digital, save-up, small-and-often, or 'not' and one of "
        "them, e.g. <!-- only: not print -->")
# name: (the page, what replaces the page's "<!-- only: video -->" line, the problem on that line)
MISTAKES = {
    "unknown condition": (PHONE, "<!-- only: youtub -->", f"unknown condition 'youtub' (did you mean 'youtube'?) — "
                          f"{TODO}"),
    "no condition": (PHONE, "<!-- only: not -->", f"no condition is named — {TODO}"),
    "no colon": (PHONE, "<!-- only video -->", "'<!-- only video -->' is not a line that starts a part — write it "
                 "as <!-- only: CONDITION -->, e.g. <!-- only: print -->"),
}


def _replace_line(project: Path, page: str, old: str, new: str) -> int:
    """``old``, a whole line of ``page``, replaced by ``new``; returns its line number."""
    path = project / page
    lines = _text(path).split("\n")
    number = lines.index(old) + 1
    lines[number - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_bad_condition_is_an_error_on_its_line(project: Path, mistake: str) -> None:
    page, line, words = MISTAKES[mistake]
    number = _replace_line(project, page, "<!-- only: video -->", line)
    result = handbook(project, "check")
    assert result.exit_code == 1, result.output
    assert f"{page}:{number}: {words}\n" in result.output


def test_a_part_without_its_end_is_an_error_on_its_first_line(project: Path) -> None:
    path = project / PHONE
    text = _text(path)
    path.write_text(text.replace("<!-- only: vimeo -->\n- A video from Vimeo loads only when you tap it. Until "
                                 "then, Vimeo does not know you are there.\n<!-- end -->\n", "<!-- only: vimeo -->\n"
                                 "- A video from Vimeo loads only when you tap it.\n", 1), encoding="utf-8")
    number = text.split("\n").index("<!-- only: vimeo -->") + 1
    result = handbook(project, "check")
    assert result.exit_code == 1, result.output
    assert (f"{PHONE}:{number}: the part that starts with '<!-- only: vimeo -->' has no end — add a line "
            "<!-- end --> after the part's last line\n") in result.output
    assert result.output.count(f"{PHONE}:") == 1  # the parts before it are fine


def test_an_end_without_a_part_and_a_bad_page_condition_are_errors(project: Path) -> None:
    page = "docs/guidance/the-printed-plan.md"
    end = _replace_line(project, page, "## Why paper helps", "<!-- end -->")
    only = _replace_line(project, page, "only: print", "only: paper")
    result = handbook(project, "check")
    assert result.exit_code == 1, result.output
    assert f"{page}:{end}: '<!-- end -->' ends no part — delete the line, or start the part with a line such as " \
        "<!-- only: print -->\n" in result.output
    assert f"{page}:{only}: unknown condition 'paper' — use one of video, youtube, vimeo, print, digital, " \
        "save-up, small-and-often, or 'not' and one of them, e.g. 'only: print'\n" in result.output


@pytest.mark.parametrize(("link", "words"), [
    ("../guidance.md#rewards-that-work", "the link '../guidance.md#rewards-that-work' points into the list of "
     "topics, where the topics no longer are — link to the topic's own page: ../guidance/rewards-that-work.md"),
    ("../guidance/five-minute-a-day.md", "the link '../guidance/five-minute-a-day.md' goes to no guidance page "
     "(did you mean 'five-minutes-a-day'?)"),
    ("../guidance/the-printed-plan.md", "the link '../guidance/the-printed-plan.md' goes to a page that only some "
     "families get (only: print) — put the link inside a part for the same families (<!-- only: print --> … "
     "<!-- end -->), or link to the list of topics: ../guidance.md"),
])
def test_a_link_to_a_topic_not_every_family_has_is_an_error(project: Path, link: str, words: str) -> None:
    page = "docs/activities/spoon-scooping.md"
    number = _replace_line(project, page, "## Make it easier", f"## Make it easier\n\nSee [the tips]({link}).\n") + 2
    result = handbook(project, "check")
    assert result.exit_code == 1, result.output
    assert f"{page}:{number}: {words}" in result.output


def test_a_misspelt_name_placeholder_is_an_error(project: Path) -> None:
    page = "docs/guidance/five-minutes-a-day.md"
    text = _text(project / page)
    (project / page).write_text(text.replace("tell {therapist}.", "tell {therapst}.", 1), encoding="utf-8")
    number = text[:text.index("tell {therapist}.")].count("\n") + 1
    result = handbook(project, "check")
    assert result.exit_code == 1, result.output
    assert f"{page}:{number}: unknown placeholder '{{therapst}}' (did you mean '{{therapist}}'?) — write " \
        "{therapist} where the therapist's name goes\n" in result.output


# -- on a phone ---------------------------------------------------------------------------------------


def test_each_topic_is_at_most_three_screens_and_passes_axe(browser: Any, axe_source: str, built: Path,
                                                           site: str) -> None:
    """Okafor's site has every topic. Each one is measured at 390 x 844; the allowance is the page's own
    bar and links (the site's name, the way back to the list, the next topic), which are not reading.
    The topics share one template, and axe-core is the slow part, so it checks one topic per size: the
    longest at 390, the one with the longest words at 320, one with parts for some families at 1280
    (test_accessibility.py checks the list of topics at every size)."""
    okafor = family_dir(built, "okafor")
    topics = sorted(address for address in _guidance(okafor) if address != "guidance/")
    checked = {(390, 844): "guidance/fitting-into-routines/", (320, 640): "guidance/your-phone-page/",
               (1280, 800): "guidance/rewards-that-work/"}
    base = site
    contexts = {size: browser.new_context(viewport={"width": size[0], "height": size[1]}) for size in checked}
    try:
        phone = contexts[(390, 844)].new_page()
        for address in topics:
            phone.goto(f"{base}/{okafor.name}/{address}")
            tall, chrome = phone.evaluate("""() => [document.documentElement.scrollHeight,
                document.querySelector(".md-header").offsetHeight
                + document.querySelector(".hb-back").offsetHeight
                + document.querySelector(".hb-topic-next").offsetHeight]""")
            assert chrome < 250
            assert tall <= 3 * SCREEN["height"] + chrome, (address, tall)
        for size, address in checked.items():
            page = contexts[size].new_page()
            page.goto(f"{base}/{okafor.name}/{address}")
            assert axe_violations(page, axe_source) == [], (size, address)
    finally:
        for context in contexts.values():
            context.close()
