"""Guidance that only some families get, the therapist's name in it, and links to guidance pages.

A part of a page for some families starts with a line ``<!-- only: print -->`` and ends with a line
``<!-- end -->``. Both are HTML comments, so the page stays plain Markdown that shows nothing of them
wherever it is read unprocessed. A whole page says ``only: print`` in its front matter.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .problems import Problem, did_you_mean

# What a plan and the library tell about a family (render/guidance_pages.py works them out).
CONDITIONS = ("video", "youtube", "vimeo", "print", "digital", "save-up", "small-and-often")
THERAPIST = "{therapist}"  # the therapist's name, from the plan
CONDITIONS_TODO = f"use one of {', '.join(CONDITIONS)}, or 'not' and one of them"
_START = re.compile(r"^[ \t]*<!--[ \t]*only[ \t]*:(?P<condition>[^\n]*?)-->[ \t\r]*$", re.I)
_START_LIKE = re.compile(r"^[ \t]*<!--[ \t]*only\b", re.I)  # meant as a start, however it is written
_END = re.compile(r"^[ \t]*<!--[ \t]*end[ \t]*-->[ \t\r]*$", re.I)
_PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z_-]*)\}")
# Where a Markdown link's address stands: [words](address), [name]: address, href="address".
_LINK = re.compile(r"\]\([ \t]*<?(?P<inline>[^)\s>]+)|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<reference>[^\s>]+)"
                   r"|\bhref[ \t]*=[ \t]*[\"'](?P<raw>[^\"']+)", re.M | re.I)
INDEX = "guidance.md"  # the list of topics, beside the folder of topic pages


@dataclass(frozen=True)
class Condition:
    """Which families a page or part is for: those with (or, ``negated``, without) one thing."""

    name: str
    negated: bool = False

    def holds(self, facts: frozenset[str]) -> bool:
        return (self.name in facts) != self.negated

    def __str__(self) -> str:
        return f"not {self.name}" if self.negated else self.name


@dataclass(frozen=True)
class Part:
    """A run of a guidance page's lines, and the conditions (all of them) under which a family gets it."""

    text: str
    line: int  # the line of the page's file that the part's first line is on
    conditions: tuple[Condition, ...] = ()

    def holds(self, facts: frozenset[str] | None) -> bool:
        """``facts`` None: the library preview, which shows every part."""
        return facts is None or all(c.holds(facts) for c in self.conditions)


def parse_condition(text: str) -> Condition:
    """``print`` or ``not print``; raises ValueError with what is wrong."""
    words = text.strip().lower().split()
    negated = words[:1] == ["not"]
    name = " ".join(words[1:] if negated else words)
    if name not in CONDITIONS:
        raise ValueError(f"unknown condition '{name}'{did_you_mean(name, CONDITIONS)}" if name else
                         "no condition is named")
    return Condition(name, negated)


def page_parts(body: str, file: str, first_line: int) -> tuple[tuple[Part, ...], list[Problem]]:
    """A guidance page's body cut at its ``<!-- only: … -->`` and ``<!-- end -->`` lines (which are left out)."""
    parts: list[Part] = []
    problems: list[Problem] = []
    open_parts: list[tuple[Condition, int, str]] = []  # innermost last
    lines: list[str] = []
    start = first_line

    def close_run(next_line: int) -> None:
        nonlocal start
        if lines:
            parts.append(Part("".join(lines), start, tuple(c for c, _, _ in open_parts)))
            lines.clear()
        start = next_line

    for number, line in enumerate(body.splitlines(keepends=True), first_line):
        written = line.strip()
        if found := _START.match(line):
            close_run(number + 1)
            try:
                open_parts.append((parse_condition(found.group("condition")), number, written))
            except ValueError as err:
                problems.append(Problem(file, number, str(err), f"{CONDITIONS_TODO}, e.g. <!-- only: not print -->"))
                open_parts.append((Condition(CONDITIONS[0]), number, written))  # so its end still matches
        elif _START_LIKE.match(line):
            problems.append(Problem(file, number, f"'{written}' is not a line that starts a part",
                                    "write it as <!-- only: CONDITION -->, e.g. <!-- only: print -->"))
            lines.append(line)
        elif _END.match(line):
            close_run(number + 1)
            if open_parts:
                open_parts.pop()
            else:
                problems.append(Problem(file, number, "'<!-- end -->' ends no part",
                                        "delete the line, or start the part with a line such as "
                                        "<!-- only: print -->"))
        else:
            lines.append(line)
    close_run(start)
    problems.extend(Problem(file, number, f"the part that starts with '{written}' has no end",
                            "add a line <!-- end --> after the part's last line")
                    for _, number, written in open_parts)
    return tuple(parts), problems


def placeholder_problems(text: str, file: str, first_line: int, *, allowed: bool = True) -> list[Problem]:
    """``{therapist}`` misspelt; or written where it cannot be replaced (``allowed`` False: a title or summary)."""
    problems = []
    for found in _PLACEHOLDER.finditer(text):
        line = first_line + text.count("\n", 0, found.start())
        word = found.group(1).lower()
        if word == THERAPIST[1:-1]:
            if not allowed:
                problems.append(Problem(file, line, f"{THERAPIST} works only in the page itself, not in its "
                                        "title or summary", "write the title and summary without it"))
        elif did_you_mean(word, [THERAPIST[1:-1]]):
            problems.append(Problem(file, line, f"unknown placeholder '{found.group()}' (did you mean "
                                    f"'{THERAPIST}'?)", f"write {THERAPIST} where the therapist's name goes"))
    return problems


def guidance_target(address: str, folder: str) -> tuple[str, str] | None:
    """``(page id, anchor)`` when ``address``, written in a page of ``folder`` (``activities``, ``guidance``),
    is a guidance page: its id, or "" for the list of topics."""
    path, _, anchor = address.partition("#")
    if not path or ":" in path or path.startswith(("/", "\\")):
        return None
    target = posixpath.normpath(posixpath.join(folder, path))
    if target == INDEX:
        return "", anchor
    folder_name, _, name = target.partition("/")
    if folder_name == "guidance" and name.endswith(".md") and "/" not in name:
        return name.removesuffix(".md"), anchor
    return None


def guidance_link_problems(part: Part, file: str, folder: str, pages: Mapping[str, Condition | None]
                           ) -> list[Problem]:
    """Links from ``part`` (of a page in ``folder``) to guidance pages that no family, or not every family
    that gets the link, has. ``pages``: each guidance page's id and the condition of its front matter."""
    problems = []
    for found in _LINK.finditer(part.text):
        address = found.group("inline") or found.group("reference") or found.group("raw")
        target = guidance_target(address, folder)
        if target is None:
            continue
        page, anchor = target
        line = part.line + part.text.count("\n", 0, found.start())
        if not page and anchor in pages:
            problems.append(Problem(file, line, f"the link '{address}' points into the list of topics, where "
                                    "the topics no longer are", "link to the topic's own page: "
                                    + posixpath.relpath(f"guidance/{anchor}.md", folder)))
        elif page and page not in pages:
            problems.append(Problem(file, line, f"the link '{address}' goes to no guidance page"
                                    f"{did_you_mean(page, pages)}", "link to a page of docs/guidance/, e.g. "
                                    + posixpath.relpath(f"guidance/{next(iter(pages), 'name')}.md", folder)))
        elif page and (only := pages[page]) is not None and only not in part.conditions:
            problems.append(Problem(file, line, f"the link '{address}' goes to a page that only some families "
                                    f"get (only: {only})", f"put the link inside a part for the same families "
                                    f"(<!-- only: {only} --> … <!-- end -->), or link to the list of topics: "
                                    + posixpath.relpath(INDEX, folder)))
    return problems
