"""site/ is always wholly the previous site or wholly the new one: kills at every step of the publish, site/ as
its own mount point, and the build's worker processes, which end with it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import SAMPLE_TOKENS, copy_project, handbook, site_tree

# A build run in its own process, stopped (paused, then killed by the test) at one step of the publish.
PAUSED_BUILD = """
import sys, time
from pathlib import Path
from handbook.build import publish

step, marker = sys.argv[1], Path(sys.argv[2])

def pause(name):
    if name == step:
        marker.write_text(name)
        time.sleep(600)

publish.checkpoint = pause
from handbook.cli import main
main(["build", "-q", *sys.argv[3:]])
"""
RECOVER = "import sys; from pathlib import Path; from handbook.build.publish import recover; " \
          "recover(Path(sys.argv[1]), Path(sys.argv[1]) / 'site')"
SWAP_STEPS = ("staged", "linked", "swapped", "published")
JOURNAL_STEPS = ("journal", "moved-1", "moved-6", "moved", "cleaned", "published")


def change_library_and_plans(project: Path) -> None:
    """A library page two families use, one plan's note, and one rotated link (its old folder must go)."""
    page = project / "docs" / "activities" / "spoon-scooping.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## Steps", "## Steps\n\nWash hands first.\n", 1))
    chen = project / "families" / "chen.yaml"
    chen.write_text(chen.read_text(encoding="utf-8").replace("focus:\n", "focus:\n  - Calm starts\n", 1))
    assert handbook(project, "rotate", "okafor").exit_code == 0


def run_paused(project: Path, step: str, *args: str) -> subprocess.Popen[bytes]:
    marker = project / ".paused"
    marker.unlink(missing_ok=True)
    build = subprocess.Popen([sys.executable, "-c", PAUSED_BUILD, step, str(marker), *args], cwd=project,
                             start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while not marker.exists():
        if build.poll() is not None:
            output = build.stdout.read().decode() if build.stdout else ""
            raise AssertionError(f"the build ended before '{step}': {output}")
        assert time.monotonic() < deadline, f"the build never reached '{step}'"
        time.sleep(0.05)
    return build


def kill(build: subprocess.Popen[bytes]) -> None:
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()


@dataclass(frozen=True)
class Versions:
    """A built sample project (``old``), a copy with the changes built from scratch (``new``), and their sites."""

    old: Path
    new: Path
    before: dict[str, str]
    after: dict[str, str]

    def changed_copy(self, project: Path) -> Path:
        """The old project, built, with the new project's docs/ and families/ (the same rotated token)."""
        for entry in self.old.iterdir():
            target = project / entry.name
            if entry.is_dir() and not target.is_dir():
                shutil.copytree(entry, target, symlinks=True)
            elif entry.is_dir() and entry.name == "site":
                shutil.copytree(entry, target, dirs_exist_ok=True, symlinks=True)  # into a mounted site/
            elif not entry.is_dir():
                shutil.copy2(entry, target)
        for folder in ("docs", "families"):
            shutil.rmtree(project / folder)
            shutil.copytree(self.new / folder, project / folder)
        return project


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    old = copy_project(tmp_path_factory.mktemp("old") / "project")
    assert handbook(old, "build").exit_code == 0
    new = tmp_path_factory.mktemp("new") / "project"
    shutil.copytree(old, new, symlinks=True)
    change_library_and_plans(new)
    assert handbook(new, "build", "--force").exit_code == 0
    return Versions(old, new, site_tree(old / "site"), site_tree(new / "site"))


@pytest.mark.parametrize("step", SWAP_STEPS)
def test_a_kill_at_any_step_of_the_swap_leaves_one_whole_site(step: str, versions: Versions, tmp_path: Path) -> None:
    project = versions.changed_copy(tmp_path / "project")
    kill(run_paused(project, step))

    assert site_tree(project / "site") == (versions.after if step in ("swapped", "published") else versions.before)
    result = handbook(project, "build")
    assert result.exit_code == 0, result.output
    assert site_tree(project / "site") == versions.after
    assert "Nothing to build" in handbook(project, "build").output
    assert not (project / ".site-staging").exists()


@pytest.fixture
def site_mount(tmp_path: Path) -> Iterator[Path]:
    """An empty site/ folder that is a file system of its own, as in a container with site/ mounted."""
    if os.geteuid() != 0:
        pytest.skip("mounting a file system needs root; CI runs as root")
    site = tmp_path / "project" / "site"
    site.mkdir(parents=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(site)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"this machine cannot mount a tmpfs: {done.stderr.decode().strip()}")
    try:
        yield site
    finally:
        subprocess.run(["umount", "-l", str(site)], check=False)


def test_a_site_folder_that_is_a_mount_point_is_built_and_updated(versions: Versions, site_mount: Path) -> None:
    project = site_mount.parent
    for entry in versions.old.iterdir():
        if entry.name not in ("site", ".handbook-cache"):
            (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, project / entry.name)
    first = handbook(project, "build")
    assert first.exit_code == 0, first.output  # no cross-device rename (EXDEV)
    assert site_tree(site_mount) == versions.before

    versions.changed_copy(project)
    result = handbook(project, "build")
    assert result.exit_code == 0, result.output
    assert site_tree(site_mount) == versions.after and os.path.ismount(site_mount)
    assert "Nothing to build" in handbook(project, "build").output


@pytest.mark.parametrize("step", JOURNAL_STEPS)
def test_a_kill_while_publishing_onto_a_mount_point_is_finished_from_the_journal(
        step: str, versions: Versions, site_mount: Path) -> None:
    project = versions.changed_copy(site_mount.parent)
    assert site_tree(site_mount) == versions.before
    kill(run_paused(project, step))

    subprocess.run([sys.executable, "-c", RECOVER, str(project)], check=True)
    assert site_tree(site_mount) == versions.after  # every build had finished before the journal was written
    result = handbook(project, "build")
    assert result.exit_code == 0, result.output
    assert site_tree(site_mount) == versions.after
    assert "Nothing to build" in handbook(project, "build").output


def test_the_python_way_of_linking_a_folder_makes_the_same_files_with_the_same_inodes(built: Path,
                                                                                    tmp_path: Path) -> None:
    """Where GNU cp is missing (macOS), the kept families are linked by ``link_tree``."""
    from handbook.build.publish import link_tree

    folder = next(p for p in (built / "site").iterdir() if p.is_dir())
    link_tree(folder, tmp_path / "copy")
    files = {p.relative_to(folder): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}
    assert files and files == {p.relative_to(tmp_path / "copy"): p.stat().st_ino
                               for p in (tmp_path / "copy").rglob("*") if p.is_file()}


def test_the_site_before_is_kept_to_stage_the_next_build_so_unchanged_families_are_not_linked_again(
        project_built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from handbook.build import publish

    spare = project_built / ".handbook-cache" / "previous-site"
    for family in ("chen", "rivera"):  # two builds: after the second, the spare is the first build's site
        plan = project_built / "families" / f"{family}.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("focus:\n", "focus:\n  - New\n", 1), encoding="utf-8")
        assert handbook(project_built, "build").exit_code == 0
    okafor = SAMPLE_TOKENS["okafor"]
    assert spare.is_dir() and not (project_built / "site" / ".handbook-cache").exists()
    families_only = {k: v for k, v in site_tree(project_built / "site").items()
                     if k.split("/")[0] in SAMPLE_TOKENS.values()}
    assert site_tree(spare) == families_only  # brought up to date at the end of the build; root files are made anew
    unchanged = (spare / okafor).stat().st_ino
    staged: dict[str, int] = {}

    def look(step: str) -> None:
        if step == "staged":
            stage = project_built / ".site-staging"
            staged.update({p.name: p.stat().st_ino for p in stage.iterdir() if p.is_dir()})

    monkeypatch.setattr(publish, "checkpoint", look)
    chen = project_built / "families" / "chen.yaml"
    chen.write_text(chen.read_text(encoding="utf-8").replace("  - New\n", "  - Newer\n", 1), encoding="utf-8")
    before = site_tree(project_built / "site")
    assert handbook(project_built, "build").exit_code == 0

    monkeypatch.undo()
    assert staged[okafor] == unchanged  # taken over from the spare, not made again
    after = site_tree(project_built / "site")
    assert {k for k in after if after[k] != before.get(k)} <= {k for k in after if k.startswith(SAMPLE_TOKENS["chen"])}
    fresh = tmp_copy_built_from_scratch(project_built)
    assert after == fresh


def tmp_copy_built_from_scratch(project: Path) -> dict[str, str]:
    copy = project.parent / "from-scratch"
    shutil.copytree(project, copy, symlinks=True, ignore=shutil.ignore_patterns("site", ".handbook-cache"))
    result = handbook(copy, "build")
    assert result.exit_code == 0, result.output
    return site_tree(copy / "site")


def test_a_site_folder_that_is_a_link_elsewhere_is_updated_where_it_points(versions: Versions,
                                                                           tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(versions.old, project, symlinks=True, ignore=shutil.ignore_patterns("site", ".handbook-cache"))
    target = tmp_path / "www"
    target.mkdir()
    (project / "site").symlink_to(target)
    assert handbook(project, "build").exit_code == 0
    assert site_tree(target) == versions.before

    versions.changed_copy(project)
    result = handbook(project, "build")
    assert result.exit_code == 0, result.output
    assert (project / "site").is_symlink() and site_tree(target) == versions.after
    assert "Nothing to build" in handbook(project, "build").output
