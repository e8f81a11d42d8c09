"""An activity page's ``## Heading`` sections, found by position, never by their words.

The library check makes every activity have the same sections in the same order (steps, easier,
harder, what to watch for), so the first section is the steps in any language.
"""

from __future__ import annotations

from ..core.library import SECTION, Activity

STEPS = 0  # the position of the steps among an activity's sections


def markdown_sections(body: str) -> tuple[str, list[tuple[str, str]]]:
    """A library page's Markdown as the text before its first ``## Heading``, then (heading, text) pairs."""
    parts = SECTION.split(body)
    pairs = zip(parts[1::2], parts[2::2], strict=True)
    return parts[0].strip(), [(title.strip(), text.strip()) for title, text in pairs]


def body_sections(body: str) -> dict[str, str]:
    """The ``## Heading`` sections of a page's Markdown, by heading (for tests and tools; pages go by position)."""
    return dict(markdown_sections(body)[1])


def steps(activity: Activity) -> str:
    sections = markdown_sections(activity.body)[1]
    return sections[STEPS][1] if len(sections) > STEPS else ""
