"""`handbook build` builds a family again only when something its site is made from changed."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
from pathlib import Path

import pytest

from handbook.core.project import Project

from conftest import SAMPLE_TOKENS, handbook, site_files

FAMILIES = sorted(SAMPLE_TOKENS)


def rebuilt(root: Path, *args: str) -> list[str]:
    """Build again; the families that were built, from the progress lines."""
    result = handbook(root, "build", *args)
    assert result.exit_code == 0, result.output
    return sorted(re.findall(r"^\[\d+/\d+\] (\S+)$", result.output, re.M))


def inodes(root: Path, family: str) -> dict[str, int]:
    folder = root / "site" / SAMPLE_TOKENS[family]
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", ["index.html", "404.html", "_headers"])
def test_a_root_file_changed_by_hand_is_written_again_without_building_a_family(project_built: Path,
                                                                               name: str) -> None:
    # a build with nothing to do trusts the root files only while they are as it recorded them
    path = project_built / "site" / name
    good = path.read_bytes()
    path.write_bytes(good.replace(b"e", b"E", 1))
    assert rebuilt(project_built) == []
    assert path.read_bytes() == good


def test_a_plan_broken_after_a_build_is_read_again_not_taken_from_the_cache(project_built: Path) -> None:
    assert (project_built / ".handbook-cache" / "parsed.pickle").is_file()  # the build kept what it parsed
    plan = project_built / "families" / "chen.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("daily_minutes: 5", "daily_minutes: 2"), encoding="utf-8")
    result = handbook(project_built, "build")
    assert result.exit_code == 1
    assert "families/chen.yaml" in result.output and "more than daily_minutes: 2" in result.output


def test_a_changed_library_page_is_read_again_for_every_plan(project_built: Path) -> None:
    page = project_built / "docs" / "activities" / "calm-breathing.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: ", "title: New ", 1), encoding="utf-8")
    assert rebuilt(project_built) == ["chen"]  # the only family that does it
    home = (project_built / "site" / SAMPLE_TOKENS["chen"] / "index.html").read_text(encoding="utf-8")
    assert ">New " in home


def test_new_words_for_a_skill_in_library_yml_reach_every_page_that_shows_it(project_built: Path) -> None:
    terms = project_built / "docs" / "library.yml"
    terms.write_text(terms.read_text().replace("  breathing: slow breathing\n", "  breathing: slow, calm breaths\n"))
    assert rebuilt(project_built) == FAMILIES  # the words of every area and skill are shared
    page = project_built / "site" / SAMPLE_TOKENS["chen"] / "activities" / "calm-breathing" / "index.html"
    assert "slow, calm breaths" in page.read_text()


def test_an_unchanged_caseload_builds_nothing_and_leaves_site_alone(project_built: Path) -> None:
    before = {family: inodes(project_built, family) for family in FAMILIES}
    result = handbook(project_built, "build")
    assert result.exit_code == 0, result.output
    assert "[1/" not in result.output
    assert re.search(r"^Nothing to build: 3 families are up to date in site/ \(\d+\.\d s\)\.$", result.output, re.M)
    assert {family: inodes(project_built, family) for family in FAMILIES} == before


def test_a_changed_plan_rebuilds_only_that_family(project_built: Path) -> None:
    plan = project_built / "families" / "rivera.yaml"
    plan.write_text(plan.read_text().replace("it is softer", "it is softer and warmer"))
    others = {family: inodes(project_built, family) for family in ("chen", "okafor")}
    assert rebuilt(project_built) == ["rivera"]
    assert "softer and warmer" in (project_built / "site" / SAMPLE_TOKENS["rivera"] / "activities" /
                                    "putty-pinch-and-find" / "index.html").read_text()
    assert {family: inodes(project_built, family) for family in others} == others  # carried over as hard links


def test_a_plan_saved_again_unchanged_rebuilds_that_family_for_its_calendar_stamp(project_built: Path) -> None:
    plan = project_built / "families" / "rivera.yaml"
    calendar = project_built / "site" / SAMPLE_TOKENS["rivera"] / "calendar.ics"
    before = calendar.read_bytes()
    later = plan.stat().st_mtime + 86_400
    os.utime(plan, (later, later))
    assert rebuilt(project_built) == ["rivera"]
    assert calendar.read_bytes() != before


def test_a_plan_written_as_yml_is_followed_too(project_built: Path) -> None:
    plan = project_built / "families" / "okafor.yaml"
    plan.rename(plan.with_suffix(".yml"))
    assert rebuilt(project_built) == ["okafor"]  # the same content, but a new file
    moved = plan.with_suffix(".yml")
    moved.write_text(moved.read_text().replace("focus:\n", "focus:\n  - Cutting along a thick line\n"))
    assert rebuilt(project_built) == ["okafor"]
    assert rebuilt(project_built) == []


def _users_of(root: Path) -> dict[str, list[str]]:
    project = Project(root)
    library = project.library()
    plans = project.plans(library)
    return {a: sorted(f for f, p in plans.items() if a in {x.id for x in p.activities}) for a in library.activities}


def test_a_changed_activity_rebuilds_only_the_families_that_use_it(project_built: Path) -> None:
    users = _users_of(project_built)
    activity = next(a for a, families in users.items() if len(families) == 1)
    page = project_built / "docs" / "activities" / f"{activity}.md"
    page.write_text(page.read_text() + "\nOne more friendly tip.\n")
    assert rebuilt(project_built) == users[activity]


def test_a_changed_activity_no_family_uses_rebuilds_nothing(project_built: Path) -> None:
    activity = next(a for a, families in _users_of(project_built).items() if not families)
    page = project_built / "docs" / "activities" / f"{activity}.md"
    page.write_text(page.read_text() + "\nOne more friendly tip.\n")
    assert rebuilt(project_built) == []


@pytest.mark.parametrize("change", ["guidance page", "mkdocs.yml", "new file under hooks", "new picture in docs"])
def test_a_change_every_site_shares_rebuilds_every_family(project_built: Path, change: str) -> None:
    root = project_built
    if change == "guidance page":
        page = next((root / "docs" / "guidance").glob("*.md"))
        page.write_text(page.read_text() + "\nYou are doing well.\n")
    elif change == "mkdocs.yml":
        config = root / "mkdocs.yml"
        config.write_text(config.read_text() + "\n# a comment changes nothing, but who knows\n")
    elif change == "new file under hooks":
        (root / "hooks" / "theme" / "partials" / "extra-note.html").parent.mkdir(exist_ok=True)
        (root / "hooks" / "theme" / "partials" / "extra-note.html").write_text("<p>Hello</p>\n")
    else:
        (root / "docs" / "media").mkdir(exist_ok=True)
        (root / "docs" / "media" / "new-picture.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    assert rebuilt(root) == FAMILIES


def test_new_package_versions_rebuild_every_family(project_built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_version = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "99.0" if name == "mkdocs-material" else real_version(name))
    assert rebuilt(project_built) == FAMILIES


def test_force_rebuilds_every_family(project_built: Path) -> None:
    assert rebuilt(project_built, "--force") == FAMILIES


def test_a_family_folder_deleted_by_hand_is_built_again(project_built: Path) -> None:
    folder = project_built / "site" / SAMPLE_TOKENS["chen"]
    expected = site_files(folder)
    shutil.rmtree(folder)
    assert rebuilt(project_built) == ["chen"]
    assert site_files(folder) == expected


def test_a_file_edited_by_hand_in_site_is_put_right(project_built: Path) -> None:
    page = project_built / "site" / SAMPLE_TOKENS["okafor"] / "index.html"
    expected = page.read_bytes()
    page.write_bytes(expected.replace(b"Amara", b"Someone else"))
    assert rebuilt(project_built) == ["okafor"]
    assert page.read_bytes() == expected


def test_build_state_is_kept_outside_site(project_built: Path) -> None:
    state = project_built / ".handbook-cache" / "build-state.json"
    assert state.is_file()
    names = {p.name for p in (project_built / "site").iterdir()}
    assert names == {"index.html", "404.html", "robots.txt", "_headers", *SAMPLE_TOKENS.values()}
    assert not any("build-state" in name or "handbook-cache" in name for name in site_files(project_built / "site"))


def test_a_broken_build_state_means_a_full_build(project_built: Path) -> None:
    (project_built / ".handbook-cache" / "build-state.json").write_text("{not json")
    assert rebuilt(project_built) == FAMILIES
    assert rebuilt(project_built) == []


def test_a_rotated_link_rebuilds_that_family_and_drops_its_old_folder(project_built: Path) -> None:
    plan = project_built / "families" / "okafor.yaml"
    new_token = "q7RvLx2mZt9KpW4sNb8YhC3d"
    plan.write_text(plan.read_text().replace(SAMPLE_TOKENS["okafor"], new_token))
    result = handbook(project_built, "build")
    assert result.exit_code == 0, result.output
    assert "[1/1] okafor" in result.output
    assert "Removed Amara's old link (okafor): the site is at its new link." in result.output
    assert "removed 1 folder (above) in site/" in result.output
    assert not (project_built / "site" / SAMPLE_TOKENS["okafor"]).exists()
    assert (project_built / "site" / new_token / "index.html").is_file()
    assert os.listdir(project_built / "site" / new_token)
