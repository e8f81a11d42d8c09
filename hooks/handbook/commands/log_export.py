"""Reading the star-chart copies parents send (``family-handbook-log`` version 1, JSON or CSV).

The format is written by ``hooks/theme/assets/log_store.js`` (``exportData``, ``exportCsv``). Every string
taken from a file is passed through ``clean_text`` here, once, so no later output (terminal, JSON, HTML)
meets a control character a parent's file carried.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.problems import HandbookError, Problem, display_path

SCHEMA, VERSION = "family-handbook-log", 1
RATINGS = ("easy", "just-right", "hard")
CSV_COLUMNS = ("date", "activity", "title", "minutes", "rating")
EXPORT_SUFFIXES = (".json", ".csv")
MAX_EXPORT_BYTES = 5 * 1024 * 1024  # the star chart's own limit on a copy it loads (reward_log.js, onImport)
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ASK_AGAIN = "ask the family to export the log again from their practice page"
# C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates that reorder what a terminal shows
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACING = re.compile("[\t\n\r\x0b\x0c]")
# a JSON string, or one of the characters _object_lines counts (JSON strings never hold a raw line break)
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}\n]')


def clean_text(value: str) -> str:
    """``value`` without control characters or bidi overrides (line breaks and tabs become spaces)."""
    return _CONTROL.sub("", _SPACING.sub(" ", value))


@dataclass(frozen=True)
class Entry:
    """One activity ticked off on one day."""

    date: dt.date
    activity: str
    title: str
    minutes: int
    rating: str | None


@dataclass(frozen=True)
class Claim:
    date: dt.date
    stars: int
    reward: str


@dataclass
class LogExport:
    """One export file, read and checked."""

    file: str
    token: str | None
    child: str | None
    exported: dt.date | None
    entries: list[Entry]
    claims: list[Claim] = field(default_factory=list)
    log: str | None = None  # the star chart's id, in exports from sites whose plan has 'log:'


def export_files(folder: Path) -> list[Path]:
    """The ``.json`` and ``.csv`` files directly in ``folder`` (not in folders inside it; hidden files left out)."""
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in EXPORT_SUFFIXES and not p.name.startswith(".") and p.is_file())


def read_export(path: Path, root: Path | None = None) -> LogExport:
    """Read a JSON (or CSV) export; raises HandbookError naming the file, line and what to do."""
    file = clean_text(display_path(path, root))  # a file's name comes from the parent's e-mail too
    text = _decode(path, file)
    if path.suffix.lower() == ".csv":
        return _read_csv(text, file)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise HandbookError([Problem(file, err.lineno, f"this is not a complete log export ({err.msg})",
                                     ASK_AGAIN + ", and send the file without editing it")]) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise HandbookError([Problem(file, 1, "this is not a Family Handbook log export",
                                     ASK_AGAIN + " (the file is named like stars-<child>-<date>.json)")])
    if data.get("version") != VERSION:
        raise HandbookError([Problem(file, 1, f"this export is version {data.get('version')!r}; "
                                     f"this handbook reads version {VERSION}",
                                     "update the handbook (pip install -U family-handbook), "
                                     "then run the report again")])
    entry_lines = _object_lines(text, "entries")
    claim_lines = _object_lines(text, "rewards_claimed")
    problems: list[Problem] = []
    entries = [e for i, item in enumerate(_list(data, "entries", file, problems))
               if (e := _entry(item, i, file, entry_lines, problems))]
    claims = [c for i, item in enumerate(_list(data, "rewards_claimed", file, problems))
              if (c := _claim(item, i, file, claim_lines, problems))]
    if problems:
        raise HandbookError(problems)
    exported = str(data.get("exported_at") or "")[:10]
    return LogExport(file=file, token=_text(data.get("link")), child=_text(data.get("child")),
                     exported=dt.date.fromisoformat(exported) if _is_date(exported) else None,
                     entries=entries, claims=claims, log=_text(data.get("log")))


def _decode(path: Path, file: str) -> str:
    """The file's UTF-8 text, up to the star chart's own size limit (a plan's much smaller limit is not for these)."""
    size = path.stat().st_size
    if size > MAX_EXPORT_BYTES:
        raise HandbookError([Problem(file, 0, f"the file is {size / (1024 * 1024):.1f} MB, more than the 5 MB a "
                                     "star-chart copy can be",
                                     "check that this is the copy the family saved from their star chart "
                                     "(stars-<child>-<date>.json); the star chart itself refuses a file this big")])
    content = path.read_bytes()
    try:
        return content.decode("utf-8-sig")  # a spreadsheet that saved the .csv again may put a BOM first
    except UnicodeDecodeError as err:
        line = content[: err.start].count(b"\n") + 1
        raise HandbookError([Problem(file, line, f"the file is not UTF-8 text (byte 0x{content[err.start]:02x})",
                                     ASK_AGAIN + ", and send the file without opening it in another program")]
                            ) from None


def _text(value: Any) -> str | None:
    return clean_text(value).strip() or None if isinstance(value, str) else None


def _list(data: dict[str, Any], key: str, file: str, problems: list[Problem]) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        problems.append(Problem(file, 1, f"'{key}' is not a list", ASK_AGAIN))
        return []
    return value


def _entry(item: Any, index: int, file: str, lines: list[int], problems: list[Problem]) -> Entry | None:
    line = lines[index] if index < len(lines) else 1
    what = _entry_problem(item)
    if what:
        problems.append(Problem(file, line, f"entry {index + 1} {what}", ASK_AGAIN))
        return None
    return _make_entry(item, item.get("title"))


def _make_entry(item: dict[str, Any], title: Any) -> Entry:
    activity = clean_text(item["activity"]).strip() or "?"
    return Entry(date=dt.date.fromisoformat(item["date"]), activity=activity,
                 title=_text(title) or activity, minutes=item["minutes"], rating=item.get("rating"))


def _entry_problem(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "is not a record"
    if not _is_date(item.get("date")):
        return f"has no valid date (found {item.get('date')!r})"
    if not isinstance(item.get("activity"), str) or not item["activity"].strip():
        return "has no activity"
    if type(item.get("minutes")) is not int or item["minutes"] < 0:
        return f"has minutes {item.get('minutes')!r} instead of a whole number"
    if item.get("rating") not in (*RATINGS, None):
        return f"has the rating {item.get('rating')!r}; expected easy, just-right, hard or none"
    return None


def _claim(item: Any, index: int, file: str, lines: list[int], problems: list[Problem]) -> Claim | None:
    line = lines[index] if index < len(lines) else 1
    if not (isinstance(item, dict) and _is_date(item.get("date")) and type(item.get("stars")) is int):
        problems.append(Problem(file, line, f"reward {index + 1} needs a date and a whole number of stars",
                                ASK_AGAIN))
        return None
    return Claim(date=dt.date.fromisoformat(item["date"]), stars=item["stars"],
                 reward=_text(item.get("reward")) or "a reward")


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _object_lines(text: str, key: str) -> list[int]:
    """The line where each ``{`` of the list under ``"key"`` starts, for messages that point at an entry."""
    start = text.find(f'"{key}"')
    if start < 0:
        return []
    lines: list[int] = []
    depth = 0
    line = text.count("\n", 0, start) + 1
    for match in _JSON_TOKEN.finditer(text, start + len(key) + 2):
        char = match.group()
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if char == "{" and depth == 2:
                lines.append(line)
        elif char in "]}":
            depth -= 1
            if depth <= 0:
                break
    return lines


def _read_csv(text: str, file: str) -> LogExport:
    """The spreadsheet export: the same entries, but no link, child or rewards."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
        raise HandbookError([Problem(file, 1, f"the columns are not {','.join(CSV_COLUMNS)}",
                                     ASK_AGAIN + "; the .json file works best")])
    entries, problems = [], []
    for row in reader:
        minutes = int(row["minutes"]) if (row["minutes"] or "").isdigit() else row["minutes"]
        item: dict[str, Any] = {**row, "minutes": minutes, "rating": row["rating"] or None}
        what = _entry_problem(item)
        if what:
            problems.append(Problem(file, reader.line_num, f"this row {what}", ASK_AGAIN))
            continue
        entries.append(_make_entry(item, _unguarded(item["title"] or "")))
    if problems:
        raise HandbookError(problems)
    return LogExport(file=file, token=None, child=None, exported=None, entries=entries)


def _unguarded(cell: str) -> str:
    """Undo the quote the export puts before a cell that a spreadsheet would run as a formula."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell
