"""One build at a time: overlapping builds wait for each other and leave exactly what a fresh build makes;
a build's worker processes end with it, however it ends."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handbook.build.lock import project_lock

from conftest import copy_project, handbook, make_caseload, site_tree

HANDBOOK = [sys.executable, "-c", "import sys; from handbook.cli import main; main(sys.argv[1:])"]
FAMILIES = 30
PAIRS = 4
WAITING = "Waiting for the other build in this project to finish"


def start_build(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*HANDBOOK, "build", "-q", *args], cwd=project, text=True, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def library_with(line: str, project: Path) -> None:
    """A library change: an activity that a third of the caseload has (every family with Leo's plan)."""
    page = project / "docs" / "activities" / "calm-breathing.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"\nA note for this round: .*\n\Z", "", text) + f"\nA note for this round: {line}\n",
                    encoding="utf-8")


def test_overlapping_builds_wait_for_each_other_and_leave_what_a_fresh_build_makes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    make_caseload(project, FAMILIES)
    assert handbook(project, "build").exit_code == 0
    # the two versions of the library the pairs alternate between, each built from scratch once
    reference = tmp_path / "reference"
    shutil.copytree(project, reference, symlinks=True)
    expected = {}
    for version in ("one", "two"):
        library_with(version, reference)
        assert handbook(reference, "build", "--force").exit_code == 0
        expected[version] = site_tree(reference / "site")
    assert expected["one"] != expected["two"]

    for pair in range(PAIRS):
        version = ("one", "two")[pair % 2]
        library_with(version, project)
        first = start_build(project)
        time.sleep(0.5)
        second = start_build(project)
        out_first, err_first = first.communicate(timeout=300)
        out_second, err_second = second.communicate(timeout=300)
        assert first.returncode == 0 and second.returncode == 0, (err_first, err_second)
        assert WAITING in err_second  # the second build waited instead of racing the first
        assert site_tree(project / "site") == expected[version], f"pair {pair + 1}"
        after = handbook(project, "build")
        assert after.exit_code == 0 and "Nothing to build" in after.output, f"pair {pair + 1}: {after.output}"


def test_with_no_wait_a_busy_project_is_refused_at_once(project: Path) -> None:
    with project_lock(project):
        started = time.monotonic()
        result = subprocess.run([*HANDBOOK, "build", "--no-wait"], cwd=project, capture_output=True, text=True)
        rotate = subprocess.run([*HANDBOOK, "rotate", "rivera", "--no-wait"], cwd=project, capture_output=True,
                                text=True)
    assert result.returncode == 3 and time.monotonic() - started < 20
    assert "Another build is running in this project" in result.stderr and "--no-wait" in result.stderr
    assert not (project / "site").exists()
    assert rotate.returncode == 3
    assert "JT3sfNkrNrvU_iG28vphJJ7k" in (project / "families" / "rivera.yaml").read_text(encoding="utf-8")


def test_rotate_waits_for_a_running_build(project: Path) -> None:
    with project_lock(project):
        rotate = subprocess.Popen([*HANDBOOK, "rotate", "rivera"], cwd=project, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1.5)
        assert rotate.poll() is None  # still waiting while the lock is held
        assert "JT3sfNkrNrvU_iG28vphJJ7k" in (project / "families" / "rivera.yaml").read_text(encoding="utf-8")
    _, err = rotate.communicate(timeout=60)
    assert rotate.returncode == 0 and WAITING in err
    assert "JT3sfNkrNrvU_iG28vphJJ7k" not in (project / "families" / "rivera.yaml").read_text(encoding="utf-8")


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running, not only a zombie waiting to be reaped."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("caseload") / "project")
    make_caseload(project, 24)
    assert handbook(project, "build").exit_code == 0
    return project


def busy_build(caseload: Path, tmp_path: Path) -> tuple[Path, subprocess.Popen[str], list[int]]:
    """A build of 24 families in two workers, caught while the workers are at work."""
    project = tmp_path / "project"
    shutil.copytree(caseload, project, symlinks=True)
    page = project / "docs" / "guidance" / "five-minutes-a-day.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAgain.\n", encoding="utf-8")  # every family again
    before = site_tree(project / "site")
    build = start_build(project, "--jobs", "2")
    deadline = time.monotonic() + 60
    while len(workers := children(build.pid)) < 2 or not (project / ".site-staging").exists():
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before its workers started"
        time.sleep(0.02)
    time.sleep(0.3)
    assert site_tree(project / "site") == before
    return project, build, workers


def test_workers_end_when_their_build_is_killed(caseload: Path, tmp_path: Path) -> None:
    project, build, workers = busy_build(caseload, tmp_path)
    os.kill(build.pid, signal.SIGKILL)  # the main process only, as the system's out-of-memory killer would
    build.wait()
    time.sleep(2)
    assert [pid for pid in workers if alive(pid)] == []
    with project_lock(project, wait=False):  # the lock died with the build (ProjectBusy otherwise)
        pass


def test_a_terminated_build_cleans_up_and_leaves_site_as_it_was(caseload: Path, tmp_path: Path) -> None:
    project, build, workers = busy_build(caseload, tmp_path)
    before = site_tree(project / "site")
    os.kill(build.pid, signal.SIGTERM)
    _, err = build.communicate(timeout=60)
    time.sleep(2)
    assert build.returncode == 128 + signal.SIGTERM
    assert "The build was stopped" in err and "Traceback" not in err
    assert [pid for pid in workers if alive(pid)] == []
    assert not (project / ".site-staging").exists()
    assert site_tree(project / "site") == before
