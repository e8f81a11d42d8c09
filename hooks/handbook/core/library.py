"""The shared library: activities and parent guidance written as Markdown in ``docs/``."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .guidance_parts import (
    CONDITIONS_TODO,
    Condition,
    Part,
    guidance_link_problems,
    page_parts,
    parse_condition,
    placeholder_problems,
)
from .library_terms import TERM_ID, Area, LibraryTerms, load_terms
from .picture import Picture, parse_picture
from .problems import HandbookError, Problem, did_you_mean, display_path
from .safety import check_url
from .step_pictures import step_pictures
from .video import parse_video
from .yamlsource import Located, decode_text, parse_yaml

ACTIVITY_KEYS = {"title", "area", "skills", "ages", "minutes", "materials", "summary", "picture", "small_parts",
                 "check_first", "video", "captions", "poster"}
REQUIRED_ACTIVITY_KEYS = ("title", "area", "skills", "ages", "minutes", "materials", "summary", "picture")
SHOWN_KEYS = ("title", "summary", "materials", "check_first")  # front matter that pages show as Markdown
YOUNGEST, OLDEST = 2, 12  # the ages the library is written for
AGES = range(YOUNGEST, OLDEST + 1)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class Activity:
    """One home activity from ``docs/activities/<id>.md``."""

    id: str
    title: str
    area: str
    skills: tuple[str, ...]
    ages: tuple[int, int]
    minutes: int
    materials: tuple[str, ...]
    summary: str
    body: str
    source: str
    picture: Picture
    small_parts: bool = False  # the page states the choking rule
    check_first: str | None = None  # "Check with your therapist first if …"
    video: str | None = None
    captions: str | None = None
    poster: str | None = None
    step_pictures: tuple[str, ...] = ()  # docs/ paths of the pictures inside its steps

    def fits_age(self, age: int) -> bool:
        return self.ages[0] <= age <= self.ages[1]


@dataclass(frozen=True)
class Guidance:
    """One guidance page for parents, from ``docs/guidance/<id>.md``."""

    id: str
    title: str
    summary: str
    source: str
    body: str = ""  # Markdown, with "## Heading" sections like an activity's
    only: Condition | None = None  # the families that get the page (front matter 'only:'); None: all
    parts: tuple[Part, ...] = ()  # the body cut at its <!-- only: … --> and <!-- end --> lines

    def applies(self, facts: frozenset[str] | None) -> bool:
        """Whether a family with ``facts`` gets the page; ``None``: the library preview, which shows all."""
        return facts is None or self.only is None or self.only.holds(facts)

    def text(self, facts: frozenset[str] | None) -> str:
        """The page's Markdown as a family with ``facts`` reads it (``None``: every part)."""
        if not self.parts:  # made without load_library: the body has no parts
            return self.body
        return "".join(part.text for part in self.parts if part.holds(facts))


@dataclass(frozen=True)
class Library:
    """Everything in ``docs/`` that plans can draw on."""

    root: Path
    activities: dict[str, Activity]
    guidance: dict[str, Guidance]
    areas: dict[str, Area]  # from docs/library.yml, in the order pages list them
    skills: dict[str, str]  # skill tag -> the plain words pages show for it

    def skill_words(self, activity: Activity) -> list[str]:
        return [self.skills[tag] for tag in activity.skills]


def split_front_matter(text: str, file: str) -> tuple[Located, str]:
    """Front matter (with line numbers) and the Markdown body of a page."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise HandbookError([Problem(file, 1, "the page has no front matter",
                                     "start the file with a line '---', the page's keys, then another '---'")])
    located = parse_yaml(match.group(1) or "", file, first_line=2)
    if not isinstance(located.data, dict):
        raise HandbookError([Problem(file, 2, "the front matter is not a list of 'key: value' lines",
                                     "write one 'key: value' per line between the two '---' lines")])
    return located, text[match.end():]


def load_library(docs_dir: Path, project_root: Path | None = None) -> Library:
    """Read every activity and guidance page; all problems are reported together."""
    problems: list[Problem] = []
    activities: dict[str, Activity] = {}
    guidance: dict[str, Guidance] = {}
    terms = load_terms(docs_dir, project_root)  # raises first: the pages cannot be checked without it
    guidance_paths, wrong_names = _page_files(docs_dir / "guidance", project_root)
    problems.extend(wrong_names)
    for path in guidance_paths:
        try:
            guidance[path.stem] = _read_guidance(path, display_path(path, project_root))
        except HandbookError as err:
            problems.extend(err.problems)
    # a page with mistakes is still a page that links may name
    pages = {path.stem: guidance[path.stem].only if path.stem in guidance else None for path in guidance_paths}
    for g in guidance.values():
        problems.extend(p for part in g.parts for p in guidance_link_problems(part, g.source, "guidance", pages))
    activity_paths, wrong_names = _page_files(docs_dir / "activities", project_root)
    problems.extend(wrong_names)
    for path in activity_paths:
        try:
            activities[path.stem] = _read_activity(path, docs_dir, display_path(path, project_root), terms, pages)
        except HandbookError as err:
            problems.extend(err.problems)
    if problems:
        raise HandbookError(problems)
    return Library(root=docs_dir, activities=activities, guidance=guidance, areas=terms.areas, skills=terms.skills)


def _page_files(folder: Path, project_root: Path | None) -> tuple[list[Path], list[Problem]]:
    """The pages of ``folder`` whose names are ids, and a problem for each of the others.

    A page's file name is its id, in plans and in the addresses of family sites.
    """
    paths: list[Path] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")):
        if TERM_ID.fullmatch(path.stem):
            paths.append(path)
            continue
        name = f"{page_id(path.stem)}.md"
        if name == ".md":
            todo = "rename it with only lowercase letters, digits and hyphens, e.g. snip-the-fringe.md"
        elif (folder / name).exists() and not (folder / name).samefile(path):  # samefile: a disk that ignores case
            todo = f"{name} is already there: if this is a copy of it, delete one of them, or rename this one"
        else:
            todo = f"rename it {name}, with only lowercase letters, digits and hyphens: the name is the page's id"
        problems.append(Problem(display_path(path, project_root), 1, f"'{path.name}' cannot be a page's file name",
                                todo))
    return paths, problems


def page_id(name: str) -> str:
    """The id a therapist most likely meant by a file name: ``Snip The Fringe`` is ``snip-the-fringe``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain))


def _read_guidance(path: Path, file: str) -> Guidance:
    from .page_safety import front_matter_problems, page_problems  # Markdown, only when pages are read

    text = decode_text(path.read_bytes(), file)
    meta, body = split_front_matter(text, file)
    data = meta.data
    problems = [meta.problem((key,), f"'{key}' is missing", f"add a line '{key}: ...' to the front matter")
                for key in ("title", "summary") if not isinstance(data.get(key), str) or not data[key].strip()]
    problems.extend(front_matter_problems(meta, SHOWN_KEYS))
    for key in ("title", "summary"):
        if isinstance(data.get(key), str):
            problems.extend(placeholder_problems(data[key], file, meta.line(key), allowed=False))
    only: Condition | None = None
    if "only" in data:
        try:
            only = parse_condition(str(data["only"]))
        except ValueError as err:
            problems.append(meta.problem(("only",), str(err), f"{CONDITIONS_TODO}, e.g. 'only: print'"))
    first_line = _body_line(text, body)
    parts, part_problems = page_parts(body, file, first_line)
    problems.extend(part_problems)
    problems.extend(placeholder_problems(body, file, first_line))
    problems.extend(page_problems(body, file, first_line=first_line))
    if problems:
        raise HandbookError(problems)
    return Guidance(id=path.stem, title=data["title"], summary=data["summary"], source=file, body=body, only=only,
                    parts=parts)


def _read_activity(path: Path, docs_dir: Path, file: str, terms: LibraryTerms,
                   guidance: Mapping[str, Condition | None]) -> Activity:
    from .page_safety import front_matter_problems, page_problems  # Markdown, only when pages are read

    text = decode_text(path.read_bytes(), file)
    meta, body = split_front_matter(text, file)
    data: dict[str, Any] = meta.data
    problems: list[Problem] = []

    def bad(key: str, what: str, todo: str) -> None:
        problems.append(meta.problem((key,), what, todo))

    for key in data:
        if key not in ACTIVITY_KEYS:
            bad(key, f"unknown key '{key}'", f"use only {', '.join(sorted(ACTIVITY_KEYS))}")
    for key in REQUIRED_ACTIVITY_KEYS:
        if key not in data:
            problems.append(Problem(file, 2, f"'{key}' is missing", f"add '{key}:' to the front matter"))
    for key in ("title", "summary"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            bad(key, f"'{key}' must be text", f"write the {key} in words")
    if "area" in data and not (isinstance(data["area"], str) and data["area"] in terms.areas):
        bad("area", *area_problem(data["area"], terms.areas))
    minutes: Any = data.get("minutes")
    if "minutes" in data and (type(minutes) is not int or not 1 <= minutes <= 30):
        bad("minutes", f"minutes must be a whole number from 1 to 30, not '{minutes}'", "write e.g. 'minutes: 3'")
    ages: Any = data.get("ages")
    if "ages" in data and (wrong_ages := ages_problem(ages)):
        bad("ages", *wrong_ages)
    for key in ("skills", "materials"):
        value = data.get(key)
        if key in data and not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            bad(key, f"'{key}' must be a list of words", f"write e.g. '{key}: [first, second]'")
    for i, tag in enumerate(data.get("skills") or []):
        if isinstance(tag, str) and tag not in terms.skills:
            problems.append(meta.problem(("skills", i), f"unknown skill '{tag}'{did_you_mean(tag, terms.skills)}",
                                         "use a skill listed in docs/library.yml, or add it there with the plain "
                                         "words parents will read"))
    picture: Picture | None = None
    if "picture" in data:
        try:
            picture = parse_picture(data["picture"], docs_dir)
        except ValueError as err:
            bad("picture", str(err), "name an icon such as 'material/hand-wash' (see GUIDE.md), or a picture file "
                "in docs/media/")
    if "small_parts" in data and type(data["small_parts"]) is not bool:
        bad("small_parts", "'small_parts' must be true or false",
            "write 'small_parts: true' when anything used fits through a toilet-paper tube")
    if "check_first" in data and (not isinstance(data["check_first"], str) or not data["check_first"].strip()):
        bad("check_first", "'check_first' must be text",
            "finish the sentence 'Check with your therapist first if …', e.g. 'check_first: your child has loose "
            "joints'")
    media: dict[str, str] = {}
    for key in ("video", "captions", "poster"):
        if key in data:
            try:
                data[key] = media[key] = check_url(data[key], docs_dir, allow_remote=key == "video")
            except ValueError as err:
                bad(key, str(err), "use an https:// address or a file inside docs/")
    problems.extend(media_problems(media, meta))
    first_line = _body_line(text, body)
    problems.extend(section_problems(body, file, first_line=first_line))
    pictures, picture_problems = step_pictures(body, file, first_line, docs_dir)
    problems.extend(picture_problems)
    problems.extend(front_matter_problems(meta, SHOWN_KEYS))
    problems.extend(page_problems(body, file, first_line=first_line))
    problems.extend(guidance_link_problems(Part(body, first_line), file, "activities", guidance))
    if problems or picture is None:
        raise HandbookError(problems)
    check_first = data["check_first"].strip().rstrip(".") if data.get("check_first") else None
    return Activity(
        id=path.stem, title=data["title"], area=data["area"], skills=tuple(data["skills"]),
        ages=(ages[0], ages[1]), minutes=minutes, materials=tuple(data["materials"]),
        summary=data["summary"], body=body, source=file, picture=picture,
        small_parts=data.get("small_parts", False), check_first=check_first,
        video=data.get("video"), captions=data.get("captions"), poster=data.get("poster"), step_pictures=pictures,
    )


MONTHS_UP_TO = (OLDEST + 1) * 12  # two numbers above every age and below this are the ages in months
_AGES_WRONG = (f"ages must be the youngest and oldest age in years, from {YOUNGEST} to {OLDEST}",
               "write e.g. 'ages: [3, 8]'")


def ages_problem(ages: Any) -> tuple[str, str] | None:
    """What is wrong with an activity's ``ages:`` and how to write it, or ``None`` when it is right."""
    if not (isinstance(ages, list) and len(ages) == 2 and all(type(a) is int for a in ages)):
        return _AGES_WRONG
    low, high = sorted(ages)
    if YOUNGEST <= low and high <= OLDEST:
        if ages[0] <= ages[1]:
            return None
        return f"the youngest age comes first: [{ages[0]}, {ages[1]}] is the wrong way round", f"write [{low}, {high}]"
    if OLDEST < low and YOUNGEST * 12 <= high < MONTHS_UP_TO:
        # whole years as a child's age counts them: 66 months is 5, so [36, 66] is [3, 5]
        years = max(low // 12, YOUNGEST), min(high // 12, OLDEST)
        return (f"ages are in whole years: [{ages[0]}, {ages[1]}] looks like months",
                f"write [{years[0]}, {years[1]}]")
    return _AGES_WRONG


def area_problem(area: object, areas: Mapping[str, Area]) -> tuple[str, str]:
    """What is wrong with an ``area:`` that names no area, and what to write instead."""
    words = " ".join(str(area).split()).lower()
    as_id = re.sub(r"[\s_]+", "-", words)
    by_name = {found.name.lower(): key for key, found in areas.items()}
    if as_id in areas or words in by_name:
        return f"unknown area '{area}'", f"write the area's id, '{as_id if as_id in areas else by_name[words]}'"
    return (f"unknown area '{area}'{did_you_mean(as_id, areas)}",
            f"use one of {', '.join(areas)} (the areas of docs/library.yml)")


def _body_line(text: str, body: str) -> int:
    """The line of the page on which its Markdown body starts."""
    return text.count("\n") - body.count("\n") + 1


SECTION = re.compile(r"^## +(.+?) *#*$", re.M)  # a "## Heading" line of an activity page
# Every activity has these sections, in this order; pages find them by position (render/sections.py),
# so a translated library page names them in its own language (the catalog translates this list).
ACTIVITY_SECTIONS = ("Steps", "Make it easier", "Make it harder", "What to watch for")


def section_problems(body: str, file: str, first_line: int,
                     headings: tuple[str, ...] = ACTIVITY_SECTIONS) -> list[Problem]:
    """Every activity page has the same sections, in the same order, so parents always know where to look.

    ``headings`` are the section names in the page's language (English for ``docs/activities/<id>.md``).
    """
    found = {m.group(1).strip(): first_line + body[: m.start()].count("\n") for m in SECTION.finditer(body)}
    near = _near_misses([name for name in headings if name not in found], [h for h in found if h not in headings])
    problems = [Problem(file, found[near[name]], f"'## {near[name]}' should be written '## {name}'",
                        f"every activity has these headings, written just so: {', '.join(headings)}")
                if name in near else
                Problem(file, first_line, f"the section '## {name}' is missing",
                        f"add a '## {name}' heading; every activity has: {', '.join(headings)}")
                for name in headings if name not in found]
    found.update({name: found.pop(written) for name, written in near.items()})
    lines = [found[name] for name in headings if name in found]
    if lines != sorted(lines):
        problems.append(Problem(file, first_line, "the sections are not in the usual order",
                                f"order them: {', '.join(headings)}"))
    extra = [name for name in found if name not in headings]
    if extra and not problems:
        problems.append(Problem(file, found[extra[0]], f"'## {extra[0]}' is not one of an activity's sections",
                                f"use only: {', '.join(headings)} (or make it a '### ' heading inside one)"))
    return problems


NEAR_MISS = 0.85  # how alike a heading and a missing section's words must be, once case and punctuation are gone


def _near_misses(missing: list[str], extra: list[str]) -> dict[str, str]:
    """The heading of ``extra`` that each of the ``missing`` sections was most likely meant to be."""
    def plain(heading: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", heading.lower()).split())

    alike = sorted(((difflib.SequenceMatcher(None, plain(name), plain(written)).ratio(), name, written)
                    for name in missing for written in extra), reverse=True)
    near: dict[str, str] = {}
    for ratio, name, written in alike:
        if ratio >= NEAR_MISS and name not in near and written not in near.values():
            near[name] = written
    return near


CAPTION_FILES = (".vtt",)
POSTER_FILES = (".jpg", ".jpeg", ".png", ".webp", ".svg")


def media_problems(media: dict[str, str], meta: Located) -> list[Problem]:
    """What is wrong with an activity's video, captions and poster, once their paths are known to be safe."""
    problems = []
    video = media.get("video")
    if video:
        try:
            kind = parse_video(video).kind
        except ValueError as err:
            problems.append(meta.problem(("video",), str(err),
                                         "use a YouTube or Vimeo address, or an .mp4 or .webm file inside docs/"))
            kind = None
        if kind == "file" and "captions" not in meta.data:
            problems.append(meta.problem(("video",), "a video file needs captions so every parent can follow it",
                                         "add 'captions: media/<name>.vtt' (a WebVTT file inside docs/)"))
    captions = media.get("captions")
    if captions and not captions.lower().endswith(CAPTION_FILES):
        problems.append(meta.problem(("captions",), f"'{captions}' is not a WebVTT captions file",
                                     "save the captions as a .vtt file inside docs/"))
    poster = media.get("poster")
    if poster and not poster.lower().endswith(POSTER_FILES):
        problems.append(meta.problem(("poster",), f"'{poster}' is not a picture",
                                     "use a .jpg, .png, .webp or .svg file inside docs/"))
    return problems
