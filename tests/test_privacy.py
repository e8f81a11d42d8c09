"""The private link protects each family: what every page carries, what the root shows, and bad input."""

from __future__ import annotations

import html
import random
import re
import shutil
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from handbook.core.safety import MIN_TOKEN_CHARS, new_token
from handbook.render.policy import CONTENT_SECURITY_POLICY, HEADERS

from conftest import copy_project, family_dir, family_page_count, handbook, site_files


def _html_pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def test_every_page_carries_the_privacy_meta_tags(built: Path) -> None:
    pages = [p for d in (built / "site").iterdir() if d.is_dir() for p in _html_pages(d)]
    assert len(pages) == family_page_count(built)
    for page in pages:
        text = page.read_text()
        assert '<meta name="robots" content="noindex, nofollow, noarchive">' in text, page
        assert '<meta name="referrer" content="no-referrer">' in text, page
        assert f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">' in text, page


def test_pages_have_no_inline_scripts_so_the_policy_can_forbid_them(built: Path) -> None:
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    for page in _html_pages(built / "site"):
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", page.read_text(), re.S):
            assert "src=" in attrs or 'type="application/json"' in attrs, (page, body[:80])


def test_host_headers_and_robots_file(built: Path) -> None:
    headers = (built / "site" / "_headers").read_text().splitlines()
    assert headers[0] == "/*"
    parsed = dict(line.strip().split(": ", 1) for line in headers[1:])
    assert parsed == HEADERS
    assert parsed["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    assert parsed["Referrer-Policy"] == "no-referrer"
    assert parsed["X-Content-Type-Options"] == "nosniff"
    assert parsed["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert "frame-src https://www.youtube-nocookie.com https://player.vimeo.com" in parsed["Content-Security-Policy"]
    assert (built / "site" / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"


def test_the_root_404_page_has_no_family_navigation(built: Path) -> None:
    page = (built / "site" / "404.html").read_text()
    assert "href=" not in page and "<nav" not in page
    for folder in (built / "site").iterdir():
        if folder.is_dir():
            assert not (folder / "404.html").exists()
            assert not list(folder.glob("sitemap*"))


def test_tokens_carry_at_least_128_bits() -> None:
    tokens = {new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        assert len(token) * 6 >= 128 and len(token) >= MIN_TOKEN_CHARS


# -- escaping --------------------------------------------------------------

HOSTILE = {
    "child": "<script>alert(1)</script>",
    "note": '"</script><img src=x onerror=alert(2)>',
    "focus": "<b>bold</b> & {{ config.site_dir }}",
    "routine": "after <i>bath</i>",
    "therapist": 'Jess "the OT" <x>',
    "check_in": "<svg onload=alert(3)>",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    plan = root / "families" / "chen.yaml"
    data = yaml.safe_load(plan.read_text())
    data["child"] = HOSTILE["child"]
    data["focus"] = [HOSTILE["focus"]]
    data["therapist"]["name"] = HOSTILE["therapist"]
    data["activities"][0]["note"] = HOSTILE["note"]
    data["activities"][0]["routine"] = HOSTILE["routine"]
    data["check_ins"][0]["note"] = HOSTILE["check_in"]
    plan.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = handbook(root, "build", "chen")
    assert result.exit_code == 0, result.output
    yield family_dir(root, "chen")


def test_plan_text_is_escaped_in_every_file(hostile_site: Path) -> None:
    files = {name: data.decode() for name, data in site_files(hostile_site).items()
             if name.endswith((".html", ".json", ".js", ".ics", ".xml"))}
    joined = "\n".join(files.values())
    for raw in ("<script>alert(1)", "<img src=x", "<svg onload", "<b>bold</b>", "<i>bath</i>", "<x>"):
        assert raw not in joined, raw
    home = files["index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home
    assert "{{ config.site_dir }}" in html.unescape(home), "plan text is never evaluated as a template"


def test_hostile_plan_text_shows_as_text_in_a_browser(hostile_site: Path, browser, serve) -> None:
    base = serve(hostile_site)
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base}/")
    assert page.locator("h1").first.inner_text() == f"{HOSTILE['child']}’s home practice"
    first = page.locator(".hb-today-link, .md-typeset table a").first.get_attribute("href")
    page.goto(f"{base}/{first}")
    assert HOSTILE["note"] in page.locator("article").inner_text()
    page.close()
    assert dialogs == []


# -- bad input leaves site/ as it was ---------------------------------------

@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("deployed") / "project")
    assert handbook(root, "build").exit_code == 0
    return root


BAD_PLANS = {
    "alias bomb": (b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
                   "families/rivera.yaml:1: YAML anchors and aliases (& and *) are not allowed here — write the "
                   "value out in full"),
    "10 MB plan": (b"child: Mateo\nnote: '" + b"x" * (10 * 1024 * 1024) + b"'\n",
                   "families/rivera.yaml:1: the file is 10240 KB, far too big for a plan or page — check that this "
                   "is the right file; a plan is usually under 5 KB"),
    "not UTF-8": (b"child: Mat\xe9o\n", "families/rivera.yaml:1: the file is not UTF-8 text (byte 0xe9) — save it "
                                         "again as UTF-8 in your text editor"),
    "empty": (b"", "families/rivera.yaml:1: the plan is empty — start from 'handbook new <family> --child <name>', "
                   "or copy a sample plan"),
    "a list": (b"- child: Mateo\n- link: x\n", "families/rivera.yaml:1: the plan must be a set of 'key: value' "
                                               "lines, not a list — start each line with a key such as 'child:'"),
}


@pytest.mark.parametrize("case", list(BAD_PLANS))
def test_bad_plan_files_fail_fast_and_change_nothing(deployed: Path, case: str) -> None:
    content, message = BAD_PLANS[case]
    plan = deployed / "families" / "rivera.yaml"
    good = plan.read_bytes()
    before = site_files(deployed / "site")
    plan.write_bytes(content)
    try:
        result = handbook(deployed, "build")
    finally:
        plan.write_bytes(good)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert site_files(deployed / "site") == before


@pytest.mark.parametrize(("video", "message"), [
    ("javascript:alert(1)",
     "'javascript:alert(1)' is not allowed: only https:// addresses or files in docs/ can be used"),
    ("data:text/html,<script>alert(1)</script>", "is not allowed: only https:// addresses or files in docs/"),
    ("http://example.org/clip.mp4", "'http://example.org/clip.mp4' is not allowed: only https:// addresses"),
    ("../../etc/passwd", "'../../etc/passwd' points outside docs/"),
    ("media/missing.mp4", "there is no file docs/media/missing.mp4"),
])
def test_unsafe_video_links_are_refused(deployed: Path, video: str, message: str) -> None:
    page = deployed / "docs" / "activities" / "calm-breathing.md"
    good = page.read_text()
    before = site_files(deployed / "site")
    page.write_text(good.replace("\narea:", f"\nvideo: {yaml.safe_dump(video).splitlines()[0]}\narea:", 1))
    try:
        result = handbook(deployed, "build")
    finally:
        page.write_text(good)
    assert result.exit_code == 1
    assert "docs/activities/calm-breathing.md:3: " in result.output and message in result.output
    assert site_files(deployed / "site") == before


@pytest.mark.parametrize("family", ["../x", "a/b", "Rivera", ""])
def test_family_ids_that_are_not_safe_slugs_are_refused(deployed: Path, family: str) -> None:
    before = site_files(deployed / "site")
    for command in (["build", family], ["new", family, "--child", "Sam"]):
        result = handbook(deployed, *command)
        assert result.exit_code == 1, command
        assert f"'{family}' " in result.output and "not a family id" in result.output or \
               "cannot be a family id" in result.output
    assert site_files(deployed / "site") == before
    assert sorted(p.name for p in (deployed / "families").iterdir()) == ["chen.yaml", "okafor.yaml", "rivera.yaml"]


def test_a_failure_in_the_middle_of_a_build_changes_nothing(project: Path) -> None:
    assert handbook(project, "build").exit_code == 0
    before = site_files(project / "site")
    main = project / "hooks" / "theme" / "main.html"
    # Breaks only Mateo's pages, so other families are built before the failure.
    broken = '{% block extrahead %}{% if "Mateo" in config.site_name %}{{ no_such_function() }}{% endif %}'
    main.write_text(main.read_text().replace("{% block extrahead %}", broken))
    for family in ("okafor", "chen", "rivera"):
        plan = project / "families" / f"{family}.yaml"
        plan.write_text(plan.read_text().replace("focus:\n", "focus:\n  - A new line in the plan\n"))
    result = handbook(project, "build")
    assert result.exit_code == 1
    assert "The build failed: UndefinedError: 'no_such_function' is undefined" in result.output
    assert "Nothing was changed in site/." in result.output
    assert site_files(project / "site") == before
    assert not (project / ".site-staging").exists()


def test_rotated_and_archived_families_lose_their_folder(project: Path) -> None:
    assert handbook(project, "build").exit_code == 0
    old_rivera = family_dir(project, "rivera").name
    old_chen = family_dir(project, "chen").name
    plan = project / "families" / "rivera.yaml"
    fresh = new_token()
    plan.write_text(plan.read_text().replace(old_rivera, fresh))
    assert handbook(project, "archive", "chen").exit_code == 0
    assert handbook(project, "build", "rivera").exit_code == 0
    folders = {p.name for p in (project / "site").iterdir() if p.is_dir()}
    assert folders == {fresh, family_dir(project, "okafor").name}
    assert old_rivera not in folders and old_chen not in folders


# -- property: many families, unique markers everywhere, no crossing -----------

def _marker(rng: random.Random, tag: str) -> str:
    return f"{tag}{''.join(rng.choices(string.ascii_lowercase, k=10))}"


def _generated_plan(rng: random.Random, activity_ids: list[str], family: int) -> tuple[dict, list[str]]:
    m = lambda tag: _marker(rng, f"Zq{family}{tag}")  # noqa: E731
    chosen = rng.sample(activity_ids, 3)
    plan: dict[str, Any] = {
        "child": m("c"),
        "link": new_token(),
        "therapist": {"name": m("t"), "phone": f"+1 555 {rng.randint(1000, 9999)}",
                      "email": f"{m('e').lower()}@example.org", "prefers": "email"},
        "focus": [m("f"), m("f")],
        "check_ins": [{"date": f"2027-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "how": "phone", "note": m("k")}],
        "activities": [{"id": a, "minutes": 1, "days": "daily", "routine": m("r"), "note": m("n")} for a in chosen],
        "format": rng.choice(["digital", "print"]),
        "rewards": {"style": "save-up", "small": m("s"), "goal": {"stars": 12, "reward": m("g")}},
    }
    text = yaml.safe_dump(plan)
    markers = re.findall(rf"Zq{family}[a-z][a-z]{{10}}", text, re.I) + [plan["link"], plan["therapist"]["phone"]]
    return plan, markers


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_families_never_see_each_others_markers(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = copy_project(tmp_path / "project")
    shutil.rmtree(root / "families")
    (root / "families").mkdir()
    activity_ids = sorted(p.stem for p in (root / "docs" / "activities").glob("*.md"))
    markers: dict[str, list[str]] = {}
    tokens: dict[str, str] = {}
    for n in range(5):
        plan, found = _generated_plan(rng, activity_ids, n)
        (root / "families" / f"gen-{n}.yaml").write_text(yaml.safe_dump(plan))
        markers[f"gen-{n}"], tokens[f"gen-{n}"] = found, plan["link"]
    result = handbook(root, "build")
    assert result.exit_code == 0, result.output
    site = root / "site"
    for family, token in tokens.items():
        own = "\n".join(d.decode("utf-8", "replace") for d in site_files(site / token).values())
        assert all(m in own or m.lower() in own for m in markers[family][:3]), "markers must show up at home"
        for other, other_markers in markers.items():
            if other != family:
                for marker in other_markers:
                    assert marker not in own, (family, other, marker)
    root_text = "\n".join(p.read_text() for p in site.iterdir() if p.is_file())
    for family_markers in markers.values():
        for marker in family_markers:
            assert marker not in root_text
