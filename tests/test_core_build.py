"""A family's site holds its own plan and assigned activities, and nothing of any other family."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from handbook.core.plan import DAY_NAMES, Plan
from handbook.core.project import Project
from handbook.render.messages import load_messages
from handbook.render.pages import week

from conftest import build_library_preview, family_dir, handbook, site_files


def _plans(root: Path) -> tuple[dict[str, Plan], Project]:
    project = Project(root)
    return project.plans(project.library()), project


def _text_files(folder: Path) -> dict[str, str]:
    """Each file as text, with HTML entities and JSON quote escapes undone so markers match as written."""
    return {name: html.unescape(data.decode("utf-8", "replace")).replace('\\"', '"')
            for name, data in site_files(folder).items()}


def _markers(plan: Plan) -> list[str]:
    """Strings that belong to this family alone."""
    notes = [a.note for a in plan.activities if a.note]
    return [plan.link, *plan.focus, *notes, *(c.note for c in plan.check_ins if c.note)]


def test_links_json_lists_every_family_with_a_built_site(built: Path) -> None:
    result = handbook(built, "links", "--json", "--base-url", "https://practice.example.org/")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    plans, _ = _plans(built)
    assert sorted(r["family"] for r in rows) == sorted(plans) == ["chen", "okafor", "rivera"]
    for row in rows:
        plan = plans[row["family"]]
        assert row["child"] == plan.child and row["token"] == plan.link
        assert row["path"] == f"site/{plan.link}"
        assert row["url"] == f"https://practice.example.org/{plan.link}/"
        home = (built / row["path"] / "index.html").read_text()
        assert plan.child in home
        for assignment in plan.activities:
            assert f'href="activities/{assignment.id}/"' in home


def test_only_assigned_activities_are_in_a_site(built: Path) -> None:
    plans, project = _plans(built)
    library = project.library()
    for family, plan in plans.items():
        site = built / "site" / plan.link
        assigned = {a.id for a in plan.activities}
        assert {p.name for p in (site / "activities").iterdir()} == assigned
        search = (site / "search" / "search_index.json").read_text()
        everything = "\n".join(_text_files(site).values())
        for activity in library.activities.values():
            if activity.id not in assigned:
                assert activity.title not in search, (family, activity.id)
                assert f"activities/{activity.id}/" not in everything, (family, activity.id)


def test_home_page_shows_the_week_with_minutes(built: Path) -> None:
    plans, project = _plans(built)
    for plan in plans.values():
        home = (built / "site" / plan.link / "index.html").read_text()
        week_part = home[home.index('id="this-week"'):home.index('id="working-on"')]
        cards = week_part.split('data-hb-week-day="')[1:]  # one day card each
        names = [re.search(r"<h3>(\w+day)", card).group(1) for card in cards]  # type: ignore[union-attr]
        assert names == list(DAY_NAMES.values())
        for card, day in zip(cards, week(plan, load_messages(project.locales_dir, "en")), strict=True):
            minutes = re.search(r'<span class="hb-plan-minutes">(\d+) min</span>', card)
            assert int(minutes.group(1) if minutes else 0) == day.minutes <= plan.daily_minutes
            for assignment in day.items:
                assert assignment.activity.title in card and f"{assignment.minutes} min" in card
        next_check_in = plan.check_ins[0]
        assert f'data-hb-date="{next_check_in.date.isoformat()}"' in home
        assert plan.therapist.name in home


def test_activity_page_shows_dose_and_note_above_the_library_text(built: Path) -> None:
    plans, project = _plans(built)
    library = project.library()
    plan = plans["rivera"]
    assignment = plan.activities[0]
    page = html.unescape((built / "site" / plan.link / "activities" / assignment.id / "index.html").read_text())
    dose = page.index(f"{assignment.minutes} minutes")
    assert assignment.note, "the first activity of the sample plan has a note"
    note = page.index(assignment.note)
    steps = page.index('id="steps"')
    assert dose < note < steps
    assert library.activities[assignment.id].summary.split()[0] in page


def test_no_family_shows_anything_of_another(built: Path) -> None:
    plans, _ = _plans(built)
    for family, plan in plans.items():
        files = _text_files(built / "site" / plan.link)
        for other_family, other in plans.items():
            if other_family == family:
                continue
            own_ids = {a.id for a in plan.activities}
            foreign = [m for m in _markers(other)] + [a.id for a in other.activities if a.id not in own_ids]
            name = re.compile(rf"\b{re.escape(other.child)}\b")
            for path, text in files.items():
                assert not name.search(text), (family, other.child, path)
                for marker in foreign:
                    assert marker not in text, (family, marker, path)
            assert other_family not in json.dumps(list(files)), "family ids never appear in a site"


def test_root_reveals_no_family_and_no_token(built: Path) -> None:
    plans, _ = _plans(built)
    root_files = sorted(p.name for p in (built / "site").iterdir() if p.is_file())
    assert root_files == ["404.html", "_headers", "index.html", "robots.txt"]
    for name in root_files:
        text = (built / "site" / name).read_text()
        for family, plan in plans.items():
            assert plan.link not in text and plan.child not in text and family not in text
    assert not list((built / "site").glob("sitemap*"))


def test_two_families_in_a_row_in_one_process_leak_nothing(project: Path) -> None:
    """MkDocs caches hook modules and Material's plugins between builds in one process."""
    assert handbook(project, "build", "chen").exit_code == 0
    assert handbook(project, "build", "rivera").exit_code == 0
    assert handbook(project, "build", "chen").exit_code == 0
    plans, _ = _plans(project)
    chen = _text_files(family_dir(project, "chen"))
    rivera = _text_files(family_dir(project, "rivera"))
    assert any("Leo" in t for t in chen.values()) and any("Mateo" in t for t in rivera.values())
    for marker in ["Mateo", *_markers(plans["rivera"])]:
        assert not any(marker in t for t in chen.values()), marker
    for marker in ["Leo’s", *_markers(plans["chen"])]:
        assert not any(marker in t for t in rivera.values()), marker


def test_plain_mkdocs_build_reports_plan_problems(project: Path) -> None:
    plan = project / "families" / "chen.yaml"
    text = plan.read_text().replace("daily_minutes: 5", "daily_minutes: 5\nbedtime: 8pm")
    plan.write_text(text)
    line = text.splitlines().index("bedtime: 8pm") + 1
    env = {**os.environ, "FAMILY": "chen"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 1
    output = done.stdout + done.stderr
    assert f"families/chen.yaml:{line}: unknown key 'bedtime'" in output
    assert "Traceback" not in output
    assert not (project / "site").exists()


def test_new_family_gets_a_starter_plan_that_builds(project: Path) -> None:
    result = handbook(project, "new", "lee-2", "--child", "Sam")
    assert result.exit_code == 0, result.output
    text = (project / "families" / "lee-2.yaml").read_text()
    link = re.search(r"^link: (\S+)$", text, re.M)
    assert link, text
    token = link.group(1)
    assert len(token) >= 22
    assert handbook(project, "build", "lee-2").exit_code == 0
    assert "Sam" in (project / "site" / token / "index.html").read_text()


def test_without_a_family_mkdocs_previews_the_whole_library_outside_site(project: Path) -> None:
    preview = build_library_preview(project)
    assert not (project / "site").exists(), "the library preview must never land where families are deployed"
    activities = {p.stem for p in (project / "docs" / "activities").glob("*.md")}
    assert {p.name for p in (preview / "activities").iterdir()} == activities
    index = (preview / "index.html").read_text()
    assert all(f"activities/{a}/" in index for a in activities)
    assert not any(child in index for child in ("Mateo", "Amara", "Leo"))


def test_plain_mkdocs_serve_previews_one_family_without_touching_site(project: Path) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "FAMILY": "chen", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "Leo" not in page:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
            except OSError:
                time.sleep(0.3)
        assert "Leo’s home practice" in page
        assert "livereload" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert not (project / "site").exists()
