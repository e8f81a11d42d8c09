"""A plan may give the child's age; check and build warn (never fail) when an activity's ages leave it out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import family_dir, handbook

PLAN = "families/rivera.yaml"


def _set_age(project: Path, line: str) -> Path:
    plan = project / PLAN
    plan.write_text(re.sub(r"^age: .*$", line, plan.read_text(), count=1, flags=re.M))
    return plan


def _line_of(plan: Path, text: str) -> int:
    return next(i for i, line in enumerate(plan.read_text().splitlines(), 1) if text in line)


def test_an_activity_for_older_children_is_a_warning_with_file_line_and_range(project: Path) -> None:
    plan = _set_age(project, "age: 2")
    result = handbook(project, "check")
    assert result.exit_code == 0, result.output
    line = _line_of(plan, "- id: putty-pinch-and-find")
    assert (f"{PLAN}:{line}: 'putty-pinch-and-find' is for ages 3–10, and Mateo is 2 — check it suits this child, "
            "or pick another activity ('handbook library --age 2' lists those that fit)") in result.output
    assert "'spoon-scooping'" not in result.output  # 2–5 fits
    assert result.output.count("is for ages") == 4  # putty, tongs, buttons, tracing start at 3
    assert "4 warnings (the sites are still built):" in result.output


def test_the_build_warns_and_still_builds(project: Path) -> None:
    _set_age(project, "age: 9")
    result = handbook(project, "build", "rivera")
    assert result.exit_code == 0, result.output
    assert "'spoon-scooping' is for ages 2–5, and Mateo is 9" in result.output
    assert (family_dir(project, "rivera") / "index.html").is_file()


def test_warnings_show_even_when_quiet(project: Path) -> None:
    _set_age(project, "age: 9")
    result = handbook(project, "check", "-q")
    assert result.exit_code == 0
    assert "'spoon-scooping' is for ages 2–5" in result.output


def test_the_sample_plans_fit_their_children(project: Path) -> None:
    result = handbook(project, "check")
    assert result.exit_code == 0 and "warning" not in result.output, result.output


@pytest.mark.parametrize(("line", "expected"), [
    ("age: 2021-05-03", "'2021-05-03' looks like a birth date, and a birth date does not belong in the plan — write "
     "only the age in whole years, e.g. 'age: 5': a birth date identifies a child"),
    ("age: 03/05/2021", "'03/05/2021' looks like a birth date"),
    ("age: 48", "'age' must be the child's age in whole years, not '48' — write e.g. 'age: 5' (years, not months)"),
    ("age: four", "'age' must be the child's age in whole years, not 'four'"),
    ("birthday: 2021-05-03", "a birth date does not belong in the plan — write only the age in whole years"),
])
def test_a_birth_date_or_a_wrong_age_is_refused(project: Path, line: str, expected: str) -> None:
    plan = _set_age(project, line)
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert f"{PLAN}:{_line_of(plan, line)}: {expected}" in result.output


def test_new_writes_the_age_it_is_given(project: Path) -> None:
    result = handbook(project, "new", "lee", "--child", "Sam", "--age", "6")
    assert result.exit_code == 0, result.output
    assert re.search(r"^age: 6$", (project / "families" / "lee.yaml").read_text(), re.M)
    assert "Add the child's age" not in result.output


def test_new_without_an_age_says_how_to_add_one(project: Path) -> None:
    result = handbook(project, "new", "lee", "--child", "Sam")
    assert result.exit_code == 0, result.output
    assert "Add the child's age to the plan ('age: 5'), or use --age" in result.output
    assert re.search(r"^# age: 5$", (project / "families" / "lee.yaml").read_text(), re.M)


def test_new_refuses_an_age_in_months(project: Path) -> None:
    result = handbook(project, "new", "lee", "--child", "Sam", "--age", "48")
    assert result.exit_code == 2
    assert not (project / "families" / "lee.yaml").exists()
