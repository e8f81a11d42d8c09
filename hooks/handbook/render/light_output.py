"""What keeps a family site light: theme files no page loads are never copied into it, our own style
sheet and scripts are minified, and pages carry no runs of indentation.

Material ships 1.3 MB of source maps (for its developers) and search stemmers for 30 languages;
a parent's phone needs neither. Keeping a site small keeps uploads quick and hosting free.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

LUNR = "assets/javascripts/lunr/"
MATERIAL_FAVICON = "assets/images/favicon.png"  # Material's default, used only when no favicon is set
PALETTE = "assets/stylesheets/palette."  # Material's color schemes, linked only when mkdocs.yml sets a palette


MATERIALS_OWN = ("assets/javascripts/", "assets/stylesheets/")  # Material's files, minified already


def is_unminified(src_uri: str) -> bool:
    """Our own style sheet and scripts: written to be read, so comments and layout go before they reach a phone."""
    return src_uri.endswith((".css", ".js")) and not src_uri.endswith((".min.css", ".min.js")) \
        and not src_uri.startswith(MATERIALS_OWN)


@functools.cache
def minified(path: str, size: int, mtime_ns: int) -> str:
    """The style sheet or script at ``path`` without comments and blank space (once per file version and process)."""
    text = Path(path).read_text(encoding="utf-8")
    if path.endswith(".css"):
        import rcssmin  # only for a build that copies them

        return str(rcssmin.cssmin(text))
    import rjsmin

    return str(rjsmin.jsmin(text))


def lunr_files_needed(languages: list[str]) -> set[str]:
    """The files under ``lunr/`` that Material's search worker loads for these languages.

    This mirrors the worker's own rule (``search.*.min.js``): English needs none of them.
    """
    needed = set()
    for language in languages:
        if language == "ja":
            needed.add("tinyseg.js")
        if language in ("hi", "th"):
            needed.add("wordcut.js")
        if language != "en":
            needed.add(f"min/lunr.{language}.min.js")
    if len(languages) > 1:
        needed.add("min/lunr.multi.min.js")
    if needed:
        needed.add("min/lunr.stemmer.support.min.js")
    return needed


def never_loaded(src_uri: str, *, search_languages: list[str], favicon: str | None, palette: bool) -> bool:
    """True for a theme file that no page of the site asks for."""
    if src_uri.endswith(".map") or src_uri.startswith(PALETTE) and not palette:
        return True
    if src_uri.startswith(LUNR):
        return src_uri[len(LUNR):] not in lunr_files_needed(search_languages)
    if src_uri == MATERIAL_FAVICON:
        return favicon != MATERIAL_FAVICON
    return False


_BREAK = re.compile(r"\n\s+")  # a line break and the blank space after it: indentation, empty lines
_SHOWN_AS_WRITTEN = re.compile(r"(<(pre|textarea)\b.*?</\2\s*>)", re.S | re.I)  # blank space shows there


def compact_html(html: str) -> str:
    """The page with every run of blank space that starts with a line break made a single line break.

    A browser shows such a run as one space, except inside <pre> and <textarea> (kept as they are),
    so nothing on screen moves; Material's templates indent so deeply that this takes a fifth off
    each page. Scripts here hold JSON or nothing, where blank space between tokens does not matter.
    """
    if "<pre" not in html and "<textarea" not in html:
        return _BREAK.sub("\n", html)
    parts = _SHOWN_AS_WRITTEN.split(html)  # text, element, its tag name, text, ...
    return "".join(_BREAK.sub("\n", part) if i % 3 == 0 else part if i % 3 == 1 else ""
                   for i, part in enumerate(parts))
