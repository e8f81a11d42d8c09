"""``handbook rotate``: a new private link, written into the plan without touching anything else."""

from __future__ import annotations

import json
import re
from pathlib import Path

from handbook.core.safety import MIN_TOKEN_CHARS, link_hash

from conftest import SAMPLE_TOKENS, handbook

OLD = SAMPLE_TOKENS["rivera"]
TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{MIN_TOKEN_CHARS},}}")


def plan_text(project: Path, family: str = "rivera") -> str:
    return (project / "families" / f"{family}.yaml").read_text(encoding="utf-8")


def link_of(text: str) -> str:
    match = re.search(r"^link: *[\"']?([^\s\"'#]+)", text, re.M)
    assert match, text
    return match.group(1)


def test_rotate_rewrites_the_link_line_and_notes_the_old_links_fingerprint(project: Path) -> None:
    before = plan_text(project).splitlines(keepends=True)

    result = handbook(project, "rotate", "rivera")

    assert result.exit_code == 0, result.output
    after = plan_text(project).splitlines(keepends=True)
    # the link line changes; a comment and previous_links come in after the log line; nothing else moves
    log_at = next(i for i, line in enumerate(before) if line.startswith("log: "))
    added = after[log_at + 1:log_at + 4]
    assert added[0].startswith("# Written by 'handbook rotate'") and added[1].startswith("# ")
    assert added[2] == f"previous_links: [{link_hash(OLD)}]\n"
    rest = after[:log_at + 1] + after[log_at + 4:]
    changed = [i for i, (old, new) in enumerate(zip(before, rest, strict=True)) if old != new]
    assert len(rest) == len(before) and len(changed) == 1
    assert before[changed[0]] == f"link: {OLD}\n"
    new = link_of("".join(after))
    assert TOKEN.fullmatch(new) and new != OLD and OLD not in "".join(after)
    assert "star chart moves to the new link by itself" in result.output

    again = handbook(project, "rotate", "rivera")  # a second rotation adds to the same line
    assert again.exit_code == 0, again.output
    assert f"previous_links: [{link_hash(OLD)}, {link_hash(new)}]\n" in plan_text(project)
    assert handbook(project, "check", "rivera").exit_code == 0


def test_rotating_a_plan_without_a_log_id_gives_it_one(project: Path) -> None:
    plan = project / "families" / "rivera.yaml"
    plan.write_text(re.sub(r"(?m)^log: .*\n", "", plan_text(project)), encoding="utf-8")
    assert "has no 'log:' id" in handbook(project, "check", "rivera").output

    result = handbook(project, "rotate", "rivera")

    assert result.exit_code == 0 and "'log:' was added" in result.output
    assert re.search(r"(?m)^log: [A-Za-z0-9_-]{16}$", plan_text(project))
    checked = handbook(project, "check", "rivera")
    assert checked.exit_code == 0 and "warning" not in checked.output, checked.output


def test_rotate_prints_the_old_and_new_link_and_what_to_do_next(project: Path) -> None:
    result = handbook(project, "rotate", "rivera", "--base-url", "https://practice.example.org/")

    new = link_of(plan_text(project))
    assert f"  old: https://practice.example.org/{OLD}/   stops working once you build and upload again\n" \
        in result.output
    assert f"  new: https://practice.example.org/{new}/\n" in result.output
    assert "1. handbook build" in result.output and "delete its old deploys" in result.output
    assert "handbook cards rivera" in result.output


def test_rotate_keeps_comments_quotes_and_line_endings(project: Path) -> None:
    plan = project / "families" / "rivera.yaml"
    text = plan.read_text(encoding="utf-8").replace(f"link: {OLD}", f'link: "{OLD}"   # given out on 3 March')
    plan.write_bytes(text.replace("\n", "\r\n").encode())

    result = handbook(project, "rotate", "rivera")

    assert result.exit_code == 0, result.output
    after = plan.read_bytes().decode()
    new = link_of(after)
    without_fingerprint = re.sub(r"# Written by 'handbook rotate'.*\r\n.*\r\nprevious_links: .*\r\n", "", after)
    assert without_fingerprint == text.replace("\n", "\r\n").replace(OLD, new)
    assert f'link: "{new}"   # given out on 3 March\r\n' in after
    assert "\r\n".join(after.split("\r\n")).count("\n") == after.count("\r\n")  # no lone \n came in


def test_the_rotated_plan_is_valid_and_links_shows_the_new_link(project: Path) -> None:
    handbook(project, "rotate", "rivera")

    assert handbook(project, "check", "rivera").exit_code == 0
    rows = {row["family"]: row["token"] for row in json.loads(handbook(project, "links", "--json").output)}
    assert rows["rivera"] == link_of(plan_text(project)) != OLD
    assert rows["chen"] == SAMPLE_TOKENS["chen"]


def test_rotate_mends_a_plan_whose_link_is_not_valid(project: Path) -> None:
    plan = project / "families" / "rivera.yaml"
    plan.write_text(plan_text(project).replace(f"link: {OLD}", "link: mateo"), encoding="utf-8")
    assert handbook(project, "check", "rivera").exit_code == 1

    result = handbook(project, "rotate", "rivera")

    assert result.exit_code == 0, result.output
    assert handbook(project, "check", "rivera").exit_code == 0


def test_rotate_refuses_a_plan_without_a_link_line(project: Path) -> None:
    plan = project / "families" / "rivera.yaml"
    plan.write_text(plan_text(project).replace(f"link: {OLD}\n", ""), encoding="utf-8")
    before = plan.read_bytes()

    result = handbook(project, "rotate", "rivera")

    assert result.exit_code == 1
    assert re.search(r"families/rivera\.yaml:1: the plan has no 'link:' line, so there is nothing to rotate — "
                     r"add this line near the top of the plan: link: [A-Za-z0-9_-]{22,}\n", result.output)
    assert plan.read_bytes() == before


def test_rotate_refuses_a_link_written_in_an_unusual_form(project: Path) -> None:
    plan = project / "families" / "rivera.yaml"
    plan.write_text(plan_text(project).replace(f"link: {OLD}", f"link:\n  {OLD}"), encoding="utf-8")
    before = plan.read_bytes()

    result = handbook(project, "rotate", "rivera")

    assert result.exit_code == 1
    assert "families/rivera.yaml:4: the 'link:' line is not in the usual form 'link: TOKEN'" in result.output
    assert plan.read_bytes() == before


def test_rotate_of_an_unknown_family_changes_nothing(project: Path) -> None:
    result = handbook(project, "rotate", "rivers")

    assert result.exit_code == 1
    assert "families/rivers.yaml:1: there is no plan for 'rivers'" in result.output


def test_rotate_finds_a_plan_saved_as_yml_and_refuses_an_unsafe_family_id(project: Path) -> None:
    (project / "families" / "rivera.yaml").rename(project / "families" / "rivera.yml")

    assert handbook(project, "rotate", "rivera").exit_code == 0
    assert link_of((project / "families" / "rivera.yml").read_text(encoding="utf-8")) != OLD
    result = handbook(project, "rotate", "../rivera")
    assert result.exit_code == 1
    assert "'../rivera' is not a family id" in result.output


def test_two_rotations_give_two_different_links(project: Path) -> None:
    handbook(project, "rotate", "rivera")
    first = link_of(plan_text(project))
    handbook(project, "rotate", "rivera")
    assert link_of(plan_text(project)) not in (first, OLD)
