"""Theme files that no page of a family site ever loads, so they are never copied into it.

Material ships 1.3 MB of source maps (for its developers) and search stemmers for 30 languages;
a parent's phone needs neither. Keeping a site small keeps uploads quick and hosting free.
"""

from __future__ import annotations

LUNR = "assets/javascripts/lunr/"
MATERIAL_FAVICON = "assets/images/favicon.png"  # Material's default, used only when no favicon is set


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


def never_loaded(src_uri: str, *, search_languages: list[str], favicon: str | None) -> bool:
    """True for a theme file that no page of the site asks for."""
    if src_uri.endswith(".map"):
        return True
    if src_uri.startswith(LUNR):
        return src_uri[len(LUNR):] not in lunr_files_needed(search_languages)
    if src_uri == MATERIAL_FAVICON:
        return favicon != MATERIAL_FAVICON
    return False
