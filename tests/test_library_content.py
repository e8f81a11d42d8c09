"""The library as an experienced pediatric OT would read it: enough activities for every area and age,
every page complete, safety rules stated where they apply, and words a parent reads easily."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.commands.library import coverage, coverage_table
from handbook.core.library import AGES, Activity, Library
from handbook.core.project import Project
from handbook.render.sections import body_sections
from readability import grade, page_text

from conftest import REPO, family_dir

MOST_GRADE = 6.0
# Things small enough to go through a toilet-paper tube, as the materials of a page name them
SMALL_OBJECTS = re.compile(
    r"\b(beads?|buttons?|coins?|beans?(?! bag)|peas|pom-?poms?|marbles?|balloons?|pasta|cereal(?! box)|"
    r"(?:dry|uncooked) rice|clothespins?|paper clips?|caps?|pegs?|dice|straw pieces|cotton balls?|rubber bands?|"
    r"small (?:toys?|blocks?|items?|things|pieces))\b", re.I)
# Areas and skills where a child's health decides whether to do the activity at all
CHECK_FIRST_AREAS = {"gross-motor", "motor-planning", "oral-motor", "eating"}
CHECK_FIRST_SKILLS = {"deep-pressure", "arm-strength", "core-strength", "jumping"}
JARGON = re.compile(r"\b(bilateral|proprioceptive|vestibular|in-hand|isolation|arches|motor planning|"
                    r"touch tolerance|visual scanning|midline|tactile|praxis)\b", re.I)


@pytest.fixture(scope="module")
def library() -> Library:
    return Project(REPO).library()


def test_coverage_every_area_and_every_age(library: Library) -> None:
    print("\n" + "\n".join(coverage_table(library)))  # the table, for `pytest -s` and the CI log
    table = coverage(library)
    assert len(library.activities) >= 70
    thin_areas = {area: n for area in library.areas
                  if (n := sum(1 for a in library.activities.values() if a.area == area)) < 3}
    assert thin_areas == {}
    thin_ages = {age: n for age in AGES if (n := sum(by_age[age] for by_age in table.values())) < 10}
    assert thin_ages == {}


def test_every_activity_has_every_part(library: Library) -> None:
    for activity in library.activities.values():
        sections = list(body_sections(activity.body).values())
        assert len(sections) == 4, activity.id
        steps, easier, harder, watch = sections
        assert re.search(r"^1\. ", steps, re.M), f"{activity.id}: the steps are numbered"
        assert easier.count("\n- ") + easier.startswith("- ") >= 2, f"{activity.id}: two easier gradings"
        assert harder.count("\n- ") + harder.startswith("- ") >= 2, f"{activity.id}: two harder gradings"
        assert re.search(r"going well", watch, re.I), f"{activity.id}: a sign that it is going well"
        assert re.search(r"tell your therapist", watch, re.I), f"{activity.id}: when to tell the therapist"
        assert activity.picture.icon or activity.picture.file, activity.id
        assert 2 <= activity.ages[0] <= activity.ages[1] <= 12, activity.id
        assert 1 <= activity.minutes <= 10 and activity.materials and activity.summary, activity.id


def _names_small_objects(activity: Activity) -> bool:
    return any(SMALL_OBJECTS.search(item) for item in activity.materials)


def test_small_objects_carry_the_choking_rule(library: Library) -> None:
    missing = [a.id for a in library.activities.values() if _names_small_objects(a) and not a.small_parts]
    assert missing == []
    assert sum(a.small_parts for a in library.activities.values()) >= 10  # the rule is really in use
    assert not [a.id for a in library.activities.values() if re.search(r"little ones", a.body, re.I)]


def test_movement_pressure_and_eating_say_who_checks_with_the_therapist_first(library: Library) -> None:
    missing = [a.id for a in library.activities.values()
               if (a.area in CHECK_FIRST_AREAS or CHECK_FIRST_SKILLS & set(a.skills)) and not a.check_first]
    assert missing == []


def test_the_reviewers_safety_points_stay_fixed(library: Library) -> None:
    pages = {a.id: (" ".join(a.materials) + "\n" + a.body).lower() for a in library.activities.values()}
    assert "peas" not in " ".join(library.activities["spoon-scooping"].materials).lower()
    assert "big buttons only" not in pages["putty-pinch-and-find"]
    assert library.activities["balloon-volley"].small_parts and "sock" in pages["balloon-volley"]
    burrito = pages["burrito-blanket-roll"]
    assert "bed" not in re.sub(r"bedtime|before bed", "", burrito) and "face up" in burrito
    assert "chest" in burrito and "tummy" in burrito
    assert "wave" not in pages["wheelbarrow-walk"] and "one hand" not in pages["wheelbarrow-walk"]
    assert "pull a friend" not in pages["wall-push-heavy-work"]
    assert "paper plate" not in pages["jump-the-squares"]
    assert library.activities["clothespin-clip"].small_parts
    assert not any("kidney" in text and "raw" not in text for text in pages.values())
    routines = (REPO / "docs" / "guidance" / "fitting-into-routines.md").read_text().lower()
    assert "wheelbarrow" not in routines and "crab walk" not in routines
    five = (REPO / "docs" / "guidance" / "five-minutes-a-day.md").read_text().lower()
    assert "never more than five" not in five


HANDS_TO_WASH = re.compile(r"\b(putty|dough|(?<!size of a )coins?|sensory bin|dry rice|beans)\b", re.I)
FOODS = re.compile(r"\b(pasta|cereal(?! box)|flour|dough|bread|yogurt|crackers?|peanut|butter(?! knife))\b", re.I)


def test_hand_washing_allergies_and_foam_are_named_where_they_apply(library: Library) -> None:
    for activity in library.activities.values():
        materials = " ".join(activity.materials)
        text = (materials + "\n" + activity.body).lower()
        if HANDS_TO_WASH.search(materials):
            assert "wash" in text, f"{activity.id}: hand washing"
        if FOODS.search(materials):
            assert "allerg" in text or "allerg" in (activity.check_first or ""), f"{activity.id}: food allergies"
        if "shaving foam" in text:
            assert "eyes" in text and "mouth" in text, f"{activity.id}: foam away from eyes and mouth"
        assert not re.search(r"\bkidney beans\b", text) or "never" in text, activity.id


def test_skills_are_in_parent_words_one_word_per_thing(library: Library) -> None:
    used = {tag for a in library.activities.values() for tag in a.skills}
    assert set(library.skills) - used == set(), "a skill no page uses: remove it from docs/library.yml"
    phrases = list(library.skills.values())
    assert len(phrases) == len(set(phrases)), "two skills with the same words"
    assert [p for p in phrases if JARGON.search(p)] == []


def test_every_page_reads_at_grade_six_or_below() -> None:
    pages = sorted([*(REPO / "docs").glob("activities/*.md"), *(REPO / "docs").glob("guidance/*.md")])  # parents'
    grades = {p.relative_to(REPO).as_posix(): grade(page_text(p)) for p in pages}
    shown = sorted(grades.values())
    print(f"\nreading grade of {len(shown)} pages: lowest {shown[0]:.1f}, median {shown[len(shown) // 2]:.1f}, "
          f"highest {shown[-1]:.1f}; {sum(g <= 4 for g in shown)} at grade 4 or below")
    assert {page: round(g, 1) for page, g in grades.items() if g > MOST_GRADE} == {}
    jargon = {page: m.group(0) for p in pages if (m := JARGON.search(page_text(p)))
              for page in [p.relative_to(REPO).as_posix()]}
    assert jargon == {}


def test_readability_measures_hard_text_as_hard() -> None:
    easy = "Roll the ball. Catch it with two hands. Say well done."
    hard = ("Proprioceptive input facilitates neuromuscular organisation, consequently improving "
            "bilateral integration and postural stability during functional activities.")
    assert grade(easy) < 2 < MOST_GRADE < grade(hard)


def test_family_pages_show_the_safety_lines_the_library_gives(project: Path) -> None:
    plan = project / "families" / "rivera.yaml"
    text = plan.read_text()
    plan.write_text(text.replace("  - id: tong-transfer-pom-poms", "  - id: balloon-volley\n    days: [sun]\n"
                                 "  - id: tong-transfer-pom-poms", 1).replace("daily_minutes: 5", "daily_minutes: 10"))
    from conftest import handbook

    assert handbook(project, "build", "rivera").exit_code == 0
    site = family_dir(project, "rivera")
    balloon = (site / "activities" / "balloon-volley" / "index.html").read_text()
    assert "toilet-paper tube" in balloon and "Choking risk" in balloon
    handout = (site / "handout" / "index.html").read_text()
    assert handout.count("toilet-paper tube") >= 2  # balloons and pom-poms, also on paper
    library = Project(project).library()
    for activity_id in ("balloon-volley", "tong-transfer-pom-poms"):
        activity = library.activities[activity_id]
        page = (site / "activities" / activity_id / "index.html").read_text()
        assert "<svg" in page.split("hb-activity-picture", 1)[1][:300], "the picture is inline"
        for words in library.skill_words(activity):
            assert words.replace("'", "&#39;") in page
    check_first = [a for a in library.activities.values() if a.check_first]
    assert check_first


def test_every_picture_set_and_its_licence_is_recorded(library: Library) -> None:
    """docs/media/LICENSES.md names each icon set the pictures come from, and each activity whose
    picture comes from a set whose licence asks for attribution (Font Awesome's CC BY 4.0)."""
    licences = (REPO / "docs" / "media" / "LICENSES.md").read_text(encoding="utf-8")
    for activity in library.activities.values():
        icon = activity.picture.icon
        if icon is None:
            assert activity.picture.file and activity.picture.file.removeprefix("media/") in licences, activity.id
            continue
        assert f"`{icon.split('/')[0]}/" in licences, activity.id
        if not icon.startswith("material/"):
            assert activity.id in licences, activity.id
