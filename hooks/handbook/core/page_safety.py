"""Library Markdown may not run code or load things from other sites on a parent's phone.

``docs/activities/*.md`` and ``docs/guidance/*.md`` are written by the therapist, or pulled from a
shared git repository, and MkDocs passes their raw HTML into the pages as it is. So a page is read
the way MkDocs reads it (Python-Markdown with the site's extensions) and what would reach the page
is looked at: raw ``<script>`` and embedded frames, ``on…=`` attributes, ``javascript:`` and
``data:`` addresses, and pictures or other files that would load from another site. Ordinary links,
``https://`` links included, in-page anchors and pictures from ``docs/`` are fine.
"""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from .problems import Problem
from .yamlsource import Located

MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables")  # mkdocs.yml's, that shape links
# Tags a page may not have: they run code, show another site inside the page, or send its links or
# the parent elsewhere. Our own video players come from templates, never from library Markdown.
SCRIPT_TODO = "delete the <script> … </script> part"
FRAME_TODO = "delete it; for a video, write its address in the front matter, e.g. 'video: https://…'"
FORBIDDEN_TAGS = {
    "script": ("the page has a <script>: pages may not run code on parents' phones", SCRIPT_TODO),
    **{tag: (f"the page has {article} <{tag}>, which shows another site inside the page", FRAME_TODO)
       for tag, article in (("iframe", "an"), ("frame", "a"), ("frameset", "a"), ("object", "an"), ("embed", "an"),
                            ("applet", "an"))},
    "base": ("the page has a <base>, which sends every link of the page elsewhere", "delete the <base> tag"),
    "meta": ("the page has a <meta>, which can send the parent to another page", "delete the <meta> tag"),
}
URL_ATTRIBUTES = {"href", "src", "srcset", "poster", "action", "formaction", "background", "cite", "data",
                  "xlink:href", "lowsrc", "dynsrc", "longdesc", "manifest", "ping"}
# Attributes whose address the browser loads by itself, when the page opens.
LOADED = {"src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc"}
LOADED_BY_HREF = {"link", "image", "use", "feimage"}  # ... and href of these tags
CODE_SCHEMES = {"javascript", "vbscript", "data"}
PICTURE_TODO = "put the picture in docs/media/ and write ![what it shows](../media/name.jpg)"
# Only text with one of these can hold a link, a picture, raw HTML or an attribute list.
_MAY_HOLD_MARKUP = re.compile(r"<|\]\(|\]:|\{")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_SHOWN = 60  # characters of an address quoted in a problem
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]*)""", re.I)


@dataclass(frozen=True)
class _Found:
    """One tag as MkDocs would put it in the page. Each attribute is its name, its value as the browser
    reads it and its value as written. A tag of raw HTML knows which of Markdown's raw blocks holds
    it (``block``, an index; -1 for the tags Markdown makes) and its line in that block."""

    tag: str
    attributes: tuple[tuple[str, str, str], ...]
    block: int = -1
    line_in_block: int = 1


class _Collect(Treeprocessor):
    """After the inline patterns and attribute lists: every element of the page, with its attributes."""

    def run(self, root: etree.Element) -> None:
        self.found = list(_elements(root))


def _elements(root: etree.Element) -> Iterator[_Found]:
    for el in root.iter():
        if isinstance(el.tag, str):
            # Markdown writes an attribute's entities as they are, so the browser decodes them
            yield _Found(el.tag.lower(), tuple((k.lower(), html.unescape(v.replace(AMP_SUBSTITUTE, "&")), v)
                                               for k, v in el.attrib.items()))


class _CollectExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        md.treeprocessors.register(_Collect(md), "handbook_page_safety", 1)  # after attr_list (8)


class _RawTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs, self.getpos()[0]))

    handle_startendtag = handle_starttag


_converters = threading.local()


def _markdown() -> tuple[markdown.Markdown, _Collect]:
    found: tuple[markdown.Markdown, _Collect] | None = getattr(_converters, "md", None)
    if found is None:
        md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, _CollectExtension()])
        collect = md.treeprocessors["handbook_page_safety"]
        assert isinstance(collect, _Collect)
        found = _converters.md = (md, collect)
    return found


def _what_the_page_gets(text: str) -> tuple[list[_Found], list[object]]:
    """Every tag MkDocs would write for ``text`` (Markdown's elements, then its raw HTML), and the raw blocks."""
    md, collect = _markdown()
    md.reset()
    collect.found = []
    md.convert(text)
    found = list(collect.found)
    for index, block in enumerate(md.htmlStash.rawHtmlBlocks):
        if isinstance(block, etree.Element):  # md_in_html keeps its blocks as elements
            found.extend(_elements(block))
            continue
        parser = _RawTags()
        parser.feed(block)
        parser.close()
        found.extend(_Found(tag, tuple((k.lower(), v or "", v or "") for k, v in attrs), index, line)
                     for tag, attrs, line in parser.tags)
    return found, list(md.htmlStash.rawHtmlBlocks)


def page_problems(text: str, file: str, first_line: int) -> list[Problem]:
    """What in this Markdown (a page's body, starting on ``first_line`` of ``file``) is not safe for a page."""
    if not _MAY_HOLD_MARKUP.search(text):
        return []
    found_tags, raw_blocks = _what_the_page_gets(text)
    locate = _Locator(text, first_line, raw_blocks)
    problems: dict[tuple[int, str], Problem] = {}
    for found in found_tags:
        for what, todo, needle in _dangers(found):
            line = locate(found, needle)
            problems.setdefault((line, what), Problem(file, line, what, todo))
    return sorted(problems.values(), key=lambda p: p.line)


def _dangers(found: _Found) -> Iterator[tuple[str, str, str]]:
    """(what is wrong, what to do, the text to look for in the page) for one tag."""
    if found.tag in FORBIDDEN_TAGS:
        yield (*FORBIDDEN_TAGS[found.tag], f"<{found.tag}")
        return
    for name, value, written in found.attributes:
        if name.startswith("on"):
            yield (f"'{name}=' in <{found.tag}> runs code when a parent opens the page",
                   f"delete '{name}=…' from the tag", name)
        elif name in URL_ATTRIBUTES:
            yield from _address_dangers(found.tag, name, _addresses(name, value), written)
        elif name == "style" and "url(" in value.lower():
            yield from _address_dangers(found.tag, "background", _CSS_URL.findall(value), written)


def _address_dangers(tag: str, name: str, addresses: list[str], written: str) -> Iterator[tuple[str, str, str]]:
    for address in addresses:
        scheme, shown = _scheme(address), _shorten(address)
        picture = tag in ("img", "image", "input") or name in ("srcset", "background", "poster")
        link, links = ("link", "links") if tag == "a" else ("address", "addresses")
        if scheme in CODE_SCHEMES and picture:
            yield (f"the picture '{shown}' is written into the page as a {scheme}: address", PICTURE_TODO, written)
        elif scheme == "data":
            yield (f"the {link} '{shown}' hides a whole file inside the page (data: {links} are not allowed)",
                   "put the file in docs/media/ and link to it with a path like ../media/name.pdf", written)
        elif scheme in CODE_SCHEMES:
            yield (f"the {link} '{shown}' runs code on the parent's phone ({scheme}: {links} are not allowed)",
                   "link to a page of the library, e.g. [Five minutes a day](../guidance/five-minutes-a-day.md), "
                   "or to an https:// address", written)
        elif _is_absolute(address) and (name in LOADED or (name == "href" and tag in LOADED_BY_HREF)):
            if picture:
                yield (f"the picture '{shown}' comes from another site: it would load from there each time a "
                       "parent opens the page, and tell that site who is reading", PICTURE_TODO, written)
            else:
                yield (f"'{shown}' in <{tag}> comes from another site: it would load from there each time a parent "
                       "opens the page", "put the file in docs/media/ and point to it with a path like "
                       "../media/name.mp4", written)


def _addresses(name: str, value: str) -> list[str]:
    if name == "srcset":  # "a.jpg 1x, https://… 2x"
        return [part.split()[0] for part in value.split(",") if part.split()]
    return [value]


def _scheme(address: str) -> str:
    """The address's scheme as a browser reads it: tabs and line breaks inside and spaces around ignored."""
    match = _SCHEME.match(re.sub(r"[\t\n\r]", "", address).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                                                                   "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                                                                   "\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
    return match.group(1).lower() if match else ""


def _is_absolute(address: str) -> bool:
    """On another site: a scheme (https:, http:, …) or a scheme-relative ``//host/…`` (``\\`` counts as ``/``)."""
    stripped = re.sub(r"[\t\n\r]", "", address).strip()
    return bool(_scheme(address)) or stripped[:2] in ("//", "\\\\", "/\\", "\\/")


def _shorten(address: str) -> str:
    address = address.strip()
    return address if len(address) <= _SHOWN else address[:_SHOWN] + "…"


class _Locator:
    """The line of the page a problem is on: where its raw HTML stands, else where its words do."""

    def __init__(self, text: str, first_line: int, raw_blocks: list[object]) -> None:
        self.text = text
        self.lower = text.lower()
        self.first_line = first_line
        self.raw_blocks = raw_blocks
        self.block_lines: dict[int, int | None] = {}  # a raw block's first line, once looked for
        self.after: dict[str, int] = {}  # text found more than once: look after the last one

    def __call__(self, found: _Found, needle: str) -> int:
        if found.block >= 0:
            if found.block not in self.block_lines:
                self.block_lines[found.block] = self._block_line(found.block)
            first = self.block_lines[found.block]
            if first is not None:
                return first + found.line_in_block - 1
        start = self._find(needle.strip()[:_SHOWN])
        return self.first_line + (self.text.count("\n", 0, start) if start >= 0 else 0)

    def _block_line(self, index: int) -> int | None:
        block = str(self.raw_blocks[index])
        start = self._find(block.strip()) if block.strip() else -1
        if start < 0:  # Markdown changed it (tabs to spaces): look for its tags' words instead
            return None
        lines_before = block[:len(block) - len(block.lstrip())].count("\n")  # line 1 of the block is blank
        return self.first_line + self.text.count("\n", 0, start) - lines_before

    def _find(self, text: str) -> int:
        key = text.lower()
        start = self.lower.find(key, self.after.get(key, 0))
        if start < 0:
            start = self.lower.find(key)
        if start >= 0:
            self.after[key] = start + 1
        return start


def front_matter_problems(meta: Located, keys: tuple[str, ...]) -> list[Problem]:
    """The same for the front matter's text that pages show as Markdown: titles, summaries, lists of words."""
    problems = []
    for key in keys:
        value = meta.data.get(key)
        for i, item in enumerate(value) if isinstance(value, list) else [(None, value)]:
            if isinstance(item, str):
                line = meta.line(key) if i is None else meta.line(key, i)
                problems.extend(page_problems(item, meta.file, line))
    return problems
