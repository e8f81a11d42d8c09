"""Nothing outside the project is read: a link in docs/ or families/ that leads outside its folder is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.core.containment import outside_links
from handbook.core.problems import HandbookError
from handbook.core.project import Project

from conftest import SAMPLE_TOKENS, copy_project, handbook, site_files

PUTTY = "docs/activities/putty-pinch-and-find.md"  # in Mateo's (rivera's) plan, with a video, captions and poster
NEW_TOKEN = "Qm7vT2xLp9RkW4sHn8cYd3Fb"


def link(path: Path, target: str | Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def set_key(root: Path, page: str, key: str, value: str) -> None:
    path = root / page
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[index] = f"{key}: {value}\n"
    path.write_text("".join(lines), encoding="utf-8")


def refused(root: Path, *args: str) -> str:
    result = handbook(root, *args)
    assert result.exit_code == 1, result.output
    return result.output


def test_captions_linked_to_another_familys_plan_are_refused_and_nothing_is_published(project_built: Path) -> None:
    # the attack: a "captions file" that is Leo's whole plan, token included, inside Mateo's site
    before = site_files(project_built / "site")
    link(project_built / "docs/media/putty-extra.vtt", "../../families/chen.yaml")
    set_key(project_built, PUTTY, "captions", "media/putty-extra.vtt")
    output = refused(project_built, "build")
    assert ("docs/media/putty-extra.vtt:1: docs/media/putty-extra.vtt is a link to families/chen.yaml, outside docs/"
            " — replace the link with a copy of the file itself, or remove it") in output
    assert site_files(project_built / "site") == before
    mateo = site_files(project_built / "site" / SAMPLE_TOKENS["rivera"])
    assert not [name for name, data in mateo.items() if SAMPLE_TOKENS["chen"].encode() in data]


def test_a_media_file_replaced_by_a_link_is_refused_also_when_the_library_comes_from_the_cache(
        project_built: Path) -> None:
    # no page changed, so the parse cache holds the library; the link is still checked on this run
    assert (project_built / ".handbook-cache" / "parsed.pickle").is_file()
    before = site_files(project_built / "site")
    captions = project_built / "docs/media/putty-pinch-and-find.vtt"
    captions.unlink()
    link(captions, "/etc/passwd")
    output = refused(project_built, "build")
    assert "docs/media/putty-pinch-and-find.vtt is a link to /etc/passwd, outside docs/" in output
    assert site_files(project_built / "site") == before
    assert not any(b"root:x:0:0:" in data for data in site_files(project_built / "site").values())


def test_captions_linked_to_etc_passwd_are_refused(project: Path) -> None:
    link(project / "docs/media/putty-system.vtt", "/etc/passwd")
    set_key(project, PUTTY, "captions", "media/putty-system.vtt")
    output = refused(project, "build")
    assert "docs/media/putty-system.vtt is a link to /etc/passwd, outside docs/" in output
    assert not (project / "site").exists()


def test_a_poster_outside_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "poster.jpg"
    outside.parent.mkdir()
    shutil.copy(project / "docs/media/putty-pinch-and-find.jpg", outside)
    link(project / "docs/media/putty-outside.jpg", outside)
    set_key(project, PUTTY, "poster", "media/putty-outside.jpg")
    output = refused(project, "build", "rivera")
    assert f"docs/media/putty-outside.jpg is a link to {outside}, outside docs/" in output


def test_a_linked_folder_outside_is_reported_once_and_not_walked_into(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "shared-media"
    shutil.copytree(project / "docs/media", outside)
    shutil.rmtree(project / "docs/media")
    link(project / "docs/media", outside)
    link(outside / "deeper.vtt", "/etc/passwd")  # inside the linked folder: never looked at
    link(project / "docs/activities/extra", tmp_path)
    output = refused(project, "check")
    assert (f"docs/media:1: docs/media is a link to {outside}, outside docs/"
            " — replace the link with a copy of the folder itself, or remove it") in output
    assert f"docs/activities/extra is a link to {tmp_path}, outside docs/" in output
    assert output.count("docs/media") == 2 and "deeper" not in output and "passwd" not in output


def test_an_activity_page_that_is_a_link_outside_is_refused_without_being_read(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside-walk.md"
    outside.write_text((project / PUTTY).read_text(encoding="utf-8"), encoding="utf-8")
    link(project / "docs/activities/outside-walk.md", outside)
    broken = tmp_path / "not-a-page.md"
    broken.write_text("no front matter here\n", encoding="utf-8")
    link(project / "docs/activities/not-a-page.md", broken)
    output = refused(project, "check")
    assert f"docs/activities/outside-walk.md is a link to {outside}, outside docs/" in output
    assert f"docs/activities/not-a-page.md is a link to {broken}, outside docs/" in output
    assert "front matter" not in output  # the file it leads to was not read


def test_a_guidance_page_that_is_a_link_outside_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "tips.md"
    shutil.copy(project / "docs/guidance/rewards-that-work.md", outside)
    link(project / "docs/guidance/more-tips.md", outside)
    output = refused(project, "build")
    assert f"docs/guidance/more-tips.md:1: docs/guidance/more-tips.md is a link to {outside}, outside docs/" in output
    with pytest.raises(HandbookError, match="more-tips.md is a link"):
        Project(project).library()  # serve, cards, links and plain mkdocs read the library this way


def outside_plan(project: Path, tmp_path: Path) -> Path:
    plan = tmp_path / "kept-elsewhere" / "lee.yaml"
    plan.parent.mkdir()
    text = (project / "families/rivera.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace(SAMPLE_TOKENS["rivera"], NEW_TOKEN), encoding="utf-8")
    link(project / "families/lee.yaml", plan)
    return plan


@pytest.mark.parametrize("command", [["check"], ["build"], ["links"], ["cards", "--base-url", "https://example.org"]])
def test_a_plan_that_is_a_link_outside_families_is_refused(project: Path, tmp_path: Path, command: list[str]) -> None:
    plan = outside_plan(project, tmp_path)
    output = refused(project, *command)
    assert (f"families/lee.yaml:1: families/lee.yaml is a link to {plan}, outside families/"
            " — replace the link with a copy of the file itself, or remove it") in output
    assert NEW_TOKEN not in output and not (project / "site").exists() and not (project / "cards").exists()


def test_a_plan_link_is_reported_with_the_other_plan_problems_and_its_target_is_not_read(
        project: Path, tmp_path: Path) -> None:
    plan = outside_plan(project, tmp_path)
    plan.write_text("child: [unclosed\n", encoding="utf-8")  # would be a YAML problem, were it read
    rivera = project / "families/rivera.yaml"
    rivera.write_text(rivera.read_text(encoding="utf-8").replace("daily_minutes: 5", "daily_minutes: 2"),
                      encoding="utf-8")
    output = refused(project, "check")
    assert f"families/lee.yaml is a link to {plan}, outside families/" in output
    assert "families/rivera.yaml" in output and "more than daily_minutes: 2" in output
    assert "YAML" not in output


def test_broken_links_are_problems_not_crashes(project_built: Path) -> None:
    link(project_built / "docs/media/gone.vtt", "missing.vtt")
    link(project_built / "docs/activities/gone.md", "/no/such/page.md")
    link(project_built / "families/gone.yaml", "nowhere.yaml")
    output = refused(project_built, "build")
    assert ("docs/media/gone.vtt:1: docs/media/gone.vtt is a link to missing.vtt, which does not exist"
            " — remove the link, or put a copy of the file it meant in its place") in output
    assert "docs/activities/gone.md is a link to /no/such/page.md, which does not exist" in output
    (project_built / "docs/activities/gone.md").unlink()
    (project_built / "docs/media/gone.vtt").unlink()
    output = refused(project_built, "build")
    assert "families/gone.yaml is a link to nowhere.yaml, which does not exist" in output


def test_links_that_stay_inside_their_folder_build(project: Path) -> None:
    link(project / "docs/media/putty-again.jpg", "putty-pinch-and-find.jpg")
    link(project / "docs/pictures", "media")  # a folder linked to another inside docs/
    (project / "families/.kept").mkdir()  # hidden: families/ may hold no other folder but archive/
    (project / "families/rivera.yaml").rename(project / "families/.kept/rivera.yaml")
    link(project / "families/rivera.yaml", ".kept/rivera.yaml")  # a plan linked to a file inside families/
    set_key(project, PUTTY, "poster", "pictures/putty-again.jpg")
    result = handbook(project, "build")
    assert result.exit_code == 0, result.output
    poster = project / "site" / SAMPLE_TOKENS["rivera"] / "pictures" / "putty-again.jpg"
    assert poster.read_bytes() == (project / "docs/media/putty-pinch-and-find.jpg").read_bytes()


def test_a_project_reached_through_links_and_linked_folders_builds(project: Path, tmp_path: Path) -> None:
    # docs/ and families/ are links themselves (to folders outside the project), and so is the project;
    # a link inside docs/ resolves into the linked library, which is still inside docs/
    for folder in ("docs", "families"):
        shutil.move(project / folder, tmp_path / f"shared-{folder}")
        link(project / folder, tmp_path / f"shared-{folder}")
    link(project / "docs/media/putty-again.jpg", "putty-pinch-and-find.jpg")
    set_key(project, PUTTY, "poster", "media/putty-again.jpg")
    reached = tmp_path / "through-a-link"
    link(reached, project)
    for command in ("check", "build"):
        result = handbook(reached, command)
        assert result.exit_code == 0, result.output
    assert (project / "site" / SAMPLE_TOKENS["rivera"] / "media" / "putty-again.jpg").is_file()
    assert outside_links(reached / "docs", reached) == {}


def test_a_link_to_a_folder_it_is_in_is_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "media" / "again").symlink_to("..")
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert "docs/media/again:1: docs/media/again is a link to .., a folder it is itself in — remove the link" \
        in result.output


def test_rotate_does_not_write_through_a_plan_that_is_a_link_outside(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    plan = project / "families" / "rivera.yaml"
    shutil.move(plan, outside)
    plan.symlink_to(outside)
    before = outside.read_bytes()
    result = handbook(project, "rotate", "rivera")
    assert result.exit_code == 1
    assert f"families/rivera.yaml:1: families/rivera.yaml is a link to {outside.as_posix()}, outside families/" \
        in result.output
    assert outside.read_bytes() == before


def test_the_report_does_not_read_a_plan_that_is_a_link_outside(project: Path, tmp_path: Path) -> None:
    from handbook.commands.report import families_by_token

    outside = tmp_path / "elsewhere.yaml"
    plan = project / "families" / "rivera.yaml"
    shutil.move(plan, outside)
    plan.symlink_to(outside)
    known = families_by_token(Project(project))
    assert SAMPLE_TOKENS["rivera"] not in known and SAMPLE_TOKENS["chen"] in known
