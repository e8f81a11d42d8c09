"""What a parent's site holds, read from real builds: today and the week, activity pages, video,
the star chart page, the printable handout, and the family data the page scripts get."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from handbook.core.library import Library
from handbook.core.plan import DAY_NAMES, DAYS, Plan
from handbook.core.project import Project
from handbook.render.guidance_pages import family_facts, guidance_topics
from handbook.render.sections import body_sections

from conftest import copy_project, family_dir, handbook
from parent_helpers import ISLAND, static_server

YOUTUBE = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"  # an example address; never fetched by these tests
VIMEO = "https://vimeo.com/76979871"


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def _plans(root: Path) -> tuple[Library, dict[str, Plan]]:
    project = Project(root)
    library = project.library()
    return library, project.plans(library)


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


# -- home: today at one glance ------------------------------------------------------------------


@pytest.mark.parametrize("family", ["rivera", "okafor", "chen"])
def test_home_has_each_days_activities_with_total_minutes_and_a_link_into_each(built: Path, family: str) -> None:
    library, plans = _plans(built)
    plan = plans[family]
    home = _text(family_dir(built, family) / "index.html")
    for day in DAYS:
        box = _between(home, f'data-hb-day="{day}"', "</div>")
        items = plan.activities_on(day)
        if not items:
            assert "No practice today" in box
            continue
        assert f"<strong>{plan.minutes_on(day)} minute" in box
        for assignment in items:
            assert f'href="practice/#{assignment.id}"' in box  # a card opens its practice view
            assert html.escape(library.activities[assignment.id].title) in box
            assert f"{assignment.minutes} min" in box
        assert box.count('class="hb-today-link"') == len(items)
        assert box.count("<svg ") == 2 * len(items)  # each card's picture and its tick


@pytest.mark.parametrize("family", ["rivera", "okafor"])
def test_without_javascript_the_week_still_shows_every_activity(built: Path, family: str) -> None:
    library, plans = _plans(built)
    plan = plans[family]
    home = _text(family_dir(built, family) / "index.html")
    assert re.search(r'<section class="hb-today" data-hb-today hidden', home)  # the script shows it
    week = _between(home, '<ol class="hb-plan-week">', '<h2 id="working-on"')
    cards = re.findall(r'<li class="hb-plan-day[^"]*" data-hb-week-day="(\w+)">(.*?)</ul>\s*</li>|'
                       r'<li class="hb-plan-day[^"]*" data-hb-week-day="(\w+)">(.*?)</p>\s*</li>', week, re.S)
    assert [c[0] or c[2] for c in cards] == list(DAYS)  # a card per day, in order
    for day, (_, planned, _, rest) in zip(DAYS, cards, strict=True):
        card = planned or rest
        assert f"<h3>{DAY_NAMES[day]}" in card
        items = plan.activities_on(day)
        if not items:
            assert "Rest day" in card
        else:
            assert f"{plan.minutes_on(day)} min</span></h3>" in card
        for assignment in items:
            assert f'href="activities/{assignment.id}/"' in card
            assert html.escape(library.activities[assignment.id].title) in card


def test_print_families_see_the_handout_first(built: Path) -> None:
    okafor = _text(family_dir(built, "okafor") / "index.html")
    rivera = _text(family_dir(built, "rivera") / "index.html")
    article = okafor[okafor.index("<article"):]
    assert article.index('href="handout/"') < article.index("data-hb-today")
    assert "hb-print-first" not in rivera
    nav = re.findall(r'<a href="([^"#]+)" class="md-nav__link', okafor)
    assert nav.index("handout/") < nav.index("log/")
    nav = re.findall(r'<a href="([^"#]+)" class="md-nav__link', rivera)
    assert nav.index("log/") < nav.index("handout/")


def test_each_check_in_is_its_own_line_and_the_calendar_is_offered(built: Path) -> None:
    _, plans = _plans(built)
    plan = plans["rivera"]
    home = _text(family_dir(built, "rivera") / "index.html")
    section = _between(home, 'id="check-ins"', "<h2")
    assert section.count("<li>") == section.count("data-hb-date=") == len(plan.check_ins)
    assert plan.practice_time is None and plan.routines  # reminders at the routines' times
    assert "Add these dates and the practice reminders to your phone’s calendar." in section
    assert re.search(r"The reminders end on \w+, March 11, 2027\.", section)  # the plan's review date
    assert 'href="calendar.ics"' in section


# -- activity pages ---------------------------------------------------------------------------


def test_activity_page_has_materials_steps_variations_note_dose_and_done_box(built: Path) -> None:
    library, plans = _plans(built)
    plan = plans["rivera"]
    assignment = plan.activities[0]
    activity = library.activities[assignment.id]
    page = _text(family_dir(built, "rivera") / "activities" / assignment.id / "index.html")
    for item in activity.materials:
        assert html.escape(item, quote=False) in page
    steps = _between(page, 'id="steps"', "</ol>")
    assert steps.count("<li>") == len(re.findall(r"^\d+\. ", body_sections(activity.body)["Steps"], re.M)) > 2
    for heading in ("Make it easier", "Make it harder", "What to watch for"):
        assert f">{heading}</h2>" in page
    assert assignment.note is not None and assignment.note in html.unescape(page)
    assert f"{plan.therapist.name}’s note for {plan.child}" in page
    dose = _between(page, 'class="hb-dose-box"', "</p>")
    assert assignment.routine is not None
    assert f"{assignment.minutes} minutes" in dose and assignment.routine in dose
    assert f'data-hb-done="{assignment.id}"' in page


def test_self_hosted_video_plays_from_the_site_with_captions_and_poster(built: Path) -> None:
    library, _ = _plans(built)
    activity = library.activities["putty-pinch-and-find"]
    assert activity.video is not None and activity.captions is not None and activity.poster is not None
    site = family_dir(built, "rivera")
    page = _text(site / "activities" / activity.id / "index.html")
    video = _between(page, "<video", "</video>")
    assert 'preload="none"' in video and "controls" in video
    assert f'src="../../{activity.video}"' in video and f'poster="../../{activity.poster}"' in video
    assert f'<track kind="captions" src="../../{activity.captions}"' in video
    for path in (activity.video, activity.captions, activity.poster):
        assert (site / path).read_bytes() == (built / "docs" / path).read_bytes()
    assert (site / activity.captions).read_text().startswith("WEBVTT")
    assert (site / activity.video).stat().st_size < 300_000


def test_sample_library_has_a_few_videos_all_with_captions(built: Path) -> None:
    library, _ = _plans(built)
    with_video = [a for a in library.activities.values() if a.video]
    assert len(with_video) >= 3
    assert all(a.captions and a.poster for a in with_video)


@pytest.fixture(scope="module")
def video_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with a YouTube and a Vimeo activity (no poster: the site draws one), and a child whose
    name tries to break out of HTML and of the script's JSON."""
    root = copy_project(tmp_path_factory.mktemp("video") / "project")
    putty = _text(root / "docs" / "activities" / "putty-pinch-and-find.md")
    plain = re.sub(r"^(video|captions|poster):.*\n", "", putty, flags=re.M)
    (root / "docs" / "activities" / "yt-demo.md").write_text(
        plain.replace("title: Putty Pinch and Find", f"title: Tube <Demo> & Co\nvideo: {YOUTUBE}"))
    (root / "docs" / "activities" / "vimeo-demo.md").write_text(
        plain.replace("title: Putty Pinch and Find", f"title: Vimeo Demo\nvideo: {VIMEO}"))
    plan = _text(root / "families" / "chen.yaml")
    plan = plan.replace("child: Leo", "child: \"Leo</script><script>alert('x')</script>\"")
    plan = plan.replace("  - id: tape-line-balance", "  - id: yt-demo")
    plan = plan.replace("  - id: jump-the-squares", "  - id: vimeo-demo")
    (root / "families" / "chen.yaml").write_text(plan)
    result = handbook(root, "build", "chen")
    assert result.exit_code == 0, result.output
    return family_dir(root, "chen")


def test_youtube_waits_behind_a_click_to_load_poster_from_this_site(video_site: Path) -> None:
    page = _text(video_site / "activities" / "yt-demo" / "index.html")
    figure = _between(page, "<figure class=\"hb-video\" data-hb-video>", "</figure>")
    button = _between(figure, "<button", "</button>")
    assert 'src="poster.svg"' in button
    outside_template = re.sub(r"<template.*?</template>", "", page, flags=re.S)
    assert not re.search(r"<iframe|(src|href|poster)=\"https://[^\"]*youtube", outside_template)
    frame = _between(figure, "<template data-hb-video-frame>", "</template>")
    assert 'src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1&amp;rel=0"' in frame
    assert 'referrerpolicy="strict-origin-when-cross-origin"' in frame
    assert 'title="Video: Tube &lt;Demo&gt; &amp; Co"' in frame
    poster = _text(video_site / "activities" / "yt-demo" / "poster.svg")
    assert poster.startswith("<svg") and "Tube &lt;Demo&gt; &amp;" in poster


def test_a_youtube_video_loads_only_after_a_tap(browser: Any, video_site: Path) -> None:
    for url in static_server(video_site.parent):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        asked: list[str] = []
        # ``asked`` is bound keyword-only: Playwright passes (route, request) to a handler with two positionals.
        context.route("**/*", lambda route, *, asked=asked: (asked.append(route.request.url), route.abort())
                      if urlsplit(route.request.url).hostname != "127.0.0.1" else route.continue_())
        page = context.new_page()
        page.goto(f"{url}/{video_site.name}/activities/yt-demo/", wait_until="networkidle")
        assert asked == [] and page.locator("iframe").count() == 0
        page.get_by_role("button", name="Play the video").click()
        frame = page.locator("figure.hb-video iframe")
        assert frame.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"
        assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?")
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"
        page.wait_for_timeout(300)
        assert asked and all(urlsplit(u).hostname == "www.youtube-nocookie.com" for u in asked)
        context.close()


def test_vimeo_is_asked_not_to_track(video_site: Path) -> None:
    page = _text(video_site / "activities" / "vimeo-demo" / "index.html")
    assert 'src="https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1"' in page
    assert (video_site / "activities" / "vimeo-demo" / "poster.svg").is_file()


def test_family_data_island_is_escaped_and_never_names_the_family(video_site: Path) -> None:
    for page in ("index.html", "log/index.html", "activities/yt-demo/index.html"):
        text = _text(video_site / page)
        assert "</script><script>alert" not in text
        island = ISLAND.search(text)
        assert island, f"{page} has no family data island"
        raw = island.group(1)
        assert "<" not in raw and "\\u003c/script\\u003e" in raw
        data = json.loads(raw)
        assert data["child"] == "Leo</script><script>alert('x')</script>"
        assert "chen" not in raw.lower()
        assert {a["id"] for a in data["activities"]} >= {"yt-demo", "vimeo-demo"}


@pytest.mark.parametrize("front_matter, message", [
    ("video: https://example.org/clip.mp4", "is not a YouTube or Vimeo address"),
    ("video: https://www.youtube.com/watch?v=short", "has no YouTube video id"),
    ("video: media/putty-pinch-and-find.mp4", "a video file needs captions"),
    ("video: media/putty-pinch-and-find.vtt", "is not a video file this site can play"),
    ("video: media/putty-pinch-and-find.mp4\ncaptions: media/putty-pinch-and-find.jpg",
     "is not a WebVTT captions file"),
])
def test_a_bad_video_is_refused_with_file_line_and_what_to_do(project: Path, front_matter: str, message: str) -> None:
    path = project / "docs" / "activities" / "putty-pinch-and-find.md"
    text = re.sub(r"^(video|captions|poster):.*\n", "", _text(path), flags=re.M)
    text = text.replace("minutes: 3\n", f"minutes: 3\n{front_matter}\n")
    path.write_text(text)
    result = handbook(project, "check")
    assert result.exit_code == 1
    line = text.splitlines().index(front_matter.splitlines()[-1]) + 1
    assert re.search(rf"docs/activities/putty-pinch-and-find\.md:{line}: .*{re.escape(message)}.* — \w+", result.output)


# -- tips for parents and search -----------------------------------------------------------------


def test_every_guidance_page_is_a_topic_page_listed_on_the_tips_page(built: Path) -> None:
    library, plans = _plans(built)
    folder = family_dir(built, "rivera")
    topics = guidance_topics(plans["rivera"], library)
    assert sorted(p.relative_to(folder).as_posix() for p in (folder / "guidance").rglob("*.html")) == \
        sorted(["guidance/index.html", *(f"guidance/{guide.id}/index.html" for guide in topics)])
    tips = _between(_text(folder / "guidance" / "index.html"), "<article", "</article>")
    listed = _between(tips, "<ul>", "</ul>")  # the page's list of topics, first thing under the title
    for guide in topics:
        assert f'<a href="{guide.id}/">{guide.title}</a>: {guide.summary}' in html.unescape(listed)
        article = _between(_text(folder / "guidance" / guide.id / "index.html"), "<article", "</article>")
        assert f">{html.escape(guide.title)}</h1>" in article
        for heading in body_sections(guide.text(family_facts(plans["rivera"]))):
            assert f">{html.escape(heading)}</h2>" in article  # its sections, under the topic's title
        assert len(set(re.findall(r' id="([^"]+)"', article))) == len(re.findall(r' id="', article))  # ids unique
    assert 'href="../guidance/"' in _text(folder / "log" / "index.html")  # "For parents" in every page's menu


def test_search_finds_activities_and_tips_not_the_pages_that_repeat_them(built: Path) -> None:
    library, plans = _plans(built)
    folder = family_dir(built, "rivera")
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {entry["location"].split("#")[0] for entry in index["docs"]}
    assert pages == {f"guidance/{guide.id}/" for guide in guidance_topics(plans["rivera"], library)} | \
        {f"activities/{a.id}/" for a in plans["rivera"].activities}  # not the list of topics: it repeats them


# -- the star chart page and the handout ------------------------------------------------------


def test_star_chart_page_carries_its_templates_and_script(built: Path) -> None:
    page = _text(family_dir(built, "rivera") / "log" / "index.html")
    for part in ("data-hb-task-template", "data-hb-week-template", "data-hb-export-json", "data-hb-export-csv",
                 "data-hb-import", "data-hb-share-email", "data-hb-share-sms", "data-hb-print"):
        assert part in page
    assert re.search(r'<script src="\.\./assets/reward_log\.js" type="module"></script>', page)
    assert "Trip to the playground with Dad" in page
    chen = _text(family_dir(built, "chen") / "log" / "index.html")
    claim_button = re.compile(r"data-hb-claim[\s>]")
    assert claim_button.search(page) and not claim_button.search(chen)  # no goal: no goal bar, nothing to claim
    assert "data-hb-goal-progress" not in chen


@pytest.mark.parametrize("family", ["okafor", "rivera"])
def test_handout_holds_the_whole_plan_and_a_paper_chart(built: Path, family: str) -> None:
    library, plans = _plans(built)
    plan = plans[family]
    page = _text(family_dir(built, family) / "handout" / "index.html")
    chart = _between(page, '<table class="hb-chart-table">', "</table>")
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", _between(chart, "<tbody>", "</tbody>"), re.S)
    assert len(rows) == len(plan.activities)
    for assignment, row in zip(plan.activities, rows, strict=True):
        assert html.escape(library.activities[assignment.id].title) in row
        cells = re.findall(r'<td class="(hb-chart-tick|hb-chart-off)">', row)
        assert cells == ["hb-chart-tick" if d in assignment.days else "hb-chart-off" for d in DAYS]
    reward = _between(page, 'class="hb-chart-reward"', "</div>")
    rewards = plan.rewards
    if rewards.style == "small-and-often":
        expected = rewards.small
    else:
        assert rewards.goal is not None
        expected = rewards.goal.reward
    assert expected is not None and expected in reward
    steps = page[page.index('class="hb-handout-steps"'):]
    for assignment in plan.activities:
        activity = library.activities[assignment.id]
        section = _between(steps, html.escape(activity.title), "</section>")
        assert f"<strong>{assignment.minutes} minute" in section
        first = re.search(r"^1\. (.+)$", body_sections(activity.body)["Steps"], re.M)
        assert first, f"{activity.id} has no first step"
        first_step = first.group(1)
        assert first_step in html.unescape(section)


# printable area in CSS px (96 per inch) inside the handout's print margins: 10 mm top and bottom, 11 mm sides
PAPER = {"A4": (210, 297), "Letter": (215.9, 279.4)}


@pytest.mark.parametrize("paper", PAPER)
def test_handout_prints_the_chart_alone_on_page_one_on_a4_and_letter(browser: Any, built: Path, paper: str) -> None:
    width_mm, height_mm = PAPER[paper]
    px = 96 / 25.4
    printable = {"width": int((width_mm - 22) * px), "height": int((height_mm - 20) * px)}
    for url in static_server(built / "site"):
        context = browser.new_context(viewport=printable)
        page = context.new_page()
        page.goto(f"{url}/{family_dir(built, 'okafor').name}/handout/")
        page.emulate_media(media="print")
        chart = page.locator(".hb-chart").bounding_box()
        table = page.locator(".hb-chart-table").bounding_box()
        assert page.locator(".md-header").is_hidden() and page.locator(".hb-print-intro").is_hidden()
        assert chart["y"] + chart["height"] <= printable["height"], "the chart runs onto a second sheet"
        assert table["x"] + table["width"] <= printable["width"]
        assert page.locator(".hb-chart").evaluate("el => getComputedStyle(el).breakAfter") == "page"
        pdf = page.pdf(format=paper, print_background=True)
        context.close()
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2  # the fridge chart alone, then the steps


@pytest.mark.parametrize("family", ["rivera", "chen", "okafor"])
def test_each_activity_has_a_practice_view_that_shows_the_steps_without_javascript(built: Path, family: str) -> None:
    library, plans = _plans(built)
    plan = plans[family]
    page = _text(family_dir(built, family) / "practice" / "index.html")
    content = _between(page, '<article class="md-content__inner', "</article>")
    blocks = re.split(r'(?=<div class="hb-practice" id=")', content)[1:]  # one per activity, in the plan's order
    shown = [re.findall(r'<div class="hb-practice" id="([\w-]+)"', b)[0] for b in blocks]
    assert shown == [a.id for a in plan.activities]
    for assignment, block in zip(plan.activities, blocks, strict=True):
        activity = library.activities[assignment.id]
        assert f'<h1 tabindex="-1">{html.escape(activity.title)}</h1>' in block
        assert block.count('<svg class="hb-picture"') == 1
        first_step = re.search(r"^1\. ((?:[^\s'\"*]+ ){3})", body_sections(activity.body)["Steps"], re.M)
        assert first_step and first_step.group(1) in html.unescape(re.sub(r"<[^>]+>", "", block))
        assert "Make it harder" not in block  # just the steps: the rest is a link away
        assert f'href="../activities/{assignment.id}/"' in block
        if assignment.note:
            assert f"{html.escape(plan.therapist.name)}’s note for {html.escape(plan.child)}" in block
        assert ("Choking risk" in block) == activity.small_parts
        assert ("Check with your therapist first" in block) == bool(activity.check_first)
        # the countdown needs the script, so the page hides it until it runs
        assert re.search(rf'<section class="hb-timer" data-hb-timer data-hb-seconds="{assignment.minutes * 60}"'
                         r'[^>]* hidden>', block)
    assert re.search(r'<section class="hb-practice-bar"[^>]* hidden>', content)  # "We did it", also by script
    assert 'name="robots"' in page and "assets/practice.css" in page


def test_the_childs_view_has_every_activitys_picture_and_is_one_tap_from_home(built: Path) -> None:
    library, plans = _plans(built)
    for family, plan in plans.items():
        page = _text(family_dir(built, family) / "child" / "index.html")
        cards = re.findall(r'data-hb-child-card="([\w-]+)">(.*?)</li>', page, re.S)
        assert [c[0] for c in cards] == [a.id for a in plan.activities]
        for activity_id, card in cards:
            assert '<svg class="hb-picture"' in card and html.escape(library.activities[activity_id].title) in card
        home = _text(family_dir(built, family) / "index.html")
        quick = _between(home, '<nav class="hb-quick"', "</nav>")
        assert re.findall(r'href="([^"]+)"', quick) == ["log/", "child/", "guidance/", "handout/", "#reach"]
        assert f"For {html.escape(plan.child)}" in quick
        nav = re.findall(r'<a href="([^"#]+)" class="md-nav__link', home)
        assert "child/" in nav  # and in the menu, which is never empty on the home page
