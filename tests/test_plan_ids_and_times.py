"""The star-chart id a plan keeps, and the reminder times it gives: what the check warns about, refuses and mends."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import handbook


def _plan(project: Path, family: str) -> Path:
    return project / "families" / f"{family}.yaml"


def test_a_copied_plan_with_the_same_star_chart_id_is_refused_at_the_copys_log_line(project: Path) -> None:
    original = _plan(project, "rivera").read_text(encoding="utf-8")
    copy = re.sub(r"(?m)^link: .*$", "link: Vq3rT8mZpL2xWc9sKd4hNb7J", original).replace("Mateo", "Sam")
    _plan(project, "zed").write_text(copy, encoding="utf-8")
    line = copy.splitlines().index(next(x for x in copy.splitlines() if x.startswith("log: "))) + 1

    result = handbook(project, "check")

    assert result.exit_code == 1
    assert (f"families/zed.yaml:{line}: the star chart id is the same as in families/rivera.yaml, so both families "
            "would share one star chart (this plan has had it for less time, so it looks like the copy) — delete "
            "this 'log:' line, then run 'handbook check --fix' to add one") in result.output
    _plan(project, "zed").write_text(re.sub(r"(?m)^log: .*\n", "", copy), encoding="utf-8")
    fixed = handbook(project, "check", "--fix")
    assert fixed.exit_code == 0 and "fixed  families/zed.yaml: added a star-chart id ('log:')" in fixed.output
    ids = {f: re.findall(r"(?m)^log: (\S+)$", _plan(project, f).read_text(encoding="utf-8")) for f in ("rivera", "zed")}
    assert len(ids["zed"]) == 1 and ids["rivera"] != ids["zed"] and re.fullmatch(r"[A-Za-z0-9_-]{16}", ids["zed"][0])


def test_check_fix_adds_an_id_only_where_it_is_missing_and_keeps_the_rest_of_the_plan(project: Path) -> None:
    before = {f: _plan(project, f).read_text(encoding="utf-8") for f in ("rivera", "chen")}
    _plan(project, "chen").write_text(re.sub(r"(?m)^# The star chart's id.*\n#.*\nlog: .*\n", "", before["chen"]),
                                      encoding="utf-8")
    warned = handbook(project, "check")
    assert "families/chen.yaml:4: the plan has no 'log:' id" in warned.output and warned.exit_code == 0

    result = handbook(project, "check", "--fix")

    assert result.exit_code == 0 and result.output.count("fixed  ") == 1
    assert _plan(project, "rivera").read_text(encoding="utf-8") == before["rivera"]
    after = _plan(project, "chen").read_text(encoding="utf-8")
    assert re.sub(r"(?m)^log: .*$", "", after) == re.sub(r"(?m)^log: .*$", "", before["chen"])
    assert "warning" not in handbook(project, "check").output


def test_a_routine_without_a_time_is_a_warning_when_there_is_no_practice_time(project: Path) -> None:
    path = _plan(project, "okafor")
    times = 'routines:\n  after her after-school snack: "16:00"\n  bed time: "19:30"\n'
    text = re.sub(r"(?m)^practice_time: .*\n", times, path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    result = handbook(project, "check", "okafor")

    assert result.exit_code == 0, result.output
    homework = lines.index("    routine: right before homework, as a warm-up") + 1
    assert (f"families/okafor.yaml:{homework}: routine 'right before homework, as a warm-up' has no time, so the "
            "calendar gives no reminder for it — add it to 'routines:'") in result.output
    bed_time = lines.index('  bed time: "19:30"') + 1
    assert f"families/okafor.yaml:{bed_time}: no activity has the routine 'bed time'" in result.output
    assert "after-school snack' has no time" not in result.output  # its time is given

