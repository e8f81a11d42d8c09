"""Everything one site is made of, as plain data: pages, other files, navigation, the scripts' data.

The adapter turns a ``SiteContent`` into MkDocs' config and files; nothing here knows MkDocs.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from ..core.library import Activity, Library
from ..core.plan import Plan
from .app_icons import app_icons
from .calendar_file import calendar_ics, has_calendar
from .fragments import Fragments
from .messages import Messages
from .pages import family_data, family_nav, family_pages, library_nav, library_pages, poster_files
from .script_words import CHART_GROUPS, PAGE_GROUPS, PRACTICE_GROUPS, script_words
from .theme_words import theme_words
from .web_manifest import MANIFEST, web_manifest


@dataclass
class SiteContent:
    """One site: generated files by path, the docs/ files it ships as they are, and what its pages show."""

    site_name: str | None  # None: keep mkdocs.yml's
    nav: list[Any]
    files: dict[str, str | bytes]  # Markdown pages, the calendar, drawn posters
    media: set[str]  # docs/ paths of videos, captions and posters
    fragments: Fragments = field(default_factory=Fragments)  # spliced into the pages' HTML
    family: dict[str, Any] | None = None  # the page scripts' JSON island; None in the library preview
    script_words: dict[str, Any] = field(default_factory=dict)  # the scripts' words by page kind
    theme_words: dict[str, str] = field(default_factory=dict)  # Material's words our catalog translates
    app_name: str = ""  # the name under the icon on a phone's home screen
    extra_css: list[str] = field(default_factory=list)  # style sheets besides mkdocs.yml's


PREVIEW_ASSETS = "assets/library/"  # the library preview's own style and script: family sites never carry them


def family_content(plan: Plan, library: Library, messages: Messages, *, stamp: dt.datetime,
                   base_url: str = "") -> SiteContent:
    """A family's site. ``stamp`` (UTC) is when the plan last changed: the calendar's timestamp; ``base_url``,
    where the site is online ("" when not known), puts the family's link in the calendar's reminders."""
    fragments = Fragments()
    activities = [a.activity for a in plan.activities]
    files: dict[str, str | bytes] = {**family_pages(plan, library, messages, fragments, stamp=stamp),
                                     **poster_files(activities, messages)}
    if has_calendar(plan):
        files["calendar.ics"] = calendar_ics(plan, messages, stamp=stamp, base_url=base_url)
    name = messages.gettext("%(child)s’s practice") % {"child": plan.child}
    files[MANIFEST] = web_manifest(name, _app_name(messages), messages.language)  # to keep it on the home screen
    files.update(app_icons())
    return SiteContent(site_name=_site_name(name), nav=family_nav(plan, messages), files=files,
                       media=media_files(activities), fragments=fragments, family=family_data(plan),
                       script_words=_script_words(messages), theme_words=theme_words(messages),
                       app_name=_app_name(messages))


def library_content(library: Library, messages: Messages) -> SiteContent:
    """The therapist's preview of every activity and tip (no family selected)."""
    fragments = Fragments()
    activities = list(library.activities.values())
    return SiteContent(site_name=None, nav=library_nav(library, messages),
                       files={**library_pages(library, messages, fragments), **poster_files(activities, messages)},
                       media=media_files(activities), fragments=fragments, script_words=_script_words(messages),
                       theme_words=theme_words(messages), app_name=_app_name(messages),
                       extra_css=[PREVIEW_ASSETS + "library.css"])


def media_files(activities: Iterable[Activity]) -> set[str]:
    """Video, caption, poster and picture files of these activities: the only docs/ files a site ships as they are."""
    return {p for a in activities for p in (a.video, a.captions, a.poster, a.picture.file, *a.step_pictures)
            if p and "://" not in p}


def _script_words(messages: Messages) -> dict[str, Any]:
    """The words of the page scripts, for ordinary pages, the star chart and the practice views (which need more);
    the same for every family of a language, so worked out once per catalog."""
    if "script words" not in messages.memo:
        messages.memo["script words"] = {
            "page": script_words(PAGE_GROUPS, messages.gettext, messages.plural_forms),
            "chart": script_words(CHART_GROUPS, messages.gettext, messages.plural_forms),
            "practice": script_words(PRACTICE_GROUPS, messages.gettext, messages.plural_forms)}
    return cast("dict[str, Any]", messages.memo["script words"])


def _app_name(messages: Messages) -> str:
    # Translators: the name under the site's icon on a phone's home screen; keep it to about 12 letters
    return messages.pgettext("home screen", "Practice")


def _site_name(text: str) -> str:
    """Material writes the site name into pages unescaped, so it is escaped here."""
    return html.escape(text, quote=False).replace('"', "&quot;")
