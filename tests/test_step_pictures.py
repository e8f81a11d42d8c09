"""Photos of the real materials inside an activity's steps: shipped with the sites that have the
activity, shown in the practice view and on the activity page, and refused clearly when wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_one, family_dir, handbook

PAGE = "docs/activities/tong-transfer-pom-poms.md"  # Mateo has it; Leo and Amara do not
PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>\n'


def _with_step_picture(project: Path, markdown: str) -> int:
    """Put ``markdown`` at the start of the page's first step; the line it is on."""
    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    first_step = re.search(r"^1\. ", text, re.M)
    assert first_step
    page.write_text(text[:first_step.end()] + markdown + " " + text[first_step.end():], encoding="utf-8")
    return text[:first_step.start()].count("\n") + 1


def test_a_step_picture_ships_and_shows_in_the_practice_view(project: Path) -> None:
    (project / "docs/media/tongs-thumb.svg").write_text(PICTURE, encoding="utf-8")
    _with_step_picture(project, "![Thumb on top of the tongs](../media/tongs-thumb.svg)")
    assert handbook(project, "check").exit_code == 0
    for family in ("rivera", "chen"):
        build_one(project, family, project / "site")
    rivera, chen = family_dir(project, "rivera"), family_dir(project, "chen")
    assert (rivera / "media/tongs-thumb.svg").read_text(encoding="utf-8") == PICTURE
    assert not (chen / "media/tongs-thumb.svg").exists()  # only with the activity that shows it
    image = '<img alt="Thumb on top of the tongs" src="../{}media/tongs-thumb.svg"'
    for page, up in (("practice/index.html", ""), ("activities/tong-transfer-pom-poms/index.html", "../")):
        assert image.format(up) in (rivera / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("markdown, expected", [
    ("![Thumb on top](../media/missing.jpg)",
     "the picture '../media/missing.jpg' is not there: docs/media/missing.jpg does not exist"),
    ("![](../media/putty-pinch-and-find.jpg)",
     "the picture '../media/putty-pinch-and-find.jpg' has no words saying what it shows"),
    ("![Thumb on top](../guidance/paper-or-phone.md)",
     "the picture '../guidance/paper-or-phone.md' is not a picture file in docs/media/"),
])
def test_a_wrong_step_picture_names_the_page_and_line(project: Path, markdown: str, expected: str) -> None:
    line = _with_step_picture(project, markdown)
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert f"{PAGE}:{line}: {expected}" in result.output
