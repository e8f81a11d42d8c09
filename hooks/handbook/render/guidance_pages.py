"""The parents' guidance: one page per topic, and the list of topics at ``guidance/``.

A family gets the topics and parts (``<!-- only: … -->``, core/guidance_parts.py) that fit its plan,
with ``{therapist}`` replaced by the therapist's name. The library preview shows every topic and part.
"""

from __future__ import annotations

import re

from ..core.guidance_parts import INDEX
from ..core.library import Guidance, Library
from ..core.plan import Plan
from ..core.video import parse_video
from .fragments import Fragments
from .messages import Messages
from .plan_text import markdown_text
from .templates import render

_THERAPIST = re.compile(r"\{therapist\}", re.I)
# What may stand between a sentence's start and its first word: a list marker, a heading, emphasis, quotes.
_LINE_LEAD = re.compile(r"[ \t]*(?:[-*+>][ \t]+|\d+[.)][ \t]+|#+[ \t]+)?[*_\"“‘(]*\Z")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*[ \t]+[*_\"“‘(]*\Z")


def family_facts(plan: Plan) -> frozenset[str]:
    """The conditions of core/guidance_parts.py that hold for this family."""
    videos = {parse_video(a.activity.video).kind for a in plan.activities if a.activity.video}
    return frozenset({plan.format, plan.rewards.style, *(["video"] if videos else []), *(videos - {"file"})})


def topic_path(guide: Guidance) -> str:
    return f"guidance/{guide.id}.md"


def guidance_topics(plan: Plan | None, library: Library) -> list[Guidance]:
    """The guidance pages a family gets (``plan`` None: the library preview, every page), in file-name order."""
    facts = family_facts(plan) if plan else None
    return [g for g in library.guidance.values() if g.applies(facts)]


def guidance_pages(plan: Plan | None, library: Library, messages: Messages, fragments: Fragments | None = None
                   ) -> dict[str, str]:
    """The list of topics (``guidance.md``, served at ``guidance/``) and each topic's page."""
    topics = guidance_topics(plan, library)
    facts = family_facts(plan) if plan else None
    name = plan.therapist.name if plan else None
    pages = {INDEX: render("guidance.md.j2", messages, plan=plan, topics=topics, fragments=fragments)}
    for guide, following in zip(topics, [*topics[1:], None], strict=True):
        pages[topic_path(guide)] = render("guidance_topic.md.j2", messages, topic=guide, next_topic=following,
                                          fragments=fragments, body=with_therapist(guide.text(facts), name, messages))
    return pages


def guidance_nav(messages: Messages) -> dict[str, str]:
    """The menu's "For parents": the list of topics. The topics are plain pages (plain.html) that lead back
    to the list and on to the next topic, so the menu, which every page of the site carries, stays short."""
    return {messages.gettext("For parents"): INDEX}


def with_therapist(text: str, name: str | None, messages: Messages) -> str:
    """``text`` with every ``{therapist}`` the therapist's name (plan text, so escaped for Markdown), or in
    the library preview (``name`` None) the catalog's words for "your therapist"."""
    if name is not None:
        written = str(markdown_text(name))
        return _THERAPIST.sub(lambda _m: written, text)
    # Translators: stands for the therapist's name in the tips for parents, in the library preview
    within = str(markdown_text(messages.pgettext("guidance", "your therapist")))
    # Translators: the same words at the start of a sentence
    first = str(markdown_text(messages.pgettext("guidance", "Your therapist")))
    return _THERAPIST.sub(lambda m: first if _starts_sentence(text, m.start()) else within, text)


def _starts_sentence(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at]
    if _SENTENCE_END.search(before):
        return True
    if not _LINE_LEAD.match(before):
        return False
    if before.strip():  # a list item or a heading starts a sentence
        return True
    previous = text[:line_start].rstrip(" \t").removesuffix("\n")
    last = previous[previous.rfind("\n") + 1:].rstrip()
    return not last or last[-1] in ".!?:\"”’)" or last.startswith("#")
