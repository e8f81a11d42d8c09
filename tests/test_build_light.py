"""A family site carries only files a parent's browser loads, in compact pages, and its search still works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.render.light_output import compact_html, lunr_files_needed

from conftest import SAMPLE_TOKENS, handbook

LUNR = Path("assets/javascripts/lunr")


@pytest.mark.parametrize("family", sorted(SAMPLE_TOKENS))
def test_no_source_maps_search_stemmers_or_unused_favicon(built: Path, family: str) -> None:
    folder = built / "site" / SAMPLE_TOKENS[family]
    names = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
    assert [n for n in names if n.endswith(".map")] == []
    assert not (folder / LUNR).exists()  # English search needs none of Material's 30 language stemmers
    assert not (folder / "assets" / "images" / "favicon.png").exists()  # mkdocs.yml sets favicon.svg
    assert (folder / "assets" / "javascripts" / "workers").is_dir()  # while search itself stays


@pytest.mark.parametrize("family", sorted(SAMPLE_TOKENS))
def test_every_file_of_a_site_is_asked_for_by_one_of_its_pages(built: Path, family: str) -> None:
    folder = built / "site" / SAMPLE_TOKENS[family]
    files = [p for p in folder.rglob("*") if p.is_file()]
    readers = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files
                        if p.suffix in (".html", ".js", ".css", ".json"))
    unasked = [p.relative_to(folder).as_posix() for p in files
               if p.name != "index.html" and p.name not in readers]
    assert unasked == []


def test_our_style_and_scripts_are_minified_and_the_previews_own_stay_out(built: Path) -> None:
    folder = built / "site" / SAMPLE_TOKENS["rivera"]
    theme = built / "hooks" / "theme" / "assets"
    for name in ("handbook.css", "handbook.js", "log_store.js", "reward_log.js", "dates.js", "words.js"):
        source, shipped = (theme / name).read_text(), (folder / "assets" / name).read_text()
        assert "/*" in source and "/*" not in shipped, name  # comments are for whoever edits the source
        assert len(shipped) < 0.85 * len(source), name
    assert "\n  " not in (folder / "assets" / "handbook.css").read_text()
    assert not (folder / "assets" / "library").exists()  # the library preview's style and filter script


def test_pages_without_page_scripts_carry_no_data_islands(built: Path) -> None:
    folder = built / "site" / SAMPLE_TOKENS["rivera"]
    for page in ("guidance/index.html", "handout/index.html"):  # tips and the printable plan: read, not run
        html = (folder / page).read_text()
        assert 'id="hb-words"' not in html and 'id="hb-family"' not in html, page
    for page in ("index.html", "log/index.html", "activities/putty-pinch-and-find/index.html"):
        html = (folder / page).read_text()
        assert 'id="hb-words"' in html and 'id="hb-family"' in html, page


@pytest.mark.parametrize(("languages", "needed"), [
    (["en"], set()),
    (["es"], {"min/lunr.es.min.js", "min/lunr.stemmer.support.min.js"}),
    (["ja"], {"tinyseg.js", "min/lunr.ja.min.js", "min/lunr.stemmer.support.min.js"}),
    (["en", "th"], {"wordcut.js", "min/lunr.th.min.js", "min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js"}),
])
def test_search_language_files_follow_the_search_workers_own_rule(languages: list[str], needed: set[str]) -> None:
    assert lunr_files_needed(languages) == needed


def _search(page, word: str) -> list[str]:
    page.click("label.md-header__button[for='__search']")
    page.locator("input.md-search__input").press_sequentially(word, delay=30)  # Material listens to key presses
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return page.locator(".md-search-result__item").all_inner_texts()


def test_search_finds_an_activity_on_a_phone(built: Path, browser, serve) -> None:
    base = serve(built / "site")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(f"{base}/{SAMPLE_TOKENS['rivera']}/", wait_until="load")
    results = _search(page, "putty")
    context.close()
    assert any("Putty Pinch and Find" in text for text in results)
    assert failed == []


def test_a_spanish_site_keeps_its_stemmer_and_search_works(
        project: Path, browser, serve) -> None:
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^  language: en$", "  language: es", config.read_text()))
    result = handbook(project, "build", "chen")
    assert result.exit_code == 0, result.output
    folder = project / "site" / SAMPLE_TOKENS["chen"]
    shipped = {p.relative_to(folder / LUNR).as_posix() for p in (folder / LUNR).rglob("*") if p.is_file()}
    assert shipped == {"min/lunr.es.min.js", "min/lunr.stemmer.support.min.js"}
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{serve(project / 'site')}/{SAMPLE_TOKENS['chen']}/", wait_until="load")
    results = _search(page, "burrito")
    context.close()
    assert any("Burrito" in text for text in results)


def test_pages_carry_no_indentation_yet_keep_preformatted_text() -> None:
    page = ('<div>\n    <pre>a\n   b</pre>\n   <p>x  \n\n  y</p>\n<textarea>\n  q\n</textarea>\n'
            '  <script type="application/json">{"a": 1}</script>\n')
    assert compact_html(page) == ('<div>\n<pre>a\n   b</pre>\n<p>x  \ny</p>\n<textarea>\n  q\n</textarea>\n'
                                  '<script type="application/json">{"a": 1}</script>\n')


@pytest.mark.parametrize("family", sorted(SAMPLE_TOKENS))
def test_built_pages_are_compact(built: Path, family: str) -> None:
    for page in (built / "site" / SAMPLE_TOKENS[family]).rglob("*.html"):
        assert not re.search(r"\n[ \t]", page.read_text(encoding="utf-8")), page
