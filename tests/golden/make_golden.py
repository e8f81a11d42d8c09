"""Golden text of a built project: what a parent reads on every page, one text file per page.

Usage (from the repository root)::

    handbook build
    handbook cards --base-url https://practice.example.org
    python tests/golden/make_golden.py .            # or: /path/to/built/project [--out DIR]

It reads ``site/`` (and ``cards/cards.html`` if it is there) of the built project and rewrites the
``*.txt`` files under ``tests/golden/`` (or ``--out``):

* ``<family>/<page>.txt`` for every HTML page of each family site (``index.txt`` is the home page,
  ``log.txt`` the star chart, ``handout.txt``, ``guidance.txt``, ``activities/<id>.txt``), and
  ``<family>/calendar.ics.txt``. ``<family>`` is the plan's file name (families/<family>.yaml).
* ``_root/index.txt`` and ``_root/404.txt``: the pages at the top of ``site/``.
* ``_cards/cards.txt``: the printable link cards.

``tests/test_build_unchanged.py`` extracts the same text from a fresh build and compares it with these
files. Re-run this script only when a change of wording is intended, and review ``git diff tests/golden``.

Only the standard library is used, so the test needs nothing new.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent
ROOT_DIR = "_root"
CARDS_DIR = "_cards"

# --- dates -----------------------------------------------------------------------------------------
# The refactor unifies date styles: before, "Thursday 14 January 2027" (day month year, no commas);
# after, CLDR "en" long styles, "Thursday, January 14, 2027" and "Wednesday, November 25". Every date
# expression becomes one token, so the golden files hold neither style:
#   <date 2027-01-14 Thursday>   a day with weekday and year
#   <date 2027-01-14>            a day with year, no weekday
#   <date --11-25 Wednesday>     weekday, day and month, no year
# Dates without a year must have a weekday, and dates without a weekday must have a year: a bare
# "May 5" or "25 November" is left alone (it is too easily something else, and no page writes it).
# Names are matched with their capital letter only ("may", "sat", "wed" stay words).

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_WEEKDAY_ABBR = {"Mon": 0, "Tue": 1, "Tues": 1, "Wed": 2, "Thu": 3, "Thur": 3, "Thurs": 3, "Fri": 4,
                 "Sat": 5, "Sun": 6}
_MONTH_ABBR = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9,
               "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
WEEKDAY_NUMBER = {**{name: i for i, name in enumerate(WEEKDAYS)}, **_WEEKDAY_ABBR}
MONTH_NUMBER = {**{name: i + 1 for i, name in enumerate(MONTHS)}, **_MONTH_ABBR}


def _alternatives(names: dict[str, int]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))  # the longest first: "Thursday" before "Thu"


_WD = rf"(?P<wd>{_alternatives(WEEKDAY_NUMBER)})\.?"
_MON = rf"(?P<mon>{_alternatives(MONTH_NUMBER)})\.?"
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20|21)[0-9]{2})"
_SP = r"[ \u00a0\u202f]+"  # CLDR data may use no-break spaces
_WD_SEP = rf",?{_SP}"
_AFTER = r"(?![\w])"
# "Thursday 14 January 2027", "Thu, 14 Jan 2027", "14 January 2027", "Wednesday 25 November",
# "Thursday, January 14, 2027", "Thu, Jan 14, 2027", "January 14, 2027", "Wednesday, November 25".
_DAY_MONTH = rf"{_DAY}{_SP}(?:of{_SP})?{_MON}"
_MONTH_DAY = rf"{_MON}{_SP}{_DAY}"
_TAIL_YEAR = rf"(?:,?{_SP}{_YEAR})"


def _compile_date_patterns() -> list[re.Pattern[str]]:
    """One pattern per shape (a regex cannot repeat group names across alternatives)."""
    shapes = [
        rf"{_WD}{_WD_SEP}{_DAY_MONTH}{_TAIL_YEAR}?",
        rf"{_WD}{_WD_SEP}{_MONTH_DAY}{_TAIL_YEAR}?",
        rf"{_DAY_MONTH}{_TAIL_YEAR}",
        rf"{_MONTH_DAY}{_TAIL_YEAR}",
    ]
    return [re.compile(rf"(?<![\w])(?:{shape}){_AFTER}") for shape in shapes]


DATE_PATTERNS = _compile_date_patterns()


def _date_token(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    month, day = MONTH_NUMBER[groups["mon"]], int(groups["day"])
    year = int(groups["year"]) if groups.get("year") else None
    try:
        when = dt.date(year or 2000, month, day)  # 2000: a leap year, so 29 February without a year is a day
    except ValueError:
        return None  # "31 February", "0 May": not a date, leave it as it is
    weekday = groups.get("wd")
    parts = [when.isoformat() if year else f"--{month:02d}-{day:02d}"]
    if weekday:
        parts.append(WEEKDAYS[WEEKDAY_NUMBER[weekday]])
    return f"<date {' '.join(parts)}>"


def normalize_dates(text: str) -> str:
    """Every date expression in ``text`` as a ``<date ...>`` token (see above); everything else as it is."""
    for pattern in DATE_PATTERNS:
        text = pattern.sub(lambda m: _date_token(m) or m.group(0), text)
    return text


# --- visible text of an HTML page ------------------------------------------------------------------

# Attributes people read or hear, in this order for each element (so a template that writes the same
# attributes in another order changes nothing).
READ_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "aria-roledescription",
                   "aria-valuetext", "placeholder")
# ``label`` names a captions track in the player menu and an option group; ``value`` is the text of an
# input button.
LABEL_ELEMENTS = {"track", "option", "optgroup"}
BUTTON_INPUTS = {"button", "submit", "reset"}
# The name under the icon when a parent adds the page to the home screen.
HOME_SCREEN_META = {"apple-mobile-web-app-title", "application-name"}
SKIPPED = {"script", "style"}
_SPACE = re.compile(r"\s+")


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _VisibleText(HTMLParser):
    """Text nodes of <body> (noscript, template and hidden content included: scripts show them), the
    attributes people read, the page <title> and the home-screen name; one line each, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.in_body = False
        self.skip = 0
        self.in_title = False
        self.title: list[str] = []

    def _add(self, line: str) -> None:
        line = collapse(line)
        if line:
            self.lines.append(line)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if tag == "body":
            self.in_body = True
        elif tag == "title" and not self.in_body:
            self.in_title = True
        elif tag in SKIPPED:
            self.skip += 1
        elif tag == "meta" and values.get("name") in HOME_SCREEN_META:
            self._add(f"[home screen name] {values.get('content', '')}")
        if not self.in_body:
            return
        for name in READ_ATTRIBUTES:
            if name in values:
                self._add(f"[{name}] {values[name]}")
        if tag in LABEL_ELEMENTS and "label" in values:
            self._add(f"[label] {values['label']}")
        if tag == "input" and values.get("type", "").lower() in BUTTON_INPUTS and "value" in values:
            self._add(f"[value] {values['value']}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED:
            self.skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.in_title:
            self.in_title = False
            self._add(f"[page title] {''.join(self.title)}")
        elif tag in SKIPPED and self.skip:
            self.skip -= 1
        elif tag == "body":
            self.in_body = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif self.in_body and not self.skip:
            self._add(data)


def visible_text(html: str) -> str:
    """What a parent reads or hears on this page, dates normalized, one line per text node or attribute."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(normalize_dates(line) + "\n" for line in parser.lines)


# --- calendar --------------------------------------------------------------------------------------

# Lines that say when the file was made, not what is in it.
TIMESTAMP_PROPERTIES = {"DTSTAMP", "CREATED", "LAST-MODIFIED"}


def calendar_text(ics: str) -> str:
    """The calendar's content lines, unfolded, without the timestamps of the build, dates normalized."""
    lines: list[str] = []
    for raw in ics.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    kept = [line for line in lines if re.split(r"[;:]", line, maxsplit=1)[0].upper() not in TIMESTAMP_PROPERTIES]
    return "".join(normalize_dates(line) + "\n" for line in kept)


# --- a whole built project -------------------------------------------------------------------------

_LINK = re.compile(r"^link:\s*[\"']?([A-Za-z0-9_-]+)", re.MULTILINE)


def family_names(project_dir: Path) -> dict[str, str]:
    """Link token -> family name, from the ``link:`` line of each ``families/<name>.yaml``."""
    names: dict[str, str] = {}
    for path in sorted((project_dir / "families").glob("*.y*ml")):
        found = _LINK.search(path.read_text(encoding="utf-8"))
        if found:
            names[found.group(1)] = path.stem
    return names


def page_name(relative: Path) -> str:
    """``index.html`` -> ``index.txt``, ``log/index.html`` -> ``log.txt``, ``404.html`` -> ``404.txt``."""
    if relative.name == "index.html" and relative.parent != Path("."):
        return relative.parent.as_posix() + ".txt"
    return relative.with_suffix(".txt").as_posix()


def collect(project_dir: Path) -> dict[str, str]:
    """Golden path (relative, posix) -> extracted text, for everything a parent reads in this built project."""
    site = project_dir / "site"
    if not site.is_dir():
        raise SystemExit(f"{site} is not there: build the project first (handbook build)")
    names = family_names(project_dir)
    texts: dict[str, str] = {}
    for html in sorted(site.glob("*.html")):
        texts[f"{ROOT_DIR}/{page_name(html.relative_to(site))}"] = visible_text(html.read_text(encoding="utf-8"))
    for folder in sorted(p for p in site.iterdir() if p.is_dir()):
        family = names.get(folder.name, folder.name)
        for html in sorted(folder.rglob("*.html")):
            relative = html.relative_to(folder)
            if relative.parts[0] == "assets":
                continue
            texts[f"{family}/{page_name(relative)}"] = visible_text(html.read_text(encoding="utf-8"))
        ics = folder / "calendar.ics"
        if ics.is_file():
            texts[f"{family}/calendar.ics.txt"] = calendar_text(ics.read_text(encoding="utf-8"))
    cards = project_dir / "cards" / "cards.html"
    if cards.is_file():
        texts[f"{CARDS_DIR}/cards.txt"] = visible_text(cards.read_text(encoding="utf-8"))
    return texts


def golden_files(folder: Path = GOLDEN) -> dict[str, str]:
    """The stored golden texts, by the same relative paths as :func:`collect`."""
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))}


def write(texts: dict[str, str], folder: Path) -> None:
    """Replace the ``*.txt`` files under ``folder`` with ``texts`` (this script and other files stay)."""
    for old in folder.rglob("*.txt"):
        old.unlink()
    for relative, text in texts.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    for directory in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a built project: the folder with site/ (and cards/)")
    parser.add_argument("--out", type=Path, default=GOLDEN, help="where to write (default: %(default)s)")
    args = parser.parse_args(argv)
    texts = collect(args.project)
    if f"{CARDS_DIR}/cards.txt" not in texts:
        print("note: no cards/cards.html; run: handbook cards --base-url https://practice.example.org",
              file=sys.stderr)
    write(texts, args.out)
    print(f"Wrote {len(texts)} golden files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
