"""A family whose site cannot be built stops the whole build, in this process or in a worker, and site/ stays
as it was; so does a failure of the step that swaps the new site in."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.build import publish

from conftest import SAMPLE_TOKENS, handbook, site_files

BREAK_FOR = '{% block extrahead %}\n{% if "CHILD" in config.site_name %}{{ no_such_helper() }}{% endif %}'


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(("family", "child", "jobs"), [
    ("chen", "Leo", "1"),  # built in the command's own process
    ("rivera", "Mateo", "2"),  # built in a forked worker
])
def test_a_failing_family_leaves_site_exactly_as_it_was(project_built: Path, family: str, child: str, jobs: str
                                                         ) -> None:
    theme = project_built / "hooks" / "theme" / "main.html"
    original = theme.read_text()
    assert "{% block extrahead %}" in original
    theme.write_text(original.replace("{% block extrahead %}", BREAK_FOR.replace("CHILD", child), 1))
    before, inodes = site_files(project_built / "site"), _inodes(project_built / "site")

    result = handbook(project_built, "build", "--jobs", jobs)

    assert result.exit_code == 1
    assert "The build failed: UndefinedError: 'no_such_helper' is undefined" in result.output
    assert f"while building the site of {family}. Nothing was changed in site/." in result.output
    assert site_files(project_built / "site") == before and _inodes(project_built / "site") == inodes
    assert not (project_built / ".site-staging").exists() and not (project_built / ".site-old").exists()

    theme.write_text(original)  # put right, the last good build is still the current one
    again = handbook(project_built, "build")
    assert again.exit_code == 0 and "Nothing to build" in again.output


def test_progress_counts_every_family_once_and_ends_with_a_summary(project_built: Path) -> None:
    result = handbook(project_built, "build", "--force", "--jobs", "2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    progress = [line for line in lines if line.startswith("[")]
    assert [line.split("]")[0] for line in progress] == ["[1/3", "[2/3", "[3/3"]
    assert sorted(line.split("] ")[1] for line in progress) == sorted(SAMPLE_TOKENS)
    assert lines[-1].startswith("Built 3 families in site/ (")
    assert lines[-1].endswith("Upload that folder to your host.")


def test_a_failed_publish_leaves_site_as_it_was(project_built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for family in ("chen", "rivera"):
        plan = project_built / "families" / f"{family}.yaml"
        plan.write_text(plan.read_text().replace("focus:\n", "focus:\n  - Something new to work on\n"))
    before, inodes = site_files(project_built / "site"), _inodes(project_built / "site")
    swaps = []

    def disk_full(a: Path, b: Path) -> None:
        swaps.append((a, b))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, "exchange", disk_full)
    result = handbook(project_built, "build")

    assert result.exit_code == 1 and "No space left on device" in result.output
    assert len(swaps) == 1  # everything was staged, and the one step that publishes failed
    assert site_files(project_built / "site") == before and _inodes(project_built / "site") == inodes
    assert not (project_built / ".site-staging").exists()
    assert not (project_built / ".handbook-cache" / "publish.json").exists()
