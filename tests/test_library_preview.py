"""The therapist's library browser: `mkdocs build` or `serve` without FAMILY, and `handbook library`."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from handbook.core.library import Library
from handbook.core.project import Project

from conftest import build_library_preview, copy_project, handbook
from parent_helpers import axe_violations, static_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

VIEWPORTS: dict[str, ViewportSize] = {"small phone": {"width": 320, "height": 640},
                                      "phone": {"width": 390, "height": 844},
                                      "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def preview_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("preview") / "project")
    build_library_preview(project)
    return project


@pytest.fixture(scope="module")
def library(preview_project: Path) -> Library:
    return Project(preview_project).library()


@pytest.fixture(scope="module")
def preview(preview_project: Path) -> Iterator[str]:
    yield from static_server(preview_project / ".preview")


def test_the_list_shows_picture_id_area_ages_and_minutes_of_every_activity(preview_project: Path,
                                                                         library: Library) -> None:
    index = (preview_project / ".preview" / "index.html").read_text()
    item_pattern = r'<li class="hb-library-item" data-hb-ages="(\d+) (\d+)">(?:(?!</li>).)*?<code>([a-z0-9-]+)</code>'
    items = {m.group(3): m for m in re.finditer(item_pattern, index, re.S)}
    assert set(items) == set(library.activities)
    for activity in library.activities.values():
        item = items[activity.id]
        assert (int(item.group(1)), int(item.group(2))) == activity.ages
        assert "<svg" in item.group(0) or "<img" in item.group(0), f"{activity.id}: its picture, inline"
        assert f'href="activities/{activity.id}/"' in item.group(0)
        assert f"ages {activity.ages[0]}–{activity.ages[1]} · about {activity.minutes} min" in item.group(0)
    for key in {a.area for a in library.activities.values()}:
        assert f'<h2 id="hb-area-{key}">{html.escape(library.areas[key].name)}</h2>' in index


def test_an_activity_page_shows_what_a_family_sees_with_a_sample_dose(preview_project: Path,
                                                                      library: Library) -> None:
    page = (preview_project / ".preview" / "activities" / "balloon-volley" / "index.html").read_text()
    activity = library.activities["balloon-volley"]
    assert "<code>balloon-volley</code>" in page
    assert f"{activity.minutes} minute" in page and "Monday, Wednesday, Friday" in page  # the sample dose
    assert "toilet-paper tube" in page  # the choking rule, as families see it
    assert "We did it today" not in page  # no star chart without a family
    oral = next(a for a in library.activities.values() if a.area == "oral-motor")
    oral_page = (preview_project / ".preview" / "activities" / oral.id / "index.html").read_text()
    note = library.areas["oral-motor"].note
    assert note and note.replace("'", "&#39;") in oral_page
    assert f"Check with your therapist first</strong> if {oral.check_first}" in oral_page.replace("&#39;", "'")


def _visible(page: Page) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(
        "[data-hb-ages]", "items => items.filter(i => i.offsetParent !== null)"
        ".map(i => i.querySelector('code').textContent)")
    return ids


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_filters_by_area_and_age_in_the_page(browser: Browser, preview: str, library: Library, axe_source: str,
                                             viewport: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(preview + "/")
    assert len(_visible(page)) == len(library.activities)
    page.select_option("#hb-filter-age", "11")
    fits_11 = sorted(a.id for a in library.activities.values() if a.fits_age(11))
    assert sorted(_visible(page)) == fits_11
    page.select_option("#hb-filter-area", "self-regulation")
    both = sorted(a.id for a in library.activities.values() if a.fits_age(11) and a.area == "self-regulation")
    assert both and sorted(_visible(page)) == both
    count = page.inner_text("[data-hb-filter-count]")
    assert count == f"{len(both)} of {len(library.activities)} activities"
    hidden_areas = page.eval_on_selector_all("[data-hb-area]", "s => s.filter(x => x.hidden).length")
    assert hidden_areas == len({a.area for a in library.activities.values()}) - 1
    page.screenshot(path=str(tmp_path / f"library-{viewport}.png"))
    assert axe_violations(page, axe_source) == [], viewport
    overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the list fits the screen without sideways scrolling"
    page.select_option("#hb-filter-area", "")
    page.select_option("#hb-filter-age", "")
    assert len(_visible(page)) == len(library.activities)
    assert errors == []
    context.close()


def test_an_activity_page_of_the_preview_passes_axe(browser: Browser, preview: str, axe_source: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(preview + "/activities/learning-plate/")
    assert axe_violations(page, axe_source) == []
    context.close()


def test_handbook_library_lists_ids_to_copy_filtered_by_area_and_age(project: Path) -> None:
    library = Project(project).library()
    result = handbook(project, "library", "--age", "12", "--area", "play")
    assert result.exit_code == 0, result.output
    rows = [line.split()[0] for line in result.output.splitlines()[:-1]]
    assert rows == sorted(a.id for a in library.activities.values() if a.area == "play" and a.fits_age(12))
    assert result.output.splitlines()[-1].startswith(f"{len(rows)} of {len(library.activities)} activities.")


def test_handbook_library_coverage_counts_every_area_at_every_age(project: Path) -> None:
    library = Project(project).library()
    lines = handbook(project, "library", "--coverage").output.splitlines()
    assert lines[0].split() == ["area", *map(str, range(2, 13)), "activities"]
    row = next(line.split() for line in lines if line.startswith("hygiene "))
    expected = [sum(1 for a in library.activities.values() if a.area == "hygiene" and a.fits_age(age))
                for age in range(2, 13)]
    assert row[1:-1] == [str(n) for n in expected]
    assert lines[-1].split()[-1] == str(len(library.activities))


def test_an_unknown_area_is_a_usage_error_with_the_choices(project: Path) -> None:
    result = handbook(project, "library", "--area", "fine-motr")
    assert result.exit_code == 2
    assert "There is no area 'fine-motr' (did you mean 'fine-motor'?)." in result.output
    assert "Use one of: fine-motor, handwriting, scissors," in result.output
