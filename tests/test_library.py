"""Library pages are checked like plans: `docs/activities/<id>.md:<line>: what — what to do`."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.core.library import ACTIVITY_SECTIONS
from handbook.core.project import Project

from conftest import handbook

PAGE = "docs/activities/test-page.md"
# A page of the library's own shape, written here so the expected lines do not move with the library's words
TEST_PAGE = """---
title: Test Page
area: gross-motor
skills: [balance, jumping]
ages: [3, 8]
minutes: 2
picture: material/run
check_first: your child has a heart condition
materials:
  - A soft floor
summary: Your child hops.
---

## Steps

1. Hop.

## Make it easier

- Hold hands.

## Make it harder

- Hop on one foot.

## What to watch for

- Going well: big smiles.
- Tell your therapist if it hurts.
"""
TERMS = "docs/library.yml"


def test_every_sample_activity_is_complete(project: Path) -> None:
    library = Project(project).library()
    assert len(library.activities) >= 70 and len(library.guidance) >= 6
    assert {a.area for a in library.activities.values()} == set(library.areas)
    for activity in library.activities.values():
        assert all(f"## {name}" in activity.body for name in ACTIVITY_SECTIONS)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("area: gross-motor", "area: gross motr",
     f"{PAGE}:3: unknown area 'gross motr' (did you mean 'gross-motor'?) — use one of fine-motor, handwriting, "
     "scissors, "),
    ("minutes: ", "minute: ", f"{PAGE}:2: 'minutes' is missing — add 'minutes:' to the front matter"),
    ("skills: [balance, jumping]", "skills: [balance, jumpng]",
     f"{PAGE}:4: unknown skill 'jumpng' (did you mean 'jumping'?) — use a skill listed in docs/library.yml, or add "
     "it there with the plain words parents will read"),
    ("picture: material/run", "picture: material/no-such-icon",
     f"{PAGE}:7: there is no icon 'material/no-such-icon' in the sets bundled with Material for MkDocs — name an "
     "icon such as 'material/hand-wash' (see GUIDE.md), or a picture file in docs/media/"),
    ("picture: material/run\n", "",
     f"{PAGE}:2: 'picture' is missing — add 'picture:' to the front matter"),
    ("picture: material/run", "picture: media/putty-pinch-and-find.vtt",
     f"{PAGE}:7: 'media/putty-pinch-and-find.vtt' is not a picture in docs/media/ (.svg, .png or .jpg)"),
    ("ages: [3, 8]", "ages: [3, 14]",
     f"{PAGE}:5: ages must be the youngest and oldest age in years, from 2 to 12"),
    ("check_first: your child has a heart condition", "check_first: [heart]",
     f"{PAGE}:8: 'check_first' must be text — finish the sentence 'Check with your therapist first if …'"),
    ("## Make it harder", "## Harder",
     f"{PAGE}:13: the section '## Make it harder' is missing — add a '## Make it harder' heading; every activity "
     "has: Steps, Make it easier, Make it harder, What to watch for"),
    ("ages: [", "ages: [[", f"{PAGE}:6: YAML cannot read this line (expected ',' or ']'"),
    # pages find the steps by position, so a section of its own before them would be read as the steps
    ("## Steps", "## Before you start\n\nClear a space.\n\n## Steps",
     f"{PAGE}:14: '## Before you start' is not one of an activity's sections — use only: Steps, Make it easier, "
     "Make it harder, What to watch for (or make it a '### ' heading inside one)"),
])
def test_library_problems_name_the_page_and_line(project: Path, old: str, new: str, expected: str) -> None:
    assert old in TEST_PAGE
    (project / PAGE).write_text(TEST_PAGE.replace(old, new, 1))
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert expected in result.output


def test_the_test_page_itself_is_fine(project: Path) -> None:
    (project / PAGE).write_text(TEST_PAGE)
    result = handbook(project, "check")
    assert result.exit_code == 0, result.output


def test_an_area_is_added_in_library_yml_alone(project: Path) -> None:
    terms = project / TERMS
    terms.write_text(terms.read_text().replace("skills:\n", "  water-play:\n    name: Water play\n    note: Always "
                                               "stay within reach near water.\n\nskills:\n", 1))
    (project / PAGE).write_text(TEST_PAGE.replace("area: gross-motor", "area: water-play"))
    assert handbook(project, "check").exit_code == 0
    assert handbook(project, "library", "--area", "water-play").output.startswith("test-page  Water play · ages 3–8")
    coverage = handbook(project, "library", "--coverage").output
    assert "water-play" in coverage


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  fine-motor:\n    name: Fine motor\n", "  fine-motor:\n    nmae: Fine motor\n",
     f"{TERMS}:13: unknown key 'nmae' in the area 'fine-motor' — an area has 'name' and 'note'"),
    ("  pinch: picking up", "  Pinch Grip: picking up",
     f"{TERMS}:46: 'Pinch Grip' cannot be an id in 'skills' — use lowercase letters, digits and hyphens"),
])
def test_library_yml_problems_name_the_line(project: Path, old: str, new: str, expected: str) -> None:
    terms = project / TERMS
    assert old in terms.read_text()
    terms.write_text(terms.read_text().replace(old, new, 1))
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert expected in result.output


def test_a_missing_library_yml_is_named(project: Path) -> None:
    (project / TERMS).unlink()
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert "docs/library.yml: the library's list of areas and skills is missing — restore docs/library.yml" \
        in result.output


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("ages: [3, 8]", "ages: [36, 72]",
     f"{PAGE}:5: ages are in whole years: [36, 72] looks like months — write [3, 6]"),
    # a child's age in whole years: 30 months is 2 and 66 months is 5
    ("ages: [3, 8]", "ages: [30, 66]",
     f"{PAGE}:5: ages are in whole years: [30, 66] looks like months — write [2, 5]"),
    ("ages: [3, 8]", "ages: [6, 3]",
     f"{PAGE}:5: the youngest age comes first: [6, 3] is the wrong way round — write [3, 6]"),
    ("ages: [3, 8]", "ages: [3]",
     f"{PAGE}:5: ages must be the youngest and oldest age in years, from 2 to 12 — write e.g. 'ages: [3, 8]'"),
    ("ages: [3, 8]", "ages: [6, 36]",
     f"{PAGE}:5: ages must be the youngest and oldest age in years, from 2 to 12 — write e.g. 'ages: [3, 8]'"),
    ("area: gross-motor", "area: Fine Motor",
     f"{PAGE}:3: unknown area 'Fine Motor' — write the area's id, 'fine-motor'"),
    ("area: gross-motor", "area: visual_perception",
     f"{PAGE}:3: unknown area 'visual_perception' — write the area's id, 'visual-perception'"),
    ("area: gross-motor", "area: Scissor skills", f"{PAGE}:3: unknown area 'Scissor skills' — write the area's id, "
     "'scissors'"),
    ("area: gross-motor", "area: Fine Moter",
     f"{PAGE}:3: unknown area 'Fine Moter' (did you mean 'fine-motor'?) — use one of fine-motor, handwriting, "),
    ("area: gross-motor", "area: [fine-motor, scissors]",
     f"{PAGE}:3: unknown area '['fine-motor', 'scissors']' — use one of fine-motor, handwriting, "),
    ("## Make it easier", "## Make it Easier:",
     f"{PAGE}:18: '## Make it Easier:' should be written '## Make it easier' — every activity has these headings, "
     "written just so: Steps, Make it easier, Make it harder, What to watch for"),
    ("## Steps", "## Step", f"{PAGE}:14: '## Step' should be written '## Steps' — "),
    ("## What to watch for", "## What to watch out for",
     f"{PAGE}:26: '## What to watch out for' should be written '## What to watch for' — "),
])
def test_near_misses_say_what_was_meant(project: Path, old: str, new: str, expected: str) -> None:
    assert old in TEST_PAGE
    (project / PAGE).write_text(TEST_PAGE.replace(old, new, 1))
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert expected in result.output
    assert result.output.count(PAGE) == 1, result.output  # nothing else is wrong with the page


def test_a_near_miss_is_taken_for_the_section_it_is_closest_to(project: Path) -> None:
    page = TEST_PAGE.replace("## Make it easier", "## Make it Easier", 1).replace("## Make it harder",
                                                                                   "## make it harder.", 1)
    (project / PAGE).write_text(page)
    output = handbook(project, "check").output
    assert f"{PAGE}:18: '## Make it Easier' should be written '## Make it easier' — " in output
    assert f"{PAGE}:22: '## make it harder.' should be written '## Make it harder' — " in output
    assert "missing" not in output and "order" not in output


@pytest.mark.parametrize(("folder", "name", "expected"), [
    ("activities", "Snip The Fringe.md", "docs/activities/Snip The Fringe.md:1: 'Snip The Fringe.md' cannot be a "
     "page's file name — rename it snip-the-fringe.md, with only lowercase letters, digits and hyphens: the name is "
     "the page's id"),
    ("activities", "crème_brûlée.md", "docs/activities/crème_brûlée.md:1: 'crème_brûlée.md' cannot be a page's file "
     "name — rename it creme-brulee.md, "),
    ("activities", "Putty Pinch and Find.md", "docs/activities/Putty Pinch and Find.md:1: 'Putty Pinch and Find.md' "
     "cannot be a page's file name — putty-pinch-and-find.md is already there: if this is a copy of it, delete one "
     "of them, or rename this one"),
    ("guidance", "Bed Time.md", "docs/guidance/Bed Time.md:1: 'Bed Time.md' cannot be a page's file name — rename "
     "it bed-time.md, "),
])
def test_a_page_file_name_must_be_an_id(project: Path, folder: str, name: str, expected: str) -> None:
    source = project / PAGE if folder == "activities" else project / "docs/guidance/five-minutes-a-day.md"
    (project / "docs" / folder / name).write_text(TEST_PAGE if folder == "activities" else source.read_text())
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert expected in result.output
