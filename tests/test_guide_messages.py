"""GUIDE.md's message tables say what the handbook really says: each message is made by a real run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide_messages import CASES, TABLES, Case, said, without_place

from conftest import REPO

ROW = re.compile(r"\| `(?P<message>.*?)` \| ")


def documented() -> list[str]:
    """The first column of every row of GUIDE.md's tables that the cases cover."""
    table, found = None, []
    for line in (REPO / "GUIDE.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            table = line[4:]
        match = ROW.match(line)
        if match and table in TABLES:
            found.append(match["message"])
    return found


def shown_as(message: str, line: str) -> bool:
    """True when ``line`` is ``message``, where each ``…`` in the message stands for a part left out."""
    pattern = ".*".join(re.escape(part) for part in message.split("…"))
    return any(re.fullmatch(pattern, text) for text in (line, without_place(line)))


def test_every_message_in_those_tables_has_its_case_and_every_case_its_row() -> None:
    rows, cases = documented(), [case.message for case in CASES]
    assert len(rows) > 40
    assert [row for row in rows if row not in cases] == []
    assert [case for case in cases if case not in rows] == []


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.message[:60])
def test_the_guide_shows_what_a_real_run_says(case: Case, tmp_path: Path) -> None:
    lines = said(case, tmp_path / "case")
    assert any(shown_as(case.message, line) for line in lines), "\n".join(lines)
