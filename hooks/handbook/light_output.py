"""What keeps a family site light: theme files no page loads are never copied into it, and pages
carry no runs of indentation.

Material ships 1.3 MB of source maps (for its developers) and search stemmers for 30 languages;
a parent's phone needs neither. Keeping a site small keeps uploads quick and hosting free.
"""

from __future__ import annotations

import re

LUNR = "assets/javascripts/lunr/"
MATERIAL_FAVICON = "assets/images/favicon.png"  # Material's default, used only when no favicon is set
PALETTE = "assets/stylesheets/palette."  # Material's color schemes, linked only when mkdocs.yml sets a palette


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


# Elements whose blank space shows or matters (kept as they are), or a run of blank space with a line break.
_KEPT_OR_BREAK = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>|[ \t]*\n\s*", re.S | re.I)


def compact_html(html: str) -> str:
    """The page with every run of blank space that holds a line break made a single line break.

    A browser shows any such run as one space, so nothing on screen moves; Material's templates
    indent so deeply that this takes a fifth off each page.
    """
    return _KEPT_OR_BREAK.sub(lambda m: m.group(0) if m.group(1) else "\n", html)
