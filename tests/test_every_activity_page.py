"""Every activity of the library, on a family's site: accessible, private, and carrying its safety lines."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from handbook.core.library import Library
from handbook.core.plan import DAYS
from handbook.core.project import Project

from conftest import copy_project, family_dir, handbook
from parent_helpers import axe_violations, watch_traffic

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="module")
def every_activity(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Library]:
    """A project whose sample family 'rivera' is assigned every activity of the library, a minute each."""
    project = copy_project(tmp_path_factory.mktemp("every") / "project")
    library = Project(project).library()
    plan = project / "families" / "rivera.yaml"
    lines = [f"  - {{id: {a}, minutes: 1, days: [{DAYS[i % 7]}]}}" for i, a in enumerate(library.activities)]
    text = re.sub(r"^activities:\n(?:  .*\n)+", "activities:\n" + "\n".join(lines) + "\n", plan.read_text(), flags=re.M)
    plan.write_text(text.replace("daily_minutes: 5", "daily_minutes: 30").replace("age: 4\n", ""))
    result = handbook(project, "build", "rivera")
    assert result.exit_code == 0, result.output
    return project, library


def _block(views: str, activity: str) -> str:
    """One activity's part of the practice views' page: its block, its steps, up to the next one's."""
    start = views.index(f'data-hb-practice="{activity}"')
    end = views.find('<div class="hb-practice" id=', start)
    return views[start:end if end > 0 else None]


def test_every_activity_and_practice_page_carries_its_picture_and_safety_lines(
        every_activity: tuple[Path, Library]) -> None:
    project, library = every_activity
    site = family_dir(project, "rivera")
    views = (site / "practice" / "index.html").read_text()
    for activity in library.activities.values():
        page = (site / "activities" / activity.id / "index.html").read_text()
        picture = page.split('class="hb-activity-picture"', 1)[1][:400]
        assert "<svg" in picture or "<img" in picture, activity.id
        assert ("<strong>Choking risk:</strong>" in page) == activity.small_parts, activity.id
        assert ("Check with your therapist first" in page) == bool(activity.check_first), activity.id
        note = library.areas[activity.area].note
        assert note is None or note.replace("'", "&#39;") in page, activity.id
        # the practice view, where the activity is done, carries the same picture and safety lines
        practice = _block(views, activity.id)
        assert practice.split('class="hb-practice-picture"', 1)[1][:400].count("hb-picture") == 1, activity.id
        assert ("<strong>Choking risk:</strong>" in practice) == activity.small_parts, activity.id
        assert ("Check with your therapist first" in practice) == bool(activity.check_first), activity.id
        assert note is None or note.replace("'", "&#39;") in practice, activity.id


def test_every_activity_page_passes_axe_and_asks_no_other_host(browser: Browser, axe_source: str, serve: Any,
                                                               every_activity: tuple[Path, Library]) -> None:
    project, library = every_activity
    site = family_dir(project, "rivera")
    base = serve(site.parent)
    context = browser.new_context(viewport={"width": 320, "height": 640})
    traffic = watch_traffic(context, base)
    page = context.new_page()
    found = {}
    for activity in library.activities:
        page.goto(f"{base}/{site.name}/activities/{activity}/", wait_until="load")
        # the page's frame (menu, header, footer) is the same on every activity page: test_accessibility.py
        if violations := axe_violations(page, axe_source, within="article"):
            found[activity] = violations
    context.close()
    assert found == {}
    assert traffic.foreign == [] and traffic.refused == []
