"""Library pages are checked like plans: `docs/activities/<id>.md:<line>: what — what to do`."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.core.library import ACTIVITY_SECTIONS, AREAS
from handbook.core.project import Project

from conftest import handbook

PAGE = "docs/activities/animal-walks.md"


def test_every_sample_activity_is_complete_and_written_for_parents(project: Path) -> None:
    library = Project(project).library()
    assert len(library.activities) >= 20 and len(library.guidance) >= 6
    areas = {a.area for a in library.activities.values()}
    assert areas == set(AREAS)
    for activity in library.activities.values():
        assert 1 <= activity.minutes <= 5 and activity.materials and activity.summary
        assert all(f"## {name}" in activity.body for name in ACTIVITY_SECTIONS)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("area: gross-motor", "area: gross motor",
     f"{PAGE}:3: unknown area 'gross motor' — use one of fine-motor, gross-motor, sensory, self-care, visual-motor, "
     "bilateral"),
    ("minutes: ", "minute: ", f"{PAGE}:2: 'minutes' is missing — add 'minutes:' to the front matter"),
    ("## Make it harder", "## Harder",
     f"{PAGE}:12: the section '## Make it harder' is missing — add a '## Make it harder' heading; every activity "
     "has: Steps, Make it easier, Make it harder, What to watch for"),
    ("ages: [", "ages: [[", f"{PAGE}:6: YAML cannot read this line (expected ',' or ']'"),
    # pages find the steps by position, so a section of its own before them would be read as the steps
    ("## Steps", "## Before you start\n\nClear a space.\n\n## Steps",
     f"{PAGE}:13: '## Before you start' is not one of an activity's sections — use only: Steps, Make it easier, "
     "Make it harder, What to watch for (or make it a '### ' heading inside one)"),
])
def test_library_problems_name_the_page_and_line(project: Path, old: str, new: str, expected: str) -> None:
    page = project / PAGE
    page.write_text(page.read_text().replace(old, new, 1))
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert expected in result.output
