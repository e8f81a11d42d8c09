"""What a parent reads is what it was: every page of the three sample families against its golden text.

The golden files in tests/golden/ were made from a build of the code before the refactor (message
catalogs, ES modules, new layers) by tests/golden/make_golden.py, which this test uses to extract the same
text from a fresh build: the visible text of each page (text nodes of <body>, the attributes people read
or hear, the page title), the calendar without its build timestamps, the root pages and the link cards.
Dates are normalized there (``<date 2027-01-14 Thursday>``), so the date-style unification is the only
difference allowed. When a change of wording is intended, re-run make_golden.py and review the diff.
"""

from __future__ import annotations

import difflib
import importlib.util
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE_TOKENS, handbook

GOLDEN = Path(__file__).resolve().parent / "golden"
BASE_URL = "https://practice.example.org"


def _load_make_golden():
    spec = importlib.util.spec_from_file_location("make_golden", GOLDEN / "make_golden.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_golden = _load_make_golden()
EXPECTED = make_golden.golden_files(GOLDEN)

PAGE_KINDS = {"index.txt": "home", "log.txt": "star-chart", "handout.txt": "handout", "guidance.txt": "guidance",
              "calendar.ics.txt": "calendar", "activities": "activities"}


def group_of(path: str) -> str:
    """``rivera/activities/spoon-scooping.txt`` -> ``rivera-activities``; ``_root/404.txt`` -> ``root-404``."""
    top, rest = path.split("/", 1)
    first = rest.split("/", 1)[0]
    kind = PAGE_KINDS.get(first, first.removesuffix(".txt")) if top != "_root" else rest.removesuffix(".txt")
    return f"{top.lstrip('_')}-{kind}"


GROUPS = sorted({group_of(path) for path in EXPECTED})


@pytest.fixture(scope="module")
def current(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The extracted text of a fresh build of the sample project, link cards included."""
    root = tmp_path_factory.mktemp("unchanged") / "project"
    shutil.copytree(built, root, symlinks=True)
    result = handbook(root, "cards", "--base-url", BASE_URL)
    assert result.exit_code == 0, result.output
    return make_golden.collect(root)


def test_golden_files_cover_the_sample_families() -> None:
    families = {path.split("/", 1)[0] for path in EXPECTED} - {make_golden.ROOT_DIR, make_golden.CARDS_DIR}
    assert families == set(SAMPLE_TOKENS)
    assert {f"{make_golden.ROOT_DIR}/index.txt", f"{make_golden.ROOT_DIR}/404.txt",
            f"{make_golden.CARDS_DIR}/cards.txt"} <= set(EXPECTED)


def test_the_same_pages(current: dict[str, str]) -> None:
    missing = sorted(set(EXPECTED) - set(current))
    new = sorted(set(current) - set(EXPECTED))
    assert not missing and not new, f"pages no longer built: {missing}; pages not in tests/golden: {new}"


@pytest.mark.parametrize("group", GROUPS)
def test_text_unchanged(current: dict[str, str], group: str) -> None:
    problems: list[str] = []
    for path in sorted(p for p in EXPECTED if group_of(p) == group):
        if path not in current:
            problems.append(f"{path}: not built any more")
        elif current[path] != EXPECTED[path]:
            problems.append("".join(difflib.unified_diff(
                EXPECTED[path].splitlines(keepends=True), current[path].splitlines(keepends=True),
                fromfile=f"tests/golden/{path}", tofile=f"new build: {path}")))
    if problems:
        pytest.fail("what a parent reads has changed (if intended, re-run tests/golden/make_golden.py):\n"
                    + "\n".join(problems), pytrace=False)


# --- the normalization that makes the date-style unification the only allowed difference -------------

@pytest.mark.parametrize(("text", "token"), [
    ("Thursday 14 January 2027", "<date 2027-01-14 Thursday>"),  # before: the pages' strftime style
    ("Thursday, January 14, 2027", "<date 2027-01-14 Thursday>"),  # after: CLDR en
    ("Thu, January 14, 2027", "<date 2027-01-14 Thursday>"),  # Babel's format_skeleton("yMMMMEEEEd") in en
    ("Thu, Jan 14, 2027", "<date 2027-01-14 Thursday>"),
    ("Thu 14 Jan 2027", "<date 2027-01-14 Thursday>"),
    ("Thursday, 14 January 2027", "<date 2027-01-14 Thursday>"),
    ("January 14, 2027", "<date 2027-01-14>"),
    ("14 January 2027", "<date 2027-01-14>"),
    ("Wednesday 25 November", "<date --11-25 Wednesday>"),
    ("Wednesday, November 25", "<date --11-25 Wednesday>"),
    ("Wed, Nov 25", "<date --11-25 Wednesday>"),
    ("Thursday\u202fJanuary\u00a014, 2027", "<date 2027-01-14 Thursday>"),
])
def test_dates_normalized(text: str, token: str) -> None:
    assert make_golden.normalize_dates(text) == token
    assert make_golden.normalize_dates(f"Check-ins: {text}, phone call.") == f"Check-ins: {token}, phone call."


def test_old_and_new_lists_of_dates_are_the_same() -> None:
    old = "Check-ins: Thursday 14 January 2027, Thursday 11 February 2027."
    new = "Check-ins: Thursday, January 14, 2027, Thursday, February 11, 2027."
    assert make_golden.normalize_dates(old) == make_golden.normalize_dates(new) == (
        "Check-ins: <date 2027-01-14 Thursday>, <date 2027-02-11 Thursday>.")


def test_a_wrong_weekday_is_not_hidden() -> None:
    assert make_golden.normalize_dates("Friday 14 January 2027") != make_golden.normalize_dates(
        "Thursday 14 January 2027")


@pytest.mark.parametrize("text", [
    "Monday, Wednesday, Friday · after breakfast", "May 5 children", "Jan 5 at the clinic", "25 November",
    "Sat 3 times", "31 February 2027", "Wednesday, November 250", "Mon 5 min", "at 18:30 on Monday",
    "Never more than 5 minutes a day.", "20261210", "2027-01-14", "we may 5 May", "Tuesday 8 december 2026",
])
def test_non_dates_left_alone(text: str) -> None:
    assert make_golden.normalize_dates(text) == text


def test_visible_text_takes_what_people_read() -> None:
    html = ("<html><head><title>Home  - Mateo</title><meta name='apple-mobile-web-app-title' content='Practice'>"
            "<style>p{}</style></head><body><script>var x = 'secret';</script>"
            "<p class='x'>Hello\n  <strong>Thursday 14 January 2027</strong></p>"
            "<img src='a.png' alt='logo' title='Logo'><noscript>Needs JavaScript</noscript>"
            "<template><span aria-label='Done'>done</span></template><input type='submit' value='Send'>"
            "<input placeholder='Search'><track label='English'></body></html>")
    assert make_golden.visible_text(html).splitlines() == [
        "[page title] Home - Mateo", "[home screen name] Practice", "Hello", "<date 2027-01-14 Thursday>",
        "[alt] logo", "[title] Logo", "Needs JavaScript", "[aria-label] Done", "done", "[value] Send",
        "[placeholder] Search", "[label] English"]


def test_calendar_text_unfolds_and_drops_timestamps() -> None:
    ics = "BEGIN:VEVENT\r\nDTSTAMP:20261201T104424Z\r\nDESCRIPTION:Join the last\r\n  five minutes\r\nEND:VEVENT\r\n"
    assert make_golden.calendar_text(ics) == "BEGIN:VEVENT\nDESCRIPTION:Join the last five minutes\nEND:VEVENT\n"
