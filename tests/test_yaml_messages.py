"""A plan YAML cannot read is reported on the line to change, with the real mistake named (therapist-tester cases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.core.library import split_front_matter
from handbook.core.problems import HandbookError
from handbook.core.yamlsource import curly_quote_hint, parse_yaml

from conftest import handbook

F = "families/fam.yaml"
PLAN = """\
child: Mateo
link: JT3sfNkrNrvU_iG28vphJJ7k
therapist: {name: Jessica, phone: "+1 555 0100", prefers: phone}
focus:
  - Holding a crayon
  - Stronger hands for squeezing
daily_minutes: 5
check_ins:
  - {date: 2027-01-14, how: phone}
activities:
  - id: putty-pinch-and-find
    minutes: 2
    days: [tue, thu]
    note: Use the green putty, it is softer.
  - id: spoon-scooping
    minutes: 1
    days: daily
rewards:
  style: save-up
  goal: {stars: 20, reward: Playground trip}
"""
CURLY_TODO = 'type straight quotes " instead (your editor or phone may change them back: turn off smart quotes)'
NBSP = "line has a non-breaking space (often pasted from an email or a web page) — retype the spaces on this line"


def messages(text: str, file: str = F, first_line: int = 1) -> list[str]:
    with pytest.raises(HandbookError) as raised:
        parse_yaml(text, file, first_line)
    return [str(problem) for problem in raised.value.problems]


def changed(old: str, new: str) -> str:
    assert old in PLAN
    return PLAN.replace(old, new, 1)


def _write_plan(project: Path, text: str) -> None:
    for old in (project / "families").glob("*.yaml"):
        old.unlink()
    (project / F).write_text(text, encoding="utf-8")


def test_the_plan_itself_is_valid() -> None:
    assert parse_yaml(PLAN, F).data["activities"][0]["note"] == "Use the green putty, it is softer."


def test_an_over_indented_key_is_named_with_the_key_to_line_it_up_with() -> None:
    text = changed("    minutes: 2\n", "      minutes: 2\n")
    assert messages(text) == [f"{F}:12: 'minutes' is indented further than the line above — line it up with 'id:' "
                              "on the line above, using the same number of spaces"]


def test_an_under_indented_key_is_named_too() -> None:
    text = changed("    minutes: 2\n", "   minutes: 2\n")
    assert messages(text) == [f"{F}:12: 'minutes' is indented less than the line above — line it up with 'id:' "
                              "on the line above, using the same number of spaces"]


def test_a_colon_inside_a_value_still_gets_the_quotes_advice() -> None:
    text = changed("    note: Use the green putty, it is softer.", "    note: Tip: go slow")
    assert messages(text) == [f"{F}:14: YAML cannot read this line (mapping values are not allowed here) — a ':' "
                              'inside a value confuses YAML: put the whole value in "double quotes"']


@pytest.mark.parametrize(("key", "line"), [("focus", 4), ("check_ins", 8), ("activities", 10)])
def test_a_list_key_without_its_colon_is_reported_on_its_own_line(key: str, line: int) -> None:
    text = changed(f"{key}:\n", f"{key}\n")
    assert messages(text) == [f"{F}:{line}: '{key}' needs a ':' after it — write '{key}:' (the lines below it stay "
                              "as they are)"]


def test_a_key_and_value_without_the_colon() -> None:
    text = changed("daily_minutes: 5", "daily_minutes 5")
    assert messages(text) == [f"{F}:7: 'daily_minutes' needs a ':' after it — write 'daily_minutes: 5'"]


def test_an_unclosed_quote_is_reported_where_it_opens() -> None:
    text = changed("    note: Use the green putty, it is softer.", '    note: "Use the green putty, it is softer.')
    assert messages(text) == [f'{F}:14: this quote (") is never closed — add the closing " at the end of the value']


def test_an_unclosed_quote_that_a_later_quote_seems_to_close() -> None:
    text = changed("    note: Use the green putty, it is softer.", '    note: "Use the green putty') \
        .replace("    days: daily", '    days: daily\n    note: He says "yum" after each spoon')
    assert messages(text) == [f'{F}:14: this quote (") is never closed — add the closing " at the end of the value']


def test_a_quote_inside_a_quoted_value() -> None:
    text = changed("    note: Use the green putty, it is softer.", '    note: "He calls them "pirate gold"."')
    assert messages(text) == [f"{F}:14: a \" inside this quoted value ends it early — write the quotes inside the "
                              "value as ' instead"]


def test_a_list_item_missing_its_dash_is_one_message_where_it_begins() -> None:
    text = changed("  - id: spoon-scooping", "    id: spoon-scooping")
    assert messages(text) == [f"{F}:15: a new activity starts here without '- ' — write '- id: spoon-scooping'"]


def test_a_key_written_twice_inside_a_list_item_is_still_written_twice() -> None:
    text = changed("    days: daily\n", "    days: daily\n    minutes: 2\n")
    assert messages(text) == [f"{F}:18: 'minutes' is written twice — keep one of them and delete the other"]


@pytest.mark.parametrize("space", ["\u00a0", "\u2007", "\u202f"])
def test_non_breaking_spaces_that_break_the_file_are_named(space: str) -> None:
    text = changed("    days: [tue, thu]", space * 4 + "days: [tue, thu]")
    assert messages(text) == [f"{F}:13: {NBSP}"]


def test_a_non_breaking_space_after_a_colon() -> None:
    assert messages(changed("    days: [tue, thu]", "    days:\u00a0[tue, thu]")) == [f"{F}:13: {NBSP}"]


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff"])
def test_zero_width_spaces_that_break_the_file_are_named(invisible: str) -> None:
    text = changed("    days: [tue, thu]", f"    days:{invisible}[tue, thu]")
    assert messages(text) == [f"{F}:13: line has an invisible zero-width space (often pasted from an email or a web "
                              "page) — delete this line and type it again"]


def test_a_harmless_non_breaking_space_is_not_blamed_for_another_mistake() -> None:
    text = changed("it is softer.", "it is\u00a0softer, “really”.").replace("daily_minutes: 5", "daily_minutes 5")
    assert messages(text) == [f"{F}:7: 'daily_minutes' needs a ':' after it — write 'daily_minutes: 5'"]


def test_curly_double_quotes_are_named() -> None:
    text = changed("    note: Use the green putty, it is softer.", "    note: “Tip: go slow”")
    assert messages(text) == [f"{F}:14: curly quotes (“ ”) are not quotes to YAML — {CURLY_TODO}"]


def test_curly_single_quotes_are_named() -> None:
    text = changed("    note: Use the green putty, it is softer.", "    note: ‘Tip: go slow’")
    assert messages(text) == [f"{F}:14: curly quotes (‘ ’) are not quotes to YAML — {CURLY_TODO}"]


def test_non_breaking_spaces_and_curly_quotes_inside_a_note_are_fine() -> None:
    text = changed("    note: Use the green putty, it is softer.",
                   "    note: Use the\u00a0green putty, it is “softer”.\u202fHe calls it ‘pirate gold’")
    note = parse_yaml(text, F).data["activities"][0]["note"]
    assert note == "Use the\u00a0green putty, it is “softer”.\u202fHe calls it ‘pirate gold’"
    quoted = changed("    note: Use the green putty, it is softer.", "    note: “Use the green putty”")
    assert parse_yaml(quoted, F).data["activities"][0]["note"] == "“Use the green putty”"


@pytest.mark.parametrize(("raw", "pair"), [("‘18:30’", "‘ ’"), ("“18:30”", "“ ”"), ("18:30’", "‘ ’")])
def test_curly_quote_hint_for_a_value(raw: str, pair: str) -> None:
    assert curly_quote_hint(raw) == (f'type straight quotes " instead of the curly quotes ({pair}): YAML does not read '
                                     "them as quotes (your editor or phone may change them back: turn off smart "
                                     "quotes)")


@pytest.mark.parametrize("raw", ["18:30", "", "it’s", "Dad's"])
def test_curly_quote_hint_is_none_without_curly_quotes_around_the_value(raw: str) -> None:
    assert curly_quote_hint(raw) is None


def test_front_matter_lines_count_from_the_top_of_the_page() -> None:
    page = ("---\ntitle: Spoon Scooping\nages: [2, 5]\nmaterials\n  - A child-size spoon\n  - Two bowls\n---\n\n"
            "## Steps\n")
    with pytest.raises(HandbookError) as raised:
        split_front_matter(page, "docs/activities/spoon-scooping.md")
    assert [str(p) for p in raised.value.problems] == [
        "docs/activities/spoon-scooping.md:4: 'materials' needs a ':' after it — write 'materials:' (the lines "
        "below it stay as they are)"]


def test_handbook_check_names_the_over_indented_key(project: Path) -> None:
    _write_plan(project, changed("    minutes: 2\n", "      minutes: 2\n"))
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert f"{F}:12: 'minutes' is indented further than the line above — line it up with 'id:' on the line above, " \
           "using the same number of spaces" in [line.strip() for line in result.output.splitlines()]


def test_handbook_check_names_the_missing_dash(project: Path) -> None:
    _write_plan(project, changed("  - id: spoon-scooping", "    id: spoon-scooping"))
    result = handbook(project, "check")
    assert result.exit_code == 1
    lines = [line.strip() for line in result.output.splitlines()]
    assert f"{F}:15: a new activity starts here without '- ' — write '- id: spoon-scooping'" in lines
    assert "written twice" not in result.output and "Traceback" not in result.output


def test_handbook_check_names_the_non_breaking_space(project: Path) -> None:
    _write_plan(project, changed("    days: [tue, thu]", "\u00a0" * 4 + "days: [tue, thu]"))
    result = handbook(project, "check")
    assert result.exit_code == 1
    assert f"{F}:13: {NBSP}" in [line.strip() for line in result.output.splitlines()]
