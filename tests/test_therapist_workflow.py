"""The therapist's workflow over months: nothing taken down by mistake, settings written once, copied plans."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SAMPLE_TOKENS, handbook, site_tree

AMARA = SAMPLE_TOKENS["okafor"]


def problems(output: str) -> list[str]:
    """The problem lines of a failed command (after its heading line)."""
    return [line.strip() for line in output.splitlines() if line.startswith("  ")]


# -- nothing in families/ is skipped quietly --------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("okafor.yaml.txt", "families/okafor.yaml.txt: this file is not read as a plan: its name ends in '.txt' after "
                        "'.yaml' (editors sometimes add one) — rename it to families/okafor.yaml"),
    ("Okafor.YAML", "families/Okafor.YAML: this file is not read as a plan: a plan's name is all lowercase — rename "
                    "it to families/okafor.yaml"),
    ("okafor 2.yaml", "families/okafor 2.yaml: this file is not read as a plan: 'okafor 2' cannot be a family id "
                      "(lowercase letters, digits and hyphens only) — rename it to families/okafor-2.yaml"),
    ("old/okafor.yaml", "families/old: plans in a folder inside families/ are not read, so their sites would be "
                        "taken down — move each plan back into families/, or into families/archive/ to take its "
                        "site down on purpose ('handbook archive FAMILY' does it)"),
])
def test_a_plan_that_is_not_read_is_an_error_and_the_site_stays(project_built: Path, name: str,
                                                                  expected: str) -> None:
    before = site_tree(project_built / "site")
    target = project_built / "families" / name
    target.parent.mkdir(exist_ok=True)
    (project_built / "families" / "okafor.yaml").rename(target)

    result = handbook(project_built, "build")

    assert result.exit_code == 1
    assert problems(result.output) == [expected]
    assert site_tree(project_built / "site") == before
    assert handbook(project_built, "check").exit_code == 1


def test_a_readme_an_archive_and_an_editors_hidden_files_are_fine(project: Path) -> None:
    families = project / "families"
    (families / "README.md").write_text("Plans of the Tuesday clinic.\n", encoding="utf-8")
    (families / "archive").mkdir()
    (families / ".rivera.yaml.swp").write_bytes(b"\0vim swap")
    result = handbook(project, "check")
    assert result.exit_code == 0, result.output


def test_any_other_file_in_families_is_named(project: Path) -> None:
    (project / "families" / "notes.docx").write_bytes(b"PK\3\4")
    (project / "families" / "rivera.yaml~").write_text("child: Mateo\n", encoding="utf-8")
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert problems(result.output) == [
        "families/notes.docx: this file is not a plan, and only plans belong in families/ — move it out of "
        "families/ (plans are named like rivera.yaml; a README is fine)",
        "families/rivera.yaml~: this looks like a copy of families/rivera.yaml, and it is not read — delete it, "
        "or move it out of families/",
    ]


# -- a deleted plan never takes a site down; archive does, by name -----------------------------

def test_a_deleted_plan_stops_the_build_and_names_the_family(project_built: Path) -> None:
    before = site_tree(project_built / "site")
    (project_built / "families" / "okafor.yaml").unlink()

    result = handbook(project_built, "build", "rivera")

    assert result.exit_code == 1
    assert problems(result.output) == [
        f"families/okafor.yaml: the plan is gone, but Amara's site is still online (site/{AMARA[:6]}…) — put the "
        "plan back to keep the site (from your backup, or 'git checkout families/okafor.yaml'), or run 'handbook "
        "archive okafor' to take the site down on purpose"]
    assert "nothing was changed in site/" in result.output
    assert site_tree(project_built / "site") == before


def test_archive_takes_the_site_down_by_name_and_restoring_the_plan_brings_it_back(project_built: Path) -> None:
    plan = project_built / "families" / "okafor.yaml"
    text = plan.read_bytes()

    archived = handbook(project_built, "archive", "okafor")
    assert archived.exit_code == 0, archived.output
    assert archived.output.splitlines()[0] == "Moved families/okafor.yaml to families/archive/okafor.yaml."
    assert (project_built / "families" / "archive" / "okafor.yaml").read_bytes() == text
    assert (project_built / "site" / AMARA).is_dir()  # only the build takes it down

    built = handbook(project_built, "build")
    assert built.exit_code == 0, built.output
    assert "Took down Amara's site (okafor): its plan is in families/archive/." in built.output
    assert not (project_built / "site" / AMARA).exists()
    assert "okafor" not in handbook(project_built, "links").output

    (project_built / "families" / "archive" / "okafor.yaml").rename(plan)
    again = handbook(project_built, "build")
    assert again.exit_code == 0, again.output
    assert (project_built / "site" / AMARA / "index.html").is_file()


def test_archive_after_a_plan_was_deleted_takes_its_site_down(project_built: Path) -> None:
    (project_built / "families" / "okafor.yaml").unlink()
    result = handbook(project_built, "archive", "okafor")
    assert result.exit_code == 0, result.output
    assert "families/okafor.yaml was deleted already: families/archive/okafor.yaml now names its link." \
        in result.output
    built = handbook(project_built, "build")
    assert built.exit_code == 0, built.output
    assert "Took down Amara's site (okafor)" in built.output
    assert not (project_built / "site" / AMARA).exists()


def test_a_plan_both_live_and_archived_is_refused(project: Path) -> None:
    (project / "families" / "archive").mkdir()
    shutil.copy(project / "families" / "okafor.yaml", project / "families" / "archive" / "okafor.yaml")
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert problems(result.output) == [
        "families/archive/okafor.yaml: 'okafor' has a plan in families/ and one in families/archive/ — keep one: "
        "delete the archived copy to keep the site online, or run 'handbook archive okafor' again to take it down"]
    assert handbook(project, "archive", "okafor").exit_code == 1  # never over the archived copy


def test_archive_of_an_unknown_family(project: Path) -> None:
    result = handbook(project, "archive", "okafr")
    assert result.exit_code == 1
    assert problems(result.output) == ["families/okafr.yaml: there is no plan for 'okafr' (did you mean 'okafor'?) "
                                       "— check the name: it is the plan's file name without .yaml"]


# -- the therapist's details, written once -----------------------------------------------------

def test_the_settings_give_every_plan_without_its_own_therapist_its_details(built: Path) -> None:
    rivera = (built / "families" / "rivera.yaml").read_text(encoding="utf-8")
    assert "therapist:" not in rivera
    home = (built / "site" / SAMPLE_TOKENS["rivera"] / "index.html").read_text(encoding="utf-8")
    assert "Jessica Park" in home and 'href="tel:+15550134"' in home
    chen = (built / "site" / SAMPLE_TOKENS["chen"] / "index.html").read_text(encoding="utf-8")
    assert "Daniel Ortiz" in chen and "Jessica Park" not in chen and "jess@example.org" not in chen


def test_changing_the_settings_rebuilds_the_families_that_use_them(project_built: Path) -> None:
    settings = project_built / "handbook.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("+1 555 0134", "+1 555 0188"),
                        encoding="utf-8")
    result = handbook(project_built, "build")
    assert result.exit_code == 0, result.output
    home = (project_built / "site" / SAMPLE_TOKENS["rivera"] / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:+15550188"' in home


def test_bad_settings_are_reported_in_the_settings_file(project: Path) -> None:
    settings = project / "handbook.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("jess@example.org", "jess(at)example.org"),
                        encoding="utf-8")
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert problems(result.output) == ["handbook.yaml:6: 'jess(at)example.org' is not an email address — write it "
                                       "like name@example.org"]


def test_new_uses_the_settings_and_the_plan_passes_the_check(project: Path) -> None:
    result = handbook(project, "new", "lee", "--child", "Noor", "--age", "6")
    assert result.exit_code == 0, result.output
    text = (project / "families" / "lee.yaml").read_text(encoding="utf-8")
    assert "# How parents reach you comes from handbook.yaml: Jessica Park, phone +1 555 0134, email " \
        "jess@example.org." in text
    assert "\ntherapist:" not in text and "Your Name" not in text
    assert handbook(project, "check", "lee").exit_code == 0


def test_a_starter_plan_without_settings_is_refused_until_its_placeholders_are_replaced(project: Path) -> None:
    (project / "handbook.yaml").unlink()
    assert handbook(project, "new", "lee", "--child", "Noor", "--age", "6").exit_code == 0
    plan = project / "families" / "lee.yaml"
    line = plan.read_text(encoding="utf-8").splitlines().index(
        'therapist: {name: Your Name, phone: "+1 555 0100", email: you@example.org, prefers: phone}') + 1

    result = handbook(project, "check", "lee")

    assert result.exit_code == 1
    todo = "(parents see it on every page), or write your details once in handbook.yaml and delete this plan's " \
           "'therapist:' line"
    assert problems(result.output) == [
        f"families/lee.yaml:{line}: the therapist's name is still the starter plan's example 'Your Name' — write "
        f"your own name {todo}",
        f"families/lee.yaml:{line}: the therapist's phone is still the starter plan's example '+1 555 0100' — write "
        f"your own phone {todo}",
        f"families/lee.yaml:{line}: the therapist's email is still the starter plan's example 'you@example.org' — "
        f"write your own email {todo}",
    ]
    assert handbook(project, "build", "lee").exit_code == 1
    assert handbook(project, "cards", "--base-url", "https://practice.example.org", "lee").exit_code == 1
    assert not (project / "cards").exists()

    plan.write_text(plan.read_text(encoding="utf-8").replace(
        'name: Your Name, phone: "+1 555 0100", email: you@example.org',
        'name: Sam Lee, phone: "+1 555 0161"'), encoding="utf-8")
    assert handbook(project, "check", "lee").exit_code == 0


# -- a copied plan -------------------------------------------------------------------------------

def test_new_from_copies_a_plan_with_its_own_link_and_star_chart(project: Path) -> None:
    result = handbook(project, "new", "lee", "--from", "rivera", "--child", "Noor", "--age", "5")

    assert result.exit_code == 0, result.output
    copy = (project / "families" / "lee.yaml").read_text(encoding="utf-8")
    original = (project / "families" / "rivera.yaml").read_text(encoding="utf-8")
    assert copy.splitlines()[0] == "# Home plan for Noor (age 5)"
    assert "child: Noor\n" in copy and "age: 5\n" in copy
    assert SAMPLE_TOKENS["rivera"] not in copy
    assert "log: BTtQ9ha3G6z7IG2G" not in copy and "\nlog: " in copy
    assert "changes:" not in copy and "rainbow tracing after breakfast, four days" not in copy
    assert copy.count("- id: ") == original.count("- id: ")
    # the notes were written for Mateo: the therapist is told which lines still name him
    naming = [n for n, line in enumerate(copy.splitlines(), start=1) if "Mateo" in line]
    assert naming
    many = len(naming) > 1
    assert f"families/lee.yaml still names Mateo on line{'s' if many else ''} {', '.join(map(str, naming))}: " \
           f"rewrite {'them' if many else 'it'} for Noor, or words meant for another family reach this one." \
           in result.output
    assert handbook(project, "check").exit_code == 0


def test_new_from_a_rotated_plan_leaves_its_old_links_behind(project: Path) -> None:
    assert handbook(project, "rotate", "okafor").exit_code == 0
    assert "previous_links:" in (project / "families" / "okafor.yaml").read_text(encoding="utf-8")
    assert handbook(project, "new", "eze", "--from", "okafor", "--child", "Ada").exit_code == 0
    copy = (project / "families" / "eze.yaml").read_text(encoding="utf-8")
    assert "previous_links" not in copy and "fingerprints of this family's old links" not in copy
    assert handbook(project, "check").exit_code == 0


def test_new_from_an_unknown_plan(project: Path) -> None:
    result = handbook(project, "new", "lee", "--from", "rivere", "--child", "Noor")
    assert result.exit_code == 1
    assert "families/rivere.yaml:1: there is no plan for 'rivere' (did you mean 'rivera'?)" in result.output
    assert not (project / "families" / "lee.yaml").exists()


# -- a copied plan's shared link is blamed on the copy ----------------------------------------------

def _copy_by_hand(project: Path, name: str) -> tuple[Path, int]:
    copy = project / "families" / name
    shutil.copy(project / "families" / "rivera.yaml", copy)
    line = copy.read_text(encoding="utf-8").splitlines().index(f"link: {SAMPLE_TOKENS['rivera']}") + 1
    return copy, line


def test_a_shared_link_is_blamed_on_the_newer_file(project: Path) -> None:
    copy, line = _copy_by_hand(project, "zed.yaml")  # sorts after rivera: the old message blamed it by name order
    os.utime(copy, (2_000_000_000, 2_000_000_000))
    result = handbook(project, "check")
    assert result.exit_code == 1
    shown = problems(result.output)
    assert shown[0] == (f"families/zed.yaml:{line}: the link token is the same as in families/rivera.yaml (this "
                        "plan has had it for less time, so it looks like the copy) — run 'handbook rotate zed' to "
                        "give this family its own link")
    assert all(not p.startswith("families/rivera.yaml") for p in shown)


def test_git_history_tells_the_copy_even_when_it_is_the_older_file(project: Path) -> None:
    if shutil.which("git") is None:
        pytest.fail("these tests need git")
    git = ["git", "-C", str(project), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "families"], check=True)
    subprocess.run([*git, "commit", "-qm", "plans"], check=True)
    copy, line = _copy_by_hand(project, "abe.yaml")  # sorts first, and its file time is older than rivera's
    os.utime(copy, (1_000_000_000, 1_000_000_000))

    result = handbook(project, "check")

    shown = problems(result.output)
    assert f"families/abe.yaml:{line}: the link token is the same as in families/rivera.yaml (this plan has had " \
           "it for less time, so it looks like the copy) — run 'handbook rotate abe' to give this family its own " \
           "link" in shown
    assert all(not p.startswith("families/rivera.yaml") for p in shown)


# -- outside a project ----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["check"], ["build"], ["links"], ["new", "lee", "--child", "Noor"]])
def test_commands_outside_a_project_say_so_and_write_nothing(tmp_path: Path, command: list[str]) -> None:
    result = handbook(tmp_path, *command)
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (f"{tmp_path.resolve()} is not a Family Handbook project: there is no "
                                             "mkdocs.yml with a families/ folder here or above.")
    assert list(tmp_path.iterdir()) == []


def test_a_check_in_that_passed_overnight_is_warned_about_on_the_next_build(project: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert "in the past" not in handbook(project, "build").output  # the plans are now in the parse cache
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-12-04")  # Leo's check-in of 3 December has gone by
    result = handbook(project, "build")
    assert result.exit_code == 0, result.output
    assert "the check-in on 2026-12-03 is in the past" in result.output
