"""``handbook report`` as the caseload view: a folder of copies, bad files skipped, the HTML page, matching."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from caseload_demo import TODAY, write_demo
from handbook.commands.caseload import Matcher, known_families
from handbook.commands.log_export import clean_text, read_export
from handbook.core.project import Project
from handbook.core.safety import link_hash
from test_cli_report import MATEO_ENTRIES, entry, export, write

from conftest import SAMPLE_TOKENS, copy_project, handbook
from parent_helpers import axe_violations, static_server

RIVERA_LOG = "BTtQ9ha3G6z7IG2G"  # families/rivera.yaml's log:
CLICK_STYLE = re.compile(r"\x1b\[[0-9;]*m")  # the bold and colours click itself adds on a terminal
CONTROLS = ("\x1b", "\x07", "\x7f", "\x9b", "\u202e", "\u2066")


def leo(**changes: Any) -> dict[str, Any]:
    return {**export(token=SAMPLE_TOKENS["chen"], child="Leo", claimed=[],
                     entries=[entry("2026-11-26", "flamingo-stand", "Flamingo Stand", 1, "easy"),
                              entry("2026-11-27", "calm-breathing", "Calm Breathing", 1, None)]), **changes}


def folder_with_a_bad_file(project: Path) -> tuple[Path, int]:
    """Mateo's and Leo's copies, and one whose third entry has a rating the star chart never writes."""
    folder = project / "inbox"
    folder.mkdir()
    write(folder, "stars-Mateo.json", export())
    write(folder, "stars-Leo.json", leo())
    entries = [*MATEO_ENTRIES[:2], {**MATEO_ENTRIES[2], "rating": "awful"}]
    path = write(folder, "stars-bad.json", export(entries=entries))
    line = next(i for i, text in enumerate(Path(path).read_text().splitlines(), 1) if '"awful"' in text)
    (folder / "notes.txt").write_text("not read: not .json or .csv", encoding="utf-8")
    return folder, line - 5  # the line of the entry's "{"


BAD_REASON = "entry 3 has the rating 'awful'; expected easy, just-right, hard or none — ask the family to export"


def test_a_folder_with_a_bad_file_shows_the_others_and_names_it(project: Path) -> None:
    folder, line = folder_with_a_bad_file(project)
    result = handbook(project, "report", "inbox", "--today", "2026-11-28")

    assert result.exit_code == 1
    assert "Mateo (rivera)\n" in result.stdout and "Leo (chen)\n" in result.stdout
    assert "No copy in the folder from: Amara (okafor)" in result.stdout
    assert f"inbox/stars-bad.json:{line}: {BAD_REASON}" in result.stderr
    assert "1 problem in 1 file, skipped; the other files are reported" in result.stderr
    assert "notes.txt" not in result.output


def test_a_folder_with_a_bad_file_in_json(project: Path) -> None:
    folder, line = folder_with_a_bad_file(project)
    result = handbook(project, "report", "--json", "inbox", "--today", "2026-11-28")

    assert result.exit_code == 1
    reports = {r["family"]: r for r in json.loads(result.stdout)}
    assert set(reports) == {"rivera", "chen", "okafor"}
    assert (reports["okafor"]["files"], reports["okafor"]["attention"]) == ([], ["no copy of the star chart in the "
                                                                                  "folder"])
    assert reports["chen"]["files"] == ["inbox/stars-Leo.json"]
    assert f"inbox/stars-bad.json:{line}: {BAD_REASON}" in result.stderr


def page_text(page: str) -> str:
    """The words of a page, as one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def test_a_folder_with_a_bad_file_in_html(project: Path) -> None:
    folder, line = folder_with_a_bad_file(project)
    result = handbook(project, "report", "inbox", "--today", "2026-11-28", "--html", "caseload.html")

    assert result.exit_code == 1
    assert "Wrote caseload.html: 2 families" in result.stdout
    text = page_text((project / "caseload.html").read_text(encoding="utf-8"))
    assert "1 file was not read" in text
    assert f"inbox/stars-bad.json:{line}: {BAD_REASON}" in text
    assert "Mateo (rivera)" in text and "Leo (chen)" in text and "Amara (okafor)" in text


def test_the_html_is_never_written_where_it_would_go_online(project: Path) -> None:
    path = write(project, "mateo.json", export())
    result = handbook(project, "report", path, "--html", "site/caseload.html")

    assert result.exit_code == 2
    assert "site/caseload.html is inside site/, which goes online" in result.output
    assert not (project / "site" / "caseload.html").exists()


@pytest.mark.parametrize("given", ["11/01/2026", "2026-13-01", "yesterday"])
def test_a_bad_since_date_says_how_to_write_it(project: Path, given: str) -> None:
    result = handbook(project, "report", "--since", given, write(project, "mateo.json", export()))

    assert result.exit_code == 2
    assert f"'{given}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-01" in result.output
    assert "%Y" not in result.output


def test_help_says_a_folder_is_read_without_its_subfolders(project: Path) -> None:
    result = handbook(project, "report", "--help")

    assert "or a folder of them (its files only, not the folders inside it)" in " ".join(result.output.split())
    assert "--html FILE" in result.output and "--today YYYY-MM-DD" in result.output


def test_control_characters_never_reach_the_terminal_json_or_html(project: Path) -> None:
    title = "\x1b]0;pwned\x07\x1b[2JPutty\u202e Pinch\x9b"
    hostile = export(child="Ma\u2066teo\x7f", entries=[
        entry("2026-11-26", "putty-pinch-and-find\x1b[K", title, 2, "hard"),
        entry("2026-11-27", "putty-pinch-and-find\x1b[K", title, 2, "hard")],
        claimed=[{"date": "2026-11-27", "stars": 2, "reward": "\x1b[8mCandy\x1b]8;;https://x.test\x07"}],
        token="Not_a_plan_link_\x1b[2J")
    folder = project / "inbox"
    folder.mkdir()
    write(folder, "stars-\x1b[2J.json", hostile)
    write(folder, "broken-\x1b]0;x\x07.json", "{")

    text = handbook(project, "report", "inbox", "--today", "2026-11-28", color=True)
    as_json = handbook(project, "report", "inbox", "--json", "--today", "2026-11-28", color=True)
    page = handbook(project, "report", "inbox", "--today", "2026-11-28", "--html", "out.html")

    assert text.exit_code == as_json.exit_code == page.exit_code == 1
    for output in (CLICK_STYLE.sub("", text.output), CLICK_STYLE.sub("", as_json.output),
                   (project / "out.html").read_text()):
        assert not [c for c in CONTROLS if c in output], repr(output)
    assert "Mateo (unknown family, link Not_…)" in CLICK_STYLE.sub("", text.output)
    assert "0;pwned[2JPutty Pinch" in text.output and "broken-]0;x.json:1" in text.output
    [report] = [r for r in json.loads(as_json.stdout) if r["files"]]
    assert report["activities"][0]["activity"] == "putty-pinch-and-find[K"
    assert report["rewards_claimed"][0]["reward"] == "[8mCandy]8;;https://x.test"


def test_clean_text_keeps_words_and_drops_controls() -> None:
    assert clean_text("Spoon\tScooping\n\u202aé😀\u2069\x00\x85") == "Spoon Scooping é😀"


def realistic_entries(days: int) -> list[dict[str, Any]]:
    """Five activities a day, as a long-practising family's star chart holds them."""
    activities = [("putty-pinch-and-find", "Putty Pinch and Find", 2), ("spoon-scooping", "Spoon Scooping", 1),
                  ("big-button-practice", "Big Button Practice", 2), ("tong-transfer-pom-poms", "Tong Transfer", 2),
                  ("rainbow-tracing-shapes", "Rainbow Tracing Shapes", 2)]
    first = dt.date(2018, 1, 1)
    return [entry((first + dt.timedelta(days=n)).isoformat(), a, t, m, ("easy", "just-right", "hard", None)[n % 4])
            for n in range(days) for a, t, m in activities]


def test_a_2_mb_export_is_read(project: Path) -> None:
    data = export(entries=realistic_entries(3200), exported_at="2026-10-05T18:00:00.000Z")
    path = Path(write(project, "big.json", data))
    assert 2_000_000 < path.stat().st_size < 5 * 1024 * 1024

    result = handbook(project, "report", "--json", "--today", "2026-10-06", str(path))

    assert result.exit_code == 0, result.output[-500:]
    [report] = json.loads(result.stdout)
    assert (report["family"], report["practice_days"], report["stars_earned"]) == ("rivera", 3200, 16000)


def test_an_export_over_the_star_charts_5_mb_is_refused_with_the_limit(project: Path) -> None:
    path = project / "huge.json"
    path.write_text(json.dumps(export()) + " " * (5 * 1024 * 1024), encoding="utf-8")

    result = handbook(project, "report", str(path))

    assert result.exit_code == 1
    assert "huge.json: the file is 5.0 MB, more than the 5 MB a star-chart copy can be" in result.output
    assert "too big for a plan" not in result.output


def add_to_plan(project: Path, family: str, text: str) -> None:
    plan = project / "families" / f"{family}.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_copies_from_before_and_after_a_rotation_join_one_family(project: Path) -> None:
    old = "Old_link_before_rotation_1"
    add_to_plan(project, "rivera", f"previous_links:\n  - {link_hash(old)}\n")
    by_old_link = export(token=old, entries=MATEO_ENTRIES[:3], exported_at="2026-11-21T20:00:00.000Z")
    by_log = {**export(token="Some_link_the_plans_never_had", entries=MATEO_ENTRIES[3:6]), "log": RIVERA_LOG}
    by_link = export(entries=MATEO_ENTRIES[5:])
    paths = [write(project, name, data) for name, data in
             (("a.json", by_old_link), ("b.json", by_log), ("c.json", by_link))]

    matcher = Matcher(known_families(Project(project)))
    assert [(m.family.family if m.family else None, m.by) for m in
            (matcher.match(read_export(Path(p))) for p in paths)] == [
        ("rivera", "previous link"), ("rivera", "log"), ("rivera", "link")]
    result = handbook(project, "report", "--json", "--today", "2026-11-28", *paths)
    [report] = json.loads(result.stdout)
    assert (report["family"], len(report["files"]), report["practice_days"]) == ("rivera", 3, 7)


def test_a_copy_of_another_star_chart_is_not_joined_for_its_link(project: Path) -> None:
    other = {**export(), "log": "AnotherFamilysChartId"}
    result = handbook(project, "report", "--today", "2026-11-28", write(project, "other.json", other))

    assert result.output.splitlines()[0] == f"Mateo (unknown family, link {SAMPLE_TOKENS['rivera'][:4]}…)"


def only_mon_wed_fri(project: Path, starts: str | None = None) -> None:
    """Rivera's plan with putty on Monday, Wednesday and Friday (2 minutes) and spoon on Wednesday (3)."""
    plan = project / "families" / "rivera.yaml"
    activities = ("activities:\n"
                  "  - {id: putty-pinch-and-find, minutes: 2, days: [mon, wed, fri]}\n"
                  "  - {id: spoon-scooping, minutes: 3, days: [wed]}\n")
    text = re.sub(r"(?ms)^activities:\n.*?(?=^format:)", activities, plan.read_text(encoding="utf-8"))
    plan.write_text(text + (f"starts: {starts}\n" if starts else ""), encoding="utf-8")


FORTNIGHT = [entry("2026-10-30", "putty-pinch-and-find", "Putty", 2, None),  # before --since
             entry("2026-11-02", "putty-pinch-and-find", "Putty", 2, None),  # Monday
             entry("2026-11-04", "putty-pinch-and-find", "Putty", 2, "hard"),  # Wednesday
             entry("2026-11-04", "spoon-scooping", "Spoon", 3, None),
             entry("2026-11-07", "putty-pinch-and-find", "Putty", 2, "hard"),  # Saturday: nothing planned
             entry("2026-11-09", "putty-pinch-and-find", "Putty", 2, None),  # Monday
             entry("2026-11-13", "putty-pinch-and-find", "Putty", 2, None)]  # Friday


@pytest.mark.parametrize(("starts", "expected"), [
    # 2 to 15 November: Mon 2, Wed 4, Fri 6, Mon 9, Wed 11, Fri 13 planned, 2 + 5 + 2 minutes a week;
    # practised on 2, 4, 9 and 13 (and Saturday 7): 2 + 5 + 2 + 2 + 2 minutes
    (None, {"first_day": "2026-11-02", "days": 14, "days_planned": 6, "planned_days_practised": 4,
            "practice_days": 5, "minutes_planned": 18, "minutes": 13}),
    # the plan starts on Wednesday 4, later than --since: Wed 4, Fri 6, Mon 9, Wed 11, Fri 13
    ("2026-11-04", {"first_day": "2026-11-04", "days": 12, "days_planned": 5, "planned_days_practised": 3,
                    "practice_days": 4, "minutes_planned": 16, "minutes": 11}),
])
def test_days_and_minutes_practised_against_planned(project: Path, starts: str | None,
                                                     expected: dict[str, Any]) -> None:
    only_mon_wed_fri(project, starts)
    path = write(project, "mateo.json", export(entries=FORTNIGHT, exported_at="2026-11-15T20:00:00.000Z"))

    result = handbook(project, "report", "--json", "--since", "2026-11-02", "--today", "2026-11-16", path)
    [report] = json.loads(result.stdout)
    assert {k: report[k] for k in expected} == expected
    assert report["last_day"] == "2026-11-15"

    text = handbook(project, "report", "--since", "2026-11-02", "--today", "2026-11-16", path).output
    assert f"Practice days   {expected['planned_days_practised']} of {expected['days_planned']} planned days, " \
           "and 1 other day\n" in text
    assert f"Minutes         {expected['minutes']} of {expected['minutes_planned']} planned" in text


@pytest.mark.parametrize(("today", "flagged"), [("2026-12-10", False), ("2026-12-11", True)])
def test_no_log_in_14_days_is_flagged(project: Path, today: str, flagged: bool) -> None:
    calm = [{**e, "rating": None} for e in MATEO_ENTRIES]  # nothing marked hard: only the date can flag it
    paths = [write(project, "mateo.json", export(entries=calm)),  # the last entry is on 27 November
             write(project, "leo.json", leo(entries=[entry(today, "calm-breathing", "Calm Breathing", 1, None)]))]

    report = {r["family"]: r for r in json.loads(handbook(project, "report", "--json", "--today", today,
                                                          *paths).stdout)}["rivera"]
    text = handbook(project, "report", "--today", today, *paths).output

    assert (report["days_since_log"], report["no_log_14_days"]) == (int(today[-2:]) - 27 + 30, flagged)
    assert ("Needs attention no log for 14 days" in text) is flagged
    assert (f"No log in 14 days (to {today}): Mateo (rivera)" in text) is flagged
    assert text.startswith("Mateo (rivera)\n  Needs attention") is flagged  # needs attention first


def test_an_archived_family_is_still_found_and_marked(project: Path) -> None:
    (project / "families" / "archive").mkdir()
    shutil.move(project / "families" / "chen.yaml", project / "families" / "archive" / "chen.yaml")
    folder = project / "inbox"
    folder.mkdir()
    write(folder, "leo.json", leo())

    result = handbook(project, "report", "inbox", "--today", "2026-11-28")

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Leo (chen, archived)\n")
    assert "No copy in the folder from: Amara (okafor), Mateo (rivera)" in result.output


# ---- the 12-family caseload as a page, in a real browser ----------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The 12-family demo's page (with one bad file among the copies), served on localhost: (page, its URL)."""
    root = tmp_path_factory.mktemp("caseload")
    project = copy_project(root / "project")
    write_demo(project, root / "exports")
    (root / "exports" / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    (root / "out").mkdir()
    result = handbook(project, "report", str(root / "exports"), "--today", TODAY.isoformat(),
                      "--html", str(root / "out" / "caseload.html"))
    assert result.exit_code == 1 and "notes.json:1: this is not a Family Handbook log export" in result.output
    for base in static_server(root / "out"):
        yield root / "out" / "caseload.html", f"{base}/caseload.html"


def test_the_demo_page_puts_who_needs_a_call_first(demo: tuple[Path, str]) -> None:
    text = page_text(demo[0].read_text(encoding="utf-8"))
    attention, rest = text.split("On track (")
    names = re.findall(r"(\w+) \(family-\d{4}", attention)
    assert names[:4] == ["Mateo", "Theo", "Sami", "Ada"]  # stopped 3 weeks ago, 16 days, far under plan, hard
    assert "no log for 21 days" in attention and "marked hard most times: " in attention
    assert "Leo (family-0001)" in rest and "56 of 56 planned" in rest  # the family that does everything
    assert "Ravi (family-0010) archived" in rest
    assert "Week of 16 Nov 2026: practised on 0 of 7 days planned" in attention  # Mateo, who stopped
    assert "Week of 30 Nov 2026" not in text  # the charts end with the newest copy's week


def test_the_page_asks_nothing_of_any_host(demo: tuple[Path, str], browser: Any) -> None:
    page_html = demo[0].read_text(encoding="utf-8")
    assert not re.search(r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:[a-z]+:|//)""", page_html, re.I)
    assert "<script" not in page_html and "@import" not in page_html and "url(" not in page_html
    assert "default-src 'none'" in page_html

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    requested: list[str] = []
    context.route("**/*", lambda route: (requested.append(route.request.url), route.continue_()))
    page = context.new_page()
    page.goto(demo[1])
    page.wait_for_load_state("networkidle")
    context.close()
    assert requested == [demo[1]]
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(demo[1]).netloc}


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_the_page_has_no_accessibility_violations(demo: tuple[Path, str], browser: Any, axe_source: str,
                                                  viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(demo[1])
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]  # nothing sideways
    violations = axe_violations(page, axe_source)
    context.close()
    assert violations == []
