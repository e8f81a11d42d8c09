"""The template environment of one language: our Jinja templates with the catalog, Babel dates and fragments."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from ..core.plan import DAYS
from .fragments import install_fragment_helpers
from .messages import Messages
from .pictures import icon_html, picture_html
from .plan_text import markdown_text, plan_html
from .sections import markdown_sections, steps
from .vocabulary import CHECK_IN_WAYS

TEMPLATES = Path(__file__).parent / "templates"
_compiled: list[jinja2.BytecodeCache] = []  # set by keep_compiled_templates, for every environment


def front_matter_text(value: str) -> markupsafe.Markup:
    """A YAML string for front matter; titles reach Material's templates unescaped, so escape here."""
    escaped = html.escape(value, quote=False).replace('"', "&quot;")
    return markupsafe.Markup(json.dumps(escaped, ensure_ascii=False))


def days_label(days: tuple[str, ...], messages: Messages) -> str:
    if days == DAYS:
        return messages.gettext("Every day")
    if days == DAYS[:5]:
        return messages.gettext("Monday to Friday")
    return ", ".join(messages.weekday(DAYS.index(d)) for d in days)


def deeper_headings(markdown: str) -> str:
    """Every ATX heading one level down: a guidance page's sections sit under its title on the parents' page."""
    return re.sub(r"^(#{1,5})(?=[ \t])", r"#\1", markdown, flags=re.M)


def environment(messages: Messages) -> jinja2.Environment:
    """The environment of ``messages``' catalog, made once per catalog (kept with it: a catalog edited
    under `handbook serve` is a new one, with an environment of its own)."""
    env = messages.memo.get("environment")
    if not isinstance(env, jinja2.Environment):
        env = messages.memo["environment"] = _make_environment(messages)
    if _compiled and env.bytecode_cache is not _compiled[0]:
        env.bytecode_cache = _compiled[0]
    return env


def _make_environment(messages: Messages) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # plan and library text lands in HTML: a child named "<b>" must show as text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # a message is its words, whatever the template's line breaks
    env.install_gettext_translations(messages.translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(_fast_gettext(messages))
    env.filters["fm"] = front_matter_text
    env.filters["days_label"] = lambda days: days_label(days, messages)
    env.filters["date"] = messages.date
    env.filters["time"] = messages.time  # a plan's "HH:MM" in the locale's style
    env.filters["deeper_headings"] = deeper_headings
    env.filters["markdown_sections"] = markdown_sections
    env.filters["steps"] = steps
    env.filters["plan_text"] = plan_html  # plan text, as the safe HTML it may be (render/plan_text.py)
    env.filters["picture"] = picture_html
    env.filters["icon"] = icon_html
    env.filters["markdown_text"] = markdown_text  # plain text (a name) inside a page's Markdown
    env.globals.update(DAYS=DAYS, weekday_short=messages.weekday_short, language=messages.language,
                       language_name=messages.language_name, markup=markupsafe.Markup,
                       CHECK_IN_WAYS=CHECK_IN_WAYS)
    env.globals["weekday_shortest"] = messages.weekday_shortest
    install_fragment_helpers(env)
    return env


def _fast_gettext(messages: Messages) -> dict[str, Any]:
    """Jinja's newstyle gettext functions without their per-call context lookup, which cost a page
    render more than the rest of its template: every environment here autoescapes, so a message is
    always Markup, and ``%`` fills it with its escaped variables, as Jinja's own functions do."""
    Markup = markupsafe.Markup

    def gettext(message: str, **variables: Any) -> markupsafe.Markup:
        return Markup(messages.gettext(message)) % variables

    def ngettext(singular: str, plural: str, num: int, **variables: Any) -> markupsafe.Markup:
        variables.setdefault("num", num)
        return Markup(messages.ngettext(singular, plural, num)) % variables

    def pgettext(context: str, message: str, **variables: Any) -> markupsafe.Markup:
        return Markup(messages.pgettext(context, message)) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext}


def render(template: str, messages: Messages, **context: Any) -> str:
    return environment(messages).get_template(template).render(**context)


def keep_compiled_templates(cache: jinja2.BytecodeCache) -> None:
    """Let ``handbook build`` keep the compiled templates between runs (it saves a cold start)."""
    _compiled[:] = [cache]
