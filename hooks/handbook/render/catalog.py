"""The message catalog's template (``hooks/locales/handbook.pot``), made from the engine's own sources.

    python -m handbook.render.catalog extract            # write hooks/locales/handbook.pot again
    python -m handbook.render.catalog update LANGUAGE    # start or update hooks/locales/LANGUAGE.po from it

Messages come from the templates (``_()``, ``ngettext()``, ``{% trans %}``), from ``gettext``-style
calls in this package, from the page scripts' words (``script_words.py``), from Material's words
that a language may translate (``theme_words.py``, each with its Material key as context) and the
activity sections' headings. The library's own words (its pages, areas and skills) are library content.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from ..core.library import ACTIVITY_SECTIONS
from .script_words import SCRIPT_WORDS
from .theme_words import THEME_WORDS

HERE = Path(__file__).parent
DOMAIN = "handbook"
SKIPPED = ("script_words.py", "catalog.py")  # their messages are added with their plural forms below
METHODS = [("templates/**.j2", "jinja2.ext:babel_extract"), ("templates/**.html", "jinja2.ext:babel_extract"),
           ("*.py", "python")]
OPTIONS = {"templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true", "trim_blocks": "true",
                               "lstrip_blocks": "true", "newstyle_gettext": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}


def template_catalog() -> Catalog:
    """Every message of the engine, as a catalog template (no translations)."""
    catalog = Catalog(project="Family Handbook", domain=DOMAIN, charset="utf-8")
    for file, line, message, comments, context in extract_from_dir(
            HERE, METHODS, options_map=OPTIONS, keywords=KEYWORDS,
            callback=None, comment_tags=("Translators:",), strip_comment_tags=True):
        if Path(file).name in SKIPPED:
            continue
        catalog.add(message, locations=[(f"render/{file}", line)], auto_comments=comments, context=context)
    for group, words in SCRIPT_WORDS.items():
        for key, message in words.items():
            catalog.add(message, locations=[(f"render/script_words.py:{group}.{key}", 0)])
    for key, english in THEME_WORDS.items():
        catalog.add(english, context=key, auto_comments=["Material for MkDocs' interface (its key is the context)"])
    for heading in ACTIVITY_SECTIONS:
        catalog.add(heading, auto_comments=["a section heading of every activity page: a translated library page "
                                            "uses this translation (pages find sections by position, not by words)"])
    return catalog


def template_text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, omit_header=True, sort_output=True, width=100)
    return out.getvalue()


def pseudo_catalog(template: Catalog, language: str, mark: tuple[str, str] = ("⟦", "⟧")) -> Catalog:
    """A made-up language in which every message is its English wrapped in ``mark``: for tests that find
    words which never went through the catalog."""
    start, end = mark
    pseudo = Catalog(locale="en", domain=DOMAIN, charset="utf-8")
    pseudo.locale = None  # the catalog's plural rule stays English's; Babel knows no locale by this name
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            string: str | tuple[str, ...] = tuple(f"{start}{part}{end}" for part in message.id)
        else:
            string = f"{start}{message.id}{end}"
        pseudo.add(message.id, string, context=message.context)
    pseudo.language_team = language
    return pseudo


def update_language(locales_dir: Path, language: str) -> Path:
    """Merge the template into ``<language>.po`` (made if missing), keeping every translation it has."""
    with (locales_dir / f"{DOMAIN}.pot").open("rb") as pot:
        template = read_po(pot)
    path = locales_dir / f"{language}.po"
    if path.is_file():
        with path.open("rb") as po:
            catalog = read_po(po, locale=language)
    else:
        catalog = Catalog(locale=language, domain=DOMAIN, charset="utf-8")
    catalog.update(template, update_header_comment=False)
    out = io.BytesIO()
    write_po(out, catalog, sort_output=True, width=100, ignore_obsolete=False)
    path.write_bytes(out.getvalue())
    return path


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.render.catalog", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("extract", "update"))
    parser.add_argument("language", nargs="?")
    parser.add_argument("--locales", type=Path, default=Path("hooks/locales"))
    args = parser.parse_args(list(argv) if argv is not None else None)
    args.locales.mkdir(parents=True, exist_ok=True)
    if args.command == "extract":
        (args.locales / f"{DOMAIN}.pot").write_bytes(template_text(template_catalog()))
        print(f"wrote {args.locales / (DOMAIN + '.pot')}")
    elif not args.language:
        parser.error("update needs a LANGUAGE, e.g. es")
    else:
        print(f"wrote {update_language(args.locales, args.language)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
