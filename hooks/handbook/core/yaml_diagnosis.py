"""The real cause of a YAML syntax error: the line to change and the words for the change.

PyYAML reports where it gave up, which is often many lines after the mistake, and in its own words. Each
finder here looks at the lines up to that point for one common mistake, and a guess is only kept when
making the change it suggests lets YAML read the file (or read further): so a harmless non-breaking space
or curly quote inside a note is never blamed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")  # YAML's own line breaks, so the line numbers agree
NON_BREAKING = "\u00a0\u2007\u202f"
ZERO_WIDTH = "\u200b\ufeff"
CURLY_DOUBLE = "“”„"
CURLY_SINGLE = "‘’‚"
SMART_QUOTES = "your editor or phone may change them back: turn off smart quotes"
KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
KEY_LINE = re.compile(r"(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[A-Za-z_][A-Za-z0-9_ -]*?) *:(?: +(?P<value>.*))?")
NO_COLON_LINE = re.compile(rf"(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>{KEY})(?: +(?P<value>[^:#]*?))? *")


@dataclass(frozen=True)
class Diagnosis:
    """One mistake: ``line`` counts from 0 in the text that was parsed."""

    line: int
    what: str
    todo: str


def diagnose(text: str) -> Diagnosis | None:
    """The mistake that stops YAML reading ``text``, or None when none of the usual ones explains it."""
    lines = LINE_BREAK.split(text)
    failed = _error(text)
    if failed is None:
        return None
    stop = min(_line(failed), len(lines) - 1)
    for finder in (_odd_space, _curly_quotes, _unclosed_quote, _quote_inside, _missing_colon, _misaligned):
        found = finder(lines, stop, failed)
        if found:
            return found
    return None


def curly_quote_hint(raw: str) -> str | None:
    """What to do about a value written in curly quotes (as ``‘18:30’``), or None if it has none around it.

    The words follow a message's "— ", e.g. ``time '‘18:30’' is not a time of day — <this>``."""
    value = raw.strip()
    if not value or (value[0] not in CURLY_DOUBLE + CURLY_SINGLE and value[-1] not in CURLY_DOUBLE + CURLY_SINGLE):
        return None
    return f'type straight quotes " instead of the curly quotes ({_curly_pair(value)}): YAML does not read them ' \
           f"as quotes ({SMART_QUOTES})"


def item_noun(list_key: object) -> str:
    """One item of the list ``list_key`` in the therapist's words: activities -> activity, check_ins -> check-in."""
    if not isinstance(list_key, str) or not list_key:
        return "item"
    word = list_key.replace("_", "-")
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return f"{word} item"


def _odd_space(lines: list[str], stop: int, failed: yaml.MarkedYAMLError) -> Diagnosis | None:
    for index in range(stop + 1):
        line = lines[index].lstrip("\ufeff") if index == 0 else lines[index]  # a byte-order mark is fine there
        if not any(c in line for c in NON_BREAKING + ZERO_WIDTH):
            continue
        retyped = ["".join(" " if c in NON_BREAKING else gap if c in ZERO_WIDTH else c for c in line)
                   for gap in ("", " ")]  # an invisible space may stand where a real one belongs, as after ':'
        if any(_reads_further(lines, index, changed, failed) for changed in retyped):
            if any(c in line for c in NON_BREAKING):
                return Diagnosis(index, "line has a non-breaking space (often pasted from an email or a web page)",
                                 "retype the spaces on this line")
            return Diagnosis(index, "line has an invisible zero-width space (often pasted from an email or a web "
                                    "page)", "delete this line and type it again")
    return None


def _curly_quotes(lines: list[str], stop: int, failed: yaml.MarkedYAMLError) -> Diagnosis | None:
    for index in range(stop + 1):
        line = lines[index]
        if not any(c in line for c in CURLY_DOUBLE + CURLY_SINGLE):
            continue
        straight = list(line)
        for at, char in enumerate(line):
            if char in CURLY_DOUBLE + CURLY_SINGLE and (_opens_value(line, at) or _closes_value(line, at)):
                straight[at] = '"'
        if _reads_further(lines, index, "".join(straight), failed):
            return Diagnosis(index, f"curly quotes ({_curly_pair(line)}) are not quotes to YAML",
                             f'type straight quotes " instead ({SMART_QUOTES})')
    return None


def _unclosed_quote(lines: list[str], stop: int, failed: yaml.MarkedYAMLError) -> Diagnosis | None:
    mark = failed.context_mark
    if failed.context == "while scanning a quoted scalar" and mark is not None and mark.line < len(lines):
        line = lines[mark.line]
        opened = _open_quote(line)
        quote = line[opened] if opened is not None else line[mark.column:mark.column + 1] or '"'
        return _quote_diagnosis(mark.line, quote)
    for index in range(stop + 1):
        line = lines[index]
        opened = _open_quote(line)
        if opened is None:
            continue
        quote, body = line[opened], line.rstrip()
        inside = len(body.rstrip("]}"))  # in a {...} or [...] the value may end before the brackets
        if any(_reads_further(lines, index, body[:at] + quote + body[at:], failed) for at in (len(body), inside)):
            return _quote_diagnosis(index, quote)
    return None


def _missing_colon(lines: list[str], stop: int, failed: yaml.MarkedYAMLError) -> Diagnosis | None:
    mark = failed.context_mark
    simple_key = mark.line if failed.context == "while scanning a simple key" and mark is not None else None
    for index in range(stop + 1):
        found = NO_COLON_LINE.fullmatch(lines[index])
        if not found:
            continue
        below = _next_content(lines, index)
        column = len(found["indent"]) + len(found["dash"])
        owns_below = below is not None and (
            _indent(lines[below]) > column  # its own keys or items
            or not found["value"] and lines[below].lstrip().startswith("- ")  # a list may start at the key's column
            or bool(found["dash"]) and _indent(lines[below]) == column and bool(KEY_LINE.fullmatch(lines[below])))
        if not owns_below and index != simple_key:
            continue
        head = f"{found['indent']}{found['dash']}{found['key']}:"
        fixed = f"{head} {found['value']}" if found["value"] else head
        if _reads_further(lines, index, fixed, failed):
            return Diagnosis(index, f"'{found['key']}' needs a ':' after it", f"write '{fixed.strip()}'"
                             + ("" if found["value"] else " (the lines below it stay as they are)"))
    return None


def _misaligned(lines: list[str], stop: int, failed: yaml.MarkedYAMLError) -> Diagnosis | None:
    line = KEY_LINE.fullmatch(lines[stop])
    above_index = _previous_content(lines, stop)
    if not line or line["dash"] or above_index is None:
        return None
    above = KEY_LINE.fullmatch(lines[above_index])
    if not above or not (above["value"] or "").strip() or above["value"].lstrip().startswith("#"):
        return None  # a key with nothing after it may have its own keys below it
    column = len(above["indent"]) + len(above["dash"])
    if len(line["indent"]) == column:
        return None
    if not _reads_further(lines, stop, " " * column + lines[stop].lstrip(" "), failed):
        return None
    todo = f"line it up with '{above['key']}:' on the line above, using the same number of spaces"
    further = len(line["indent"]) > column
    if further and " " in above["value"].strip() and above["value"].lstrip()[:1] not in "[{\"'":
        todo += f" (or, if it is more of the {above['key']} above, put the whole {above['key']} in \"double quotes\")"
    return Diagnosis(stop, f"'{line['key']}' is indented {'further' if further else 'less'} than the line above", todo)


def _quote_inside(lines: list[str], stop: int, failed: yaml.MarkedYAMLError) -> Diagnosis | None:
    line = lines[stop]
    for at, char in enumerate(line):
        if char not in "\"'" or not _opens_value(line, at):
            continue
        end = _quote_end(line, at)
        if end is None or _closes_value(line, end):
            return None
        close = line.rfind(char)
        if char == '"':
            inner = line[end:close] if close > end else line[end:]
            fixed, todo = line[:end] + inner.replace('"', "'") + line[end + len(inner):], \
                "write the quotes inside the value as ' instead"
        else:  # an apostrophe, as in 'Dad's': double quotes around the value let it stay
            fixed, todo = line[:at] + '"' + line[at + 1:close] + '"' + line[close + 1:], \
                'put the whole value in "double quotes" instead'
        if close > end and _reads_further(lines, stop, fixed, failed):
            return Diagnosis(stop, f"a {char} inside this quoted value ends it early", todo)
        return None
    return None


def _quote_diagnosis(index: int, quote: str) -> Diagnosis:
    return Diagnosis(index, f"this quote ({quote}) is never closed", f"add the closing {quote} at the end of the value")


def _open_quote(line: str) -> int | None:
    """Where a quoted value starts on ``line`` without ending on it."""
    at = 0
    while at < len(line):
        char = line[at]
        if char == "#" and (at == 0 or line[at - 1] == " "):
            return None
        if char in "\"'" and _opens_value(line, at):
            end = _quote_end(line, at)
            if end is None:
                return at
            at = end
        at += 1
    return None


def _quote_end(line: str, start: int) -> int | None:
    quote, at = line[start], start + 1
    while at < len(line):
        if quote == '"' and line[at] == "\\":
            at += 2
            continue
        if line[at] == quote:
            if quote == "'" and line[at + 1:at + 2] == "'":
                at += 2
                continue
            return at
        at += 1
    return None


def _opens_value(line: str, at: int) -> bool:
    before = line[:at]
    if before.strip() == "":
        return True
    if before[-1] not in " [{,":
        return False
    return before.rstrip()[-1] in ":-[{,"


def _closes_value(line: str, at: int) -> bool:
    after = line[at + 1:].lstrip()
    return after == "" or after[0] in ",]}" or after.startswith("#")


def _curly_pair(text: str) -> str:
    return "‘ ’" if any(c in text for c in CURLY_SINGLE) and not any(c in text for c in CURLY_DOUBLE) else "“ ”"


def _reads_further(lines: list[str], index: int, changed: str, failed: yaml.MarkedYAMLError) -> bool:
    """True when YAML reads the text with ``lines[index]`` changed, or stops later in it than before."""
    try:
        yaml.compose("\n".join(lines[:index] + [changed] + lines[index + 1:]), Loader=FAST_LOADER)
    except yaml.MarkedYAMLError as err:
        return _line(err) > _line(failed)
    except yaml.YAMLError:
        return False
    return True


def _error(text: str) -> yaml.MarkedYAMLError | None:
    try:
        yaml.compose(text, Loader=FAST_LOADER)
    except yaml.MarkedYAMLError as err:
        return err
    except yaml.YAMLError:
        return None  # not a syntax error (e.g. a control character): the caller's message is the right one
    return None


def _line(error: yaml.MarkedYAMLError) -> int:
    mark = error.problem_mark or error.context_mark
    return mark.line if mark else 0


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _next_content(lines: list[str], index: int) -> int | None:
    return next((i for i in range(index + 1, len(lines)) if _is_content(lines[i])), None)


def _previous_content(lines: list[str], index: int) -> int | None:
    return next((i for i in range(index - 1, -1, -1) if _is_content(lines[i])), None)
