"""Text a therapist writes in a plan (notes, focus, routines, rewards), made safe to show.

Plan text is text: it reaches the page as HTML made here, in an HTML fragment that MkDocs' Markdown
never sees. Of Markdown it keeps only **bold**, *italic*, line breaks and links to ``https:``,
``tel:`` and ``mailto:`` addresses. A picture shows as its description; any other link shows as its
words; raw HTML, code, headings and lists stay the characters they were typed as. nh3 then cleans the
result, so nothing else could reach the page even if the Markdown step let it through.
"""

from __future__ import annotations

import functools
import html
import re
import threading
import xml.etree.ElementTree as etree

import markdown
import markupsafe
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

LINK_SCHEMES = frozenset({"https", "tel", "mailto"})
TAGS = frozenset({"strong", "em", "br", "a"})
LINK_REL = "noopener noreferrer"

# Markdown's processors that plan text does without: raw HTML, entities and code stay characters;
# headings, lists, quotes, rules, code blocks and link references stay the lines they were.
_PREPROCESSORS = ("html_block",)
_BLOCK_PROCESSORS = ("indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote", "reference")
_INLINE_PATTERNS = ("backtick", "reference", "image_reference", "short_reference", "short_image_ref", "html",
                    "entity")

_CLEANER = nh3.Cleaner(tags=set(TAGS), attributes={"a": {"href"}}, url_schemes=set(LINK_SCHEMES),
                       url_relative="deny", link_rel=LINK_REL, strip_comments=True)
_TEXT_ONLY = nh3.Cleaner(tags=set(), attributes={}, link_rel=None)
_LINE_BREAK = re.compile(r"<br>\n?")
_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.S)  # as _CLEANER writes links


def is_allowed_link(href: str) -> bool:
    """An ``https://``, ``tel:`` or ``mailto:`` address, as the browser will read it."""
    scheme, colon, rest = html.unescape(href).strip().partition(":")
    if not colon or scheme.lower() not in LINK_SCHEMES:
        return False
    return scheme.lower() != "https" or rest.startswith("//")


class _TextOnly(Treeprocessor):
    """Pictures become their description, and links to anywhere else their words."""

    def run(self, root: etree.Element) -> None:
        for tag, keep in (("img", lambda el: False), ("a", _is_allowed_link_element)):
            for parent in list(root.iter()):
                for el in list(parent):
                    if el.tag == tag and not keep(el):
                        _unwrap(parent, el, el.get("alt", "") if tag == "img" else el.text or "")


def _is_allowed_link_element(el: etree.Element) -> bool:
    # an <address@example.org> link's href is entities, with Markdown's stand-in for their "&"
    return is_allowed_link(el.get("href", "").replace(markdown.util.AMP_SUBSTITUTE, "&"))


def _unwrap(parent: etree.Element, el: etree.Element, text: str) -> None:
    """``el`` replaced in ``parent`` by ``text``, then its children, then its tail."""
    index = list(parent).index(el)
    children = list(el)
    parent.remove(el)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    pieces = [(text, index - 1), (el.tail or "", index + len(children) - 1)]
    for piece, before in pieces:
        if not piece:
            continue
        if before < 0:
            parent.text = (parent.text or "") + piece
        else:
            parent[before].tail = (parent[before].tail or "") + piece


class _PlanTextExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        for name in _PREPROCESSORS:
            md.preprocessors.deregister(name)
        for name in _BLOCK_PROCESSORS:
            md.parser.blockprocessors.deregister(name)
        for name in _INLINE_PATTERNS:
            md.inlinePatterns.deregister(name)
        md.treeprocessors.register(_TextOnly(md), "plan_text", 5)  # after the inline patterns (20)


_converters = threading.local()


def _markdown() -> markdown.Markdown:
    md: markdown.Markdown | None = getattr(_converters, "md", None)
    if md is None:
        md = _converters.md = markdown.Markdown(extensions=["nl2br", _PlanTextExtension()], output_format="html")
    return md


@functools.lru_cache(maxsize=4096)
def _plan_html(text: str) -> str:
    md = _markdown()
    # "&" is always a character: "&amp;" typed in a plan shows as "&amp;"
    converted = md.reset().convert(text.replace("&", "&amp;"))
    paragraphs = converted.removeprefix("<p>").removesuffix("</p>").split("</p>\n<p>")
    return str(_CLEANER.clean("<br>\n<br>".join(paragraphs)))


def plan_html(text: str | None) -> markupsafe.Markup:
    """Plan text as inline HTML for a page (an empty string for no text); see the module's docstring."""
    return markupsafe.Markup(_plan_html(text) if text else "")


@functools.lru_cache(maxsize=4096)
def plain_text(text: str) -> str:
    """Plan text as plain text: its words without their markup, a link's address in brackets after its
    words. For the page scripts, which set only text, and the calendar."""
    with_addresses = _LINK.sub(_link_as_text, _LINE_BREAK.sub("\n", _plan_html(text)))
    return html.unescape(str(_TEXT_ONLY.clean(with_addresses)))


def _link_as_text(match: re.Match[str]) -> str:
    address, words = match.group(1), match.group(2)
    shown = address.split(":", 1)[1] if address.startswith(("tel:", "mailto:")) else address
    return words if _TEXT_ONLY.clean(words) in (address, shown) else f"{words} ({shown})"


_MARKDOWN_PUNCTUATION = frozenset("\\`*_{}[]()#+-.!|")


def markdown_text(value: str) -> markupsafe.Markup:
    """Plain text (a name) inside the page's Markdown: HTML-escaped, and every character that Markdown
    or its extensions could read as markup backslash-escaped, so it shows exactly as written."""
    escaped = str(markupsafe.escape(value))
    return markupsafe.Markup("".join("\\" + c if c in _MARKDOWN_PUNCTUATION else c for c in escaped))
