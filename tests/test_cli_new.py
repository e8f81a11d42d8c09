"""``handbook new``: a commented starter plan that passes the checks as it is, and never overwrites."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handbook.core.clock import today
from handbook.core.project import Project

from conftest import SAMPLE_TOKENS, handbook


def test_new_writes_a_commented_plan_that_passes_the_check(project: Path) -> None:
    result = handbook(project, "new", "lee", "--child", "Noor", "--age", "5")

    assert result.exit_code == 0, result.output
    assert result.output == "Wrote families/lee.yaml. Edit it, then run: handbook build lee\n"
    text = (project / "families" / "lee.yaml").read_text(encoding="utf-8")
    assert "child: Noor\n" in text and "\nage: 5\n" in text
    comment_lines = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comment_lines) >= 10
    assert handbook(project, "check", "lee").exit_code == 0


def test_every_top_level_key_of_the_starter_plan_has_a_comment_above_it(project: Path) -> None:
    handbook(project, "new", "lee", "--child", "Noor")
    lines = (project / "families" / "lee.yaml").read_text(encoding="utf-8").splitlines()

    keys = [i for i, line in enumerate(lines) if line[:1].isalpha()]
    assert len(keys) >= 8
    for i in keys:
        assert lines[i - 1].startswith("#"), f"no comment above: {lines[i]}"


def test_new_gives_each_family_its_own_private_link(project: Path) -> None:
    handbook(project, "new", "lee", "--child", "Noor")
    handbook(project, "new", "lee-2", "--child", "Sam")

    plans = Project(project).plans(Project(project).library())
    tokens = {family: plan.link for family, plan in plans.items()}
    assert len(set(tokens.values())) == len(tokens) == 5
    assert tokens["lee"] not in SAMPLE_TOKENS.values() and len(tokens["lee"]) >= 22


def test_new_refuses_to_overwrite_a_family(project: Path) -> None:
    plan = project / "families" / "rivera.yaml"
    before = plan.read_bytes()

    result = handbook(project, "new", "rivera", "--child", "Someone")

    assert result.exit_code == 1
    assert ("families/rivera.yaml:1: this family already has a plan — edit it, or pick another family id; "
            "to change its link use 'handbook rotate'") in result.output
    assert plan.read_bytes() == before


def test_new_refuses_a_family_id_that_cannot_be_a_file_name(project: Path) -> None:
    result = handbook(project, "new", "The Riveras", "--child", "Mateo")

    assert result.exit_code == 1
    assert "'The Riveras' cannot be a family id — use lowercase letters, digits and hyphens" in result.output
    assert sorted(p.name for p in (project / "families").iterdir()) == ["chen.yaml", "okafor.yaml", "rivera.yaml"]


def test_new_without_a_child_is_a_usage_error(project: Path) -> None:
    result = handbook(project, "new", "lee")

    assert result.exit_code == 2
    assert "Missing option '--child'" in result.output
    assert not (project / "families" / "lee.yaml").exists()


def test_the_starter_check_in_is_four_weeks_ahead_not_a_fixed_date(project: Path) -> None:
    handbook(project, "new", "lee", "--child", "Noor")
    plan = Project(project).plans(Project(project).library())["lee"]
    assert [c.date for c in plan.check_ins] == [today() + dt.timedelta(weeks=4)]
