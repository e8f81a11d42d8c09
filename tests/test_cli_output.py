"""What every ``handbook`` command shares: --quiet, colors only on a terminal, documented exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.cli import main as handbook_main

from conftest import handbook


def break_chen(project: Path) -> None:
    plan = project / "families" / "chen.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("format: digital", "format: paper"), encoding="utf-8")


def test_help_documents_the_exit_codes() -> None:
    result = CliRunner().invoke(handbook_main, ["--help"])

    assert "Exit codes:\n    0  success\n    1  a problem in a plan, library or log file" in result.output
    assert "2  the command was used wrongly" in result.output


@pytest.mark.parametrize("args", [["--quiet", "check"], ["check", "--quiet"], ["-q", "check"], ["check", "-q"]])
def test_quiet_check_prints_nothing_when_all_is_well(project: Path, args: list[str]) -> None:
    result = handbook(project, *args)

    assert result.exit_code == 0
    assert result.output == ""


def test_quiet_still_prints_every_problem(project: Path) -> None:
    break_chen(project)

    result = handbook(project, "check", "--quiet")

    assert result.exit_code == 1
    assert "families/chen.yaml:" in result.output and "'format' cannot be 'paper'" in result.output


def test_quiet_links_still_print_the_links(project: Path) -> None:
    result = handbook(project, "links", "-q", "--base-url", "https://practice.example.org")

    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 3


def test_problems_are_red_on_a_terminal_and_plain_otherwise(project: Path) -> None:
    break_chen(project)

    colored = handbook(project, "check", color=True)
    plain = handbook(project, "check")

    assert colored.exit_code == plain.exit_code == 1
    assert "\x1b[31m" in colored.output
    assert "\x1b[" not in plain.output


def test_an_unknown_option_is_a_usage_error(project: Path) -> None:
    result = handbook(project, "build", "--fast")

    assert result.exit_code == 2
    assert "No such option" in result.output and "--fast" in result.output
