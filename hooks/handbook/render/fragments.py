"""Parts of a page that skip MkDocs' Markdown pass, and the template helpers that make them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import jinja2
import markupsafe

# A fragment's place: a paragraph of its own in the page's Markdown, which MkDocs turns into
# <p>HB-FRAGMENT-7</p>. Plain text, because Markdown reads raw HTML far more slowly.
PLACEHOLDER = "HB-FRAGMENT-{}"
# Library Markdown that MkDocs must see in place: links and images it rewrites (in-page anchors
# aside), and raw HTML, which may hold either.
_REWRITTEN_BY_MKDOCS = re.compile(r"\]\((?!#)|\]:|<")
# ... and, unless the text's headings may stay out of the page's table of contents: headings,
# attribute lists and footnotes, whose ids must be unique on the page.
_SHAPES_THE_PAGE = re.compile(r"\{|\[\^|^ {0,3}#|^ {0,3}(=+|-+) *$", re.M)


@dataclass
class Fragments:
    """Parts of a family's pages that skip MkDocs' Markdown pass and are put back into the HTML after it.

    Two kinds: HTML our templates write (the home page's lists, the fridge chart), which Markdown would
    only parse and pass through, and library Markdown that every family shares, which the site
    converts once per run instead of once per family. In the page each stands as a placeholder
    paragraph. Without a Fragments, pages carry everything inline (the same page, more work).
    """

    html: dict[str, str] = field(default_factory=dict)
    markdown: dict[str, str] = field(default_factory=dict)

    def add_html(self, html: str) -> markupsafe.Markup:
        key = self._next_key()
        self.html[key] = str(html).strip()
        return markupsafe.Markup(PLACEHOLDER.format(key))

    def add_markdown(self, text: str, *, own_headings: bool = False) -> markupsafe.Markup:
        """Library Markdown; ``own_headings`` when the page shows no table of contents for them."""
        if not text.strip() or _REWRITTEN_BY_MKDOCS.search(text) or (
                not own_headings and _SHAPES_THE_PAGE.search(text)):
            return markupsafe.Markup(text)
        key = self._next_key()
        self.markdown[key] = text
        return markupsafe.Markup(PLACEHOLDER.format(key))

    def _next_key(self) -> str:
        return str(len(self.html) + len(self.markdown))


def _own_block(text: str) -> markupsafe.Markup:
    """Text as a block of the page's Markdown, with a blank line before and after, wherever it is written."""
    return markupsafe.Markup(f"\n{text.strip()}\n\n")


@jinja2.pass_context
def _html_fragment(context: jinja2.runtime.Context, html: str) -> markupsafe.Markup:
    fragments: Fragments | None = context.get("fragments")
    return _own_block(fragments.add_html(html) if fragments is not None else html)


@jinja2.pass_context
def _markdown_fragment(context: jinja2.runtime.Context, text: str, *, own_headings: bool = False
                       ) -> markupsafe.Markup:
    """Library Markdown: page text written by the therapist, so it is marked safe either way."""
    fragments: Fragments | None = context.get("fragments")
    if fragments is None:
        return _own_block(text)
    return _own_block(fragments.add_markdown(text, own_headings=own_headings))


@jinja2.pass_context
def _open_tag(context: jinja2.runtime.Context, tag: str, css_class: str) -> markupsafe.Markup:
    """An element whose content stays Markdown: its start and end tags are fragments of their own.

    Inline, the start tag carries md_in_html's ``markdown`` attribute instead, the slower way to the same page.
    """
    fragments: Fragments | None = context.get("fragments")
    if fragments is None:
        return _own_block(f'<{tag} class="{css_class}" markdown>')
    return _own_block(fragments.add_html(f'<{tag} class="{css_class}">'))


@jinja2.pass_context
def _close_tag(context: jinja2.runtime.Context, tag: str) -> markupsafe.Markup:
    fragments: Fragments | None = context.get("fragments")
    return _own_block(f"</{tag}>" if fragments is None else fragments.add_html(f"</{tag}>"))


def install_fragment_helpers(env: jinja2.Environment) -> None:
    """Give a template environment the fragment helpers: ``open_tag``, ``close_tag`` and two filters."""
    env.globals.update(open_tag=_open_tag, close_tag=_close_tag)
    env.filters["html_fragment"] = _html_fragment
    env.filters["markdown_fragment"] = _markdown_fragment
