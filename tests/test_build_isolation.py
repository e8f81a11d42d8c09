"""Families built one after another in one process (reusing imports, checked plans and compiled
templates) stay strictly apart, and come out exactly as when each is built on its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.core.project import Project

from conftest import SAMPLE_TOKENS, copy_project, handbook, site_files


@pytest.fixture(scope="module")
def one_process(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built with --jobs 1: all families in the test's own process, one after another."""
    root = copy_project(tmp_path_factory.mktemp("one-process") / "project")
    result = handbook(root, "build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if line.startswith("[")] == [
        "[1/3] chen", "[2/3] okafor", "[3/3] rivera"]
    return root


def _private_words(root: Path, family: str) -> list[str]:
    """What only this family's site may contain: its child's name, link, notes, goals and reward.

    Free text is cut at characters that HTML or JSON escape, keeping pieces of three words or more.
    """
    project = Project(root)
    plan = project.plans(project.library())[family]
    texts = [*plan.focus, *(a.note for a in plan.activities if a.note)]
    texts += [t for t in (plan.rewards.small, plan.rewards.goal and plan.rewards.goal.reward) if t]
    pieces = [piece.strip(" .,") for text in texts for piece in re.split(r"[\"'&<>]", text)]
    return [plan.child, plan.link] + [p for p in pieces if len(p.split()) >= 3]


def _text_of_site(folder: Path) -> str:
    return "\n".join(content.decode("utf-8", "replace") for content in site_files(folder).values())


@pytest.mark.parametrize("family", sorted(SAMPLE_TOKENS))
def test_no_family_data_reaches_another_family_built_in_the_same_process(one_process: Path, family: str) -> None:
    words = _private_words(one_process, family)
    assert len(words) >= 5
    own = _text_of_site(one_process / "site" / SAMPLE_TOKENS[family])
    assert [w for w in words if w not in own] == []  # the check can see them where they belong
    for other, token in SAMPLE_TOKENS.items():
        if other == family:
            continue
        text = _text_of_site(one_process / "site" / token)
        leaked = [w for w in words if re.search(rf"\b{re.escape(w)}\b", text)]
        assert leaked == [], f"{family}'s words in {other}'s site"


@pytest.mark.parametrize("family", sorted(SAMPLE_TOKENS))
def test_only_its_own_activities_are_in_a_family_site_and_search_index(one_process: Path, family: str) -> None:
    project = Project(one_process)
    plans = project.plans(project.library())
    folder = one_process / "site" / SAMPLE_TOKENS[family]
    pages = {p.parent.name for p in (folder / "activities").glob("*/index.html")}
    assert pages == {a.id for a in plans[family].activities}
    index = (folder / "search" / "search_index.json").read_text(encoding="utf-8")
    found = set(re.findall(r'"location": ?"activities/([a-z0-9-]+)/', index))
    assert found == pages


def test_one_process_builds_the_same_bytes_as_parallel_workers(one_process: Path, built: Path) -> None:
    for family, token in SAMPLE_TOKENS.items():
        assert site_files(one_process / "site" / token) == site_files(built / "site" / token), family
