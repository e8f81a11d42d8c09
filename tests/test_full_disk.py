"""A full disk: ``new``, ``rotate`` and ``cards`` say so in one message (exit 1, no traceback) and leave no empty,
half-written or temporary file; the caches give up quietly and leave nothing behind either.

The real thing is a tiny tmpfs mounted on the folder written to (root only, as in CI); the simulated
disk (an ENOSPC or EDQUOT raised while writing) runs everywhere.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
import pytest

from handbook.build import parse_cache
from handbook.build.build_state import BuildState, FamilyRecord
from handbook.build.shared_work import CompiledTemplates
from handbook.commands.cards import write_cards
from handbook.core.file_replace import create_file, replace_file, write_cache_file
from handbook.core.problems import HandbookError
from handbook.core.project import Project

from conftest import SAMPLE_TOKENS, handbook

HANDBOOK = [sys.executable, "-c", "import sys; from handbook.cli import main; main(sys.argv[1:])"]
BASE_URL = "https://practice.example.org"
FILLER = ".filler"
FULL = "the disk is full, so {what} could not be written; {unchanged} — free some space and run the command again"


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HANDBOOK, *args], cwd=project, capture_output=True, text=True, timeout=120)


def one_problem(result: subprocess.CompletedProcess[str], problem: str) -> None:
    """Exit 1, and the output is the heading and this one problem: no traceback, nothing else."""
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "Error:" not in output, output
    lines = output.splitlines()
    assert len(lines) == 2 and lines[0].startswith("1 problem in 1 file; "), output
    assert lines[1] == f"  {problem}", output


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@contextmanager
def tiny_disk(folder: Path, size: str = "64k") -> Iterator[Path]:
    """A small tmpfs on ``folder`` with what it held copied onto it; unmounted (contents back) afterwards."""
    if os.geteuid() != 0:
        pytest.skip("a real full disk needs root to mount a tmpfs (CI runs as root)")
    folder.mkdir(exist_ok=True)
    saved = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        for name, content in saved.items():
            (folder / name).write_bytes(content)
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(folder: Path) -> None:
    """Write a filler file until the disk says it is full."""
    fd = os.open(folder / FILLER, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for size in (65536, 4096, 1):
            while True:
                try:
                    os.write(fd, b"x" * size)
                except OSError as err:
                    assert err.errno == errno.ENOSPC, err
                    break
    finally:
        os.close(fd)
    with pytest.raises(OSError) as full:
        (folder / "probe").write_bytes(b"x")
    assert full.value.errno == errno.ENOSPC
    (folder / "probe").unlink(missing_ok=True)


# -- a real full disk ---------------------------------------------------------------------

def test_new_on_a_full_disk_writes_nothing_and_works_once_there_is_space(project: Path) -> None:
    with tiny_disk(project / "families") as families:
        fill(families)
        before = files_in(families)

        result = run(project, "new", "lee", "--child", "Noor")

        one_problem(result, "families/lee.yaml: " + FULL.format(what="the plan", unchanged="nothing was changed"))
        assert files_in(families) == before  # no lee.yaml (not even an empty one), no temporary file
        (families / FILLER).unlink()

        again = run(project, "new", "lee", "--child", "Noor")
        assert again.returncode == 0, again.stdout + again.stderr
        assert files_in(families) == before - {FILLER} | {"lee.yaml"}
        check = run(project, "check", "lee")
        assert check.returncode == 0, check.stdout + check.stderr


def test_rotate_on_a_full_disk_keeps_the_plan_as_it_was(project: Path) -> None:
    with tiny_disk(project / "families") as families:
        plan = families / "rivera.yaml"
        old = plan.read_bytes()
        fill(families)
        before = files_in(families)

        result = run(project, "rotate", "rivera")

        one_problem(result, "families/rivera.yaml: " + FULL.format(what="the new link",
                                                                 unchanged="the plan keeps its old link"))
        assert plan.read_bytes() == old
        assert files_in(families) == before
        (families / FILLER).unlink()

        again = run(project, "rotate", "rivera")
        assert again.returncode == 0, again.stdout + again.stderr
        assert SAMPLE_TOKENS["rivera"] not in plan.read_text(encoding="utf-8")
        assert files_in(families) == before - {FILLER}


CARDS_FULL = "cards/cards.html: " + FULL.format(what="the cards", unchanged="nothing was changed")


@contextmanager
def full_cards_disk(project: Path) -> Iterator[Path]:
    """``cards/`` with its cards written, on a tiny disk filled up; on leaving, the old cards and nothing
    else are still there."""
    assert handbook(project, "cards", "--base-url", BASE_URL).exit_code == 0
    with tiny_disk(project / "cards") as cards:
        old = (cards / "cards.html").read_bytes()
        fill(cards)
        before = files_in(cards)
        yield cards
        assert (cards / "cards.html").read_bytes() == old
        assert files_in(cards) == before


def test_cards_on_a_full_disk_keep_the_old_cards(project: Path) -> None:
    with full_cards_disk(project):
        result = run(project, "cards", "--base-url", BASE_URL)
        one_problem(result, CARDS_FULL)


def test_write_cards_on_a_full_disk_raises_one_problem_and_keeps_the_old_cards(project: Path) -> None:
    with full_cards_disk(project):
        root = Project(project)
        with pytest.raises(HandbookError) as raised:
            write_cards(root, root.plans(root.library()), BASE_URL)
        assert str(raised.value) == CARDS_FULL


def test_the_caches_give_up_quietly_on_a_full_disk_and_leave_nothing_behind(project: Path) -> None:
    root = Project(project)
    with tiny_disk(project / ".handbook-cache") as cache:
        fill(cache)
        before = files_in(cache)

        state = BuildState(families={"rivera": FamilyRecord(SAMPLE_TOKENS["rivera"], "x" * 64, "y" * 64)},
                           files={"f": [1, 2, "z" * 4000]})
        state.save(root)  # no exception: the next build only does more work
        parse_cache._save(root, {"format": parse_cache.FORMAT, "padding": "p" * 50_000})
        templates = CompiledTemplates(cache / "templates")
        environment = jinja2.Environment(loader=jinja2.DictLoader({"page": "{{ 1 + 2 }}" * 2000}),
                                         bytecode_cache=templates)
        assert environment.get_template("page").render().startswith("33")  # compiled, kept in memory only

        assert files_in(cache) - {"templates"} == before
        assert not any((cache / "templates").iterdir())
        assert not write_cache_file(cache / "other.bin", b"b" * 10_000)
        assert files_in(cache) - {"templates"} == before


def test_a_build_on_a_full_cache_disk_still_succeeds(project: Path) -> None:
    with tiny_disk(project / ".handbook-cache", size="16k") as cache:
        fill(cache)
        result = run(project, "build", "chen")
        assert result.returncode == 0, result.stdout + result.stderr
        assert not [p for p in cache.rglob("*") if p.name.endswith(".tmp")]


# -- a simulated full disk: the same behaviour without root ---------------------------------

class FullDisk:
    """``os.fsync`` fails as on a full disk (or quota), after the data was handed to the file."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, code: int = errno.ENOSPC) -> None:
        def fsync(fd: int) -> None:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_new_on_a_simulated_full_disk_or_quota_gives_one_problem_and_no_file(
        project: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    before = files_in(project / "families")
    FullDisk(monkeypatch, code)

    result = handbook(project, "new", "lee", "--child", "Noor")

    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "  families/lee.yaml: " + FULL.format(what="the plan", unchanged="nothing was changed")]
    assert files_in(project / "families") == before


def test_rotate_on_a_simulated_full_disk_keeps_the_plan(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = project / "families" / "rivera.yaml"
    old = plan.read_bytes()
    FullDisk(monkeypatch)

    result = handbook(project, "rotate", "rivera")

    assert result.exit_code == 1
    assert "families/rivera.yaml: the disk is full, so the new link could not be written" in result.output
    assert plan.read_bytes() == old
    assert files_in(project / "families") == {"chen.yaml", "okafor.yaml", "rivera.yaml"}


def test_another_write_error_is_one_problem_too(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    FullDisk(monkeypatch, errno.EIO)

    result = handbook(project, "new", "lee", "--child", "Noor")

    assert result.exit_code == 1
    assert ("families/lee.yaml: the plan could not be written (input/output error); nothing was changed — check "
            "that you can save files in families/ and run the command again") in result.output
    assert not (project / "families" / "lee.yaml").exists()


def test_create_file_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("mine")

    with pytest.raises(FileExistsError):
        create_file(target, "theirs")

    assert target.read_text() == "mine"
    assert files_in(tmp_path) == {"plan.yaml"}


def test_create_file_without_hard_links_renames_instead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(_src: object, _dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    create_file(tmp_path / "new.yaml", "plan\n")
    assert (tmp_path / "new.yaml").read_text() == "plan\n"
    with pytest.raises(FileExistsError):
        create_file(tmp_path / "new.yaml", "other\n")
    assert (tmp_path / "new.yaml").read_text() == "plan\n"
    assert files_in(tmp_path) == {"new.yaml"}


def test_replace_file_flushes_the_file_before_it_takes_the_old_ones_place(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("old\n")
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    replace_file(target, "new\n")

    assert target.read_text() == "new\n"
    assert events[:2] == ["fsync", "replace"]  # the data is on the disk before the name points at it
    assert events[2:] == ["fsync"]  # then the folder, so the new name survives a power cut too


def test_a_cache_write_interrupted_midway_leaves_no_temporary_file(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_src: object, _dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    assert write_cache_file(tmp_path / "cache" / "state.json", b"{}") is False
    assert files_in(tmp_path / "cache") == set()
