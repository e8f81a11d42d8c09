"""The words of one site's language: its message catalog, plural forms, and dates as its locale writes them.

English is the language the templates and scripts are written in, so it needs no catalog; every
other language is a gettext catalog ``hooks/locales/<language>.po``, read with Babel. Adding a
language is adding its catalog (and translating the library): no code names a language.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, match_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..core.problems import HandbookError, Problem, display_path

SOURCE_LANGUAGE = "en"
# The site's date styles, as CLDR skeletons; the page scripts use the same ones through Intl (dates.js).
DATE_STYLES = {
    "full": "yMMMMEEEEd",  # Thursday, January 14, 2027: check-ins, which may be next year
    "day": "MMMMEEEEd",  # Wednesday, November 25
    "short": "MMMEd",  # Wed, Nov 25
    "month_day": "MMMMd",  # November 25
}
_WEEKDAY = re.compile(r"E+|'[^']*'")


@dataclass(frozen=True)
class Messages:
    """One language's catalog and locale. ``gettext`` and friends return the English text when a
    message has no translation."""

    language: str
    locale: Locale
    translations: gettext.NullTranslations = field(compare=False)
    # what is worked out from the catalog once and asked for by every build (the scripts' words, patterns)
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, one: str, many: str, count: int) -> str:
        return self.translations.ngettext(one, many, count)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def plural_forms(self, one: str, many: str) -> dict[str, str]:
        """The message for each CLDR plural category of the locale (``one``, ``few``, ``other``…), for
        scripts that choose with ``Intl.PluralRules``: each form is the catalog's for a number of that category."""
        return {category: self.ngettext(one, many, number) for category, number in _plural_samples(str(self.locale))}

    def date(self, day: dt.date, style: str = "full") -> str:
        """A date in one of DATE_STYLES, as the locale writes it (Babel, CLDR)."""
        return format_date(day, _date_pattern(str(self.locale), DATE_STYLES[style]), locale=self.locale)

    def time(self, hours_minutes: str) -> str:
        """A plan's "HH:MM" as the locale writes a time of day: "6:30 PM" in English (en-US), "18:30" in most others."""
        hours, minutes = (int(part) for part in hours_minutes.split(":"))
        return format_time(dt.time(hours, minutes), format="short", locale=self.locale)

    def weekday(self, index: int) -> str:
        """Monday is 0, as in ``date.weekday()``."""
        return _day_names(str(self.locale), "wide")[index]

    def weekday_short(self, index: int) -> str:
        return _day_names(str(self.locale), "abbreviated")[index]

    def weekday_shortest(self, index: int) -> str:
        """CLDR's short day name ("Mo" in English, "T2" in Vietnamese), for columns too narrow for ``weekday_short``."""
        return _day_names(str(self.locale), "short")[index]

    def language_name(self, code: str) -> str:
        """A language's name in this locale's words, e.g. "English", or "inglés" in Spanish (CLDR)."""
        return str(Locale.parse(code).get_display_name(self.locale))


@functools.cache
def _day_names(locale_name: str, width: str) -> tuple[str, ...]:
    names = Locale.parse(locale_name).days["format"][width]
    return tuple(str(names[index]) for index in range(7))


@functools.cache
def _plural_samples(locale_name: str) -> list[tuple[str, int]]:
    """A number of each plural category of the locale (the first one from 0 up)."""
    plural_form = Locale.parse(locale_name).plural_form
    found: dict[str, int] = {}
    for number in range(0, 1001):
        found.setdefault(plural_form(number), number)
    found.setdefault("other", 5)
    return sorted(found.items())


@functools.cache
def _date_pattern(locale_name: str, skeleton: str) -> str:
    """The locale's pattern for a skeleton, with the weekday as wide as asked (Babel, unlike ICU, keeps the
    width of its stored pattern: ``EEE`` where ``EEEE`` was asked)."""
    skeletons = Locale.parse(locale_name).datetime_skeletons
    key = match_skeleton(skeleton.replace("EEEE", "E"), skeletons) or "yMMMd"
    pattern = str(skeletons[key].pattern if hasattr(skeletons[key], "pattern") else skeletons[key])
    if "EEEE" in skeleton:
        pattern = _WEEKDAY.sub(lambda m: "EEEE" if m.group().startswith("E") else m.group(), pattern)
    return pattern


def available_languages(locales_dir: Path) -> list[str]:
    """English and every language with a catalog."""
    return sorted({SOURCE_LANGUAGE, *(p.stem for p in locales_dir.glob("*.po"))})


_LOADED: dict[tuple[str, str, int], Messages] = {}  # catalogs by file and modification time: read once per process


def load_messages(locales_dir: Path, language: str, project_root: Path | None = None) -> Messages:
    """The catalog of ``language`` from ``locales_dir``; HandbookError naming the file when it is missing or broken."""
    path = locales_dir / f"{language}.po"
    if language == SOURCE_LANGUAGE and not path.is_file():
        key = (str(path), language, -1)
        if key not in _LOADED:
            _LOADED[key] = Messages(language, Locale.parse(language), gettext.NullTranslations())
        return _LOADED[key]
    shown = display_path(path, project_root)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise HandbookError([Problem(shown, 0, f"there is no message catalog for the language '{language}'",
                                     f"use one of: {', '.join(available_languages(locales_dir))}, or add the catalog "
                                     f"(python -m handbook.render.catalog update {language}, then translate it)")]
                           ) from None
    key = (str(path), language, mtime)
    if key not in _LOADED:
        _LOADED[key] = Messages(language, _locale(language), _read_catalog(path, shown))
    return _LOADED[key]


def _locale(language: str) -> Locale:
    """The locale that writes dates and numbers; a made-up language (a test's pseudo-locale) writes them in English."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANGUAGE)


def _read_catalog(path: Path, shown: str) -> gettext.NullTranslations:
    try:
        with path.open("rb") as po:
            catalog = read_po(po, abort_invalid=True)
    except Exception as err:  # Babel reports a bad catalog with several exception types
        line = getattr(err, "lineno", 0) or 0
        raise HandbookError([Problem(shown, line, f"the catalog cannot be read ({err})",
                                     "fix the line, or open the file in a .po editor such as Poedit")]) from None
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)
