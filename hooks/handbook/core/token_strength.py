"""Does a link token look random? Catches tokens a person typed: ``aaaa…``, ``abcd…``, ``Mateo-practice-2026``.

A link token is the only thing between a stranger and a child's page, so one typed by hand is refused
even when it is long enough. Three rules, in this order:

1. **Names.** The token may not contain the child's name or the family id, in any case: the whole
   name or any part with three or more letters (``lee-2``: ``lee2`` and ``lee``), a part of exactly
   three characters only as a word of its own (``Leo`` in ``x-Leo-x`` or ``LeoRivera``, not in
   ``xleox``). A name in the address is read by anyone who sees the link, and is the first thing
   someone guessing would try.
2. **Estimated strength.** The token is cut into the pieces that explain it most cheaply: runs of one
   character (``aaaa``), characters in order (``abcd``, ``4321``, ``qwert``, ``asdf``, or two taking
   turns: ``1a2b3c``), a piece repeated (``abab…``, ``xyzxyz…``), words people put in links
   (``practice``, ``home``, ``june``…), years (``2026``) and the plan's names. Every other character
   costs log2(alphabet) bits, the alphabet being the kinds of characters the token uses (lowercase,
   capitals, digits, ``-`` and ``_``: 64 for a token_urlsafe token). The total estimates how many
   guesses a patient attacker needs; under MIN_BITS (96 bits, as much as 16 random URL-safe
   characters) is refused.
3. **Variety.** The Shannon entropy of the token's characters times its length must reach
   MIN_SHANNON_BITS: a token made of a handful of different characters is refused even if no
   pattern above describes it.

Measured on 200,000 fresh ``secrets.token_urlsafe(18)`` tokens (24 characters, 144 bits): none failed
rules 2 and 3, the lowest estimate was 114 bits (106 for the first 22 characters); a three-letter
child's name (Leo, Max, Ava) turned up as a word of its own in about 2 in 10,000. ``safety.new_token``
draws again until its token passes with the plan's names, so a token the handbook writes always does.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

MIN_BITS = 96.0  # the estimate a token must reach: 16 random URL-safe characters
MIN_SHANNON_BITS = 60.0  # random 22-character tokens give 70 or more; 'aabbccdd…' (11 letters twice) 76
SMALL_ALPHABET = 36  # lowercase and digits, or fewer: the message then says what the token is made of
MIN_NAME_CHARS = 3  # letters a part of a name needs: shorter ones ('al', the '000' of family-000) are no name

CLASSES = (("lowercase letters", 26, str.islower), ("capital letters", 26, str.isupper),
           ("digits", 10, str.isdigit), ("'-' or '_'", 2, lambda c: c in "-_"))
ORDERED = {  # characters people type in order, up or down: the alphabet, digits and the keyboard's rows
    "abcdefghijklmnopqrstuvwxyz": "order",
    "0123456789": "order",
    "1234567890": "keyboard",
    "qwertyuiop": "keyboard",
    "asdfghjkl": "keyboard",
    "zxcvbnm": "keyboard",
}
_STEPS: dict[str, tuple[tuple[str, int], ...]] = {}  # two characters -> the (row, direction) they step along
for _row in ORDERED:
    for _text in (_row, _row.upper()) if _row.isalpha() else (_row,):
        for _i in range(len(_text) - 1):
            for _pair, _way in ((_text[_i:_i + 2], 1), (_text[_i + 1] + _text[_i], -1)):
                _STEPS[_pair] = (*_STEPS.get(_pair, ()), (_row, _way))
SEQUENCE_BITS = math.log2(2 * len(ORDERED) * 26)  # which row, which way, where it starts
MIN_PATTERN = 3  # runs and sequences from three characters on
MIN_INTERLEAVED = 6  # two sequences taking turns (1a2b3c), from six characters on
MAX_CHUNK = 12  # the longest piece looked for as repeated
MAX_LOOK = 128  # only this many characters count (far more than a token needs); the rest add nothing
YEAR = re.compile(r"(?:19|20)\d\d")
YEAR_BITS = math.log2(200)

_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec")
_DAYS = ("monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
         "today tomorrow weekend week weekly daily month monthly year yearly summer winter spring autumn fall")
_LINK_WORDS = (
    "practice practise family families familie handbook therapy therapist therapie occupational speech "
    "physio secret secrets password passwort passw pass private privat token link links site website page "
    "home homework house kids kid child children childs son daughter baby boy girl brother sister mom mum "
    "mommy mummy mother dad daddy father parent parents grandma grandpa school class clinic session "
    "program programme plan plans exercise exercises activity activities skills motor fine gross sensory "
    "handwriting play playtime game games fun star stars sticker reward rewards chart goal goals "
    "test demo example sample temp hello welcome love key login admin user access open letmein qwerty "
    "www http https com org net html index new old first second third one two three four five six seven "
    "eight nine ten the and for our your my his her "
    "red blue green yellow orange purple pink black white "
)
WORDS = frozenset((_MONTHS + " " + _DAYS + " " + _LINK_WORDS).split())
WORD_BITS = math.log2(len(WORDS))
MIN_WORD = min(len(w) for w in WORDS)
MAX_WORD = max(len(w) for w in WORDS)


@dataclass(frozen=True)
class Weakness:
    """Why a token is refused, in words that finish the sentence "the link token '…' …"."""

    why: str

    def __str__(self) -> str:
        return self.why


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    bits: float
    kind: str  # one of PHRASES' keys, or "" for a character that follows no pattern
    text: str = ""
    times: int = 0


PHRASES = {  # kind -> what the message says about pieces of that kind
    "run": "repeats one character",
    "order": "has characters in order",
    "keyboard": "has keys that are side by side on a keyboard",
    "repeat": "repeats a short piece",
    "word": "has the word",
    "year": "has the year",
    "name": "has a name from the plan",
}


def token_weakness(token: str, names: Iterable[str] = ()) -> Weakness | None:
    """None for a token that looks random; otherwise why it does not.

    ``names``: the child's name and the family id (or anything else the token must not contain).
    """
    fragments = name_fragments(names)
    named = _named_fragment(token, fragments)
    if named is not None:
        return Weakness(f"has the name '{named}' from the plan in it, so anyone who sees the link can read the "
                        "name, and it is easy to guess")
    bits, pieces = estimate(token, fragments)
    if bits < MIN_BITS:
        return Weakness(f"{_reasons(token, pieces)}, so it is easy to guess")
    if shannon_bits(token) < MIN_SHANNON_BITS:
        return Weakness(f"uses only {len(set(token))} different characters, so it is easy to guess")
    return None


def _reasons(token: str, pieces: list[_Piece]) -> str:
    """What makes the token guessable, the largest patterns first, e.g. "repeats one character ('a', 22 times)"."""
    by_kind: dict[str, list[str]] = {}
    for piece in sorted((p for p in pieces if p.kind), key=lambda p: (p.start - p.end, p.start)):
        shown = f"'{piece.text}', {piece.times} times" if piece.times else f"'{piece.text}'"
        if shown not in by_kind.setdefault(piece.kind, []):
            by_kind[piece.kind].append(shown)
    phrases = []
    kinds = [name for name, _, test in CLASSES if any(test(c) for c in token)]
    small = _char_bits(token) <= math.log2(SMALL_ALPHABET)
    if small and sum(p.end - p.start for p in pieces if p.kind) * 2 < len(token[:MAX_LOOK]):
        phrases.append(f"uses only {_and(kinds)}")  # mostly random, from a small alphabet: e.g. only digits
    for kind, found in list(by_kind.items())[:3]:
        if kind in ("word", "year"):
            phrases.append(f"{PHRASES[kind]}{'s' if len(found) > 1 else ''} {_and(found[:3])}")
        else:
            phrases.append(f"{PHRASES[kind]} ({'; '.join(found[:3])})")
    if not phrases:
        return "is too short for how it is made"
    return _and(phrases, ", and " if any(" and " in p for p in phrases) else " and ")


def name_fragments(names: Iterable[str]) -> tuple[str, ...]:
    """The lowercase ASCII parts of names worth looking for: ``Zoë-Anne`` → ``zoeanne``, ``zoe``, ``anne``;
    ``lee-2`` → ``lee2``, ``lee``."""
    found: list[str] = []
    for name in names:
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
        parts = re.findall(r"[a-z0-9]+", plain)
        for part in ["".join(parts), *parts]:
            if sum(c.isalpha() for c in part) >= MIN_NAME_CHARS and part not in found:
                found.append(part)
    return tuple(found)


def shannon_bits(token: str) -> float:
    """The Shannon entropy of the token's characters, in bits per character, times its length."""
    n = len(token)
    return -sum(k * math.log2(k / n) for k in Counter(token).values()) if n else 0.0


def estimate(token: str, fragments: tuple[str, ...] = ()) -> tuple[float, list[_Piece]]:
    """The cheapest way to explain the token with the patterns above: its bits, and the pieces used.

    Only the first MAX_LOOK characters count: a longer token must be safe in those already.
    """
    return _cheapest(token[:MAX_LOOK], _char_bits(token), fragments, repeats=True)


def _char_bits(token: str) -> float:
    size = sum(count for _, count, test in CLASSES if any(test(c) for c in token))
    return math.log2(max(size, 2))


def _cheapest(text: str, char_bits: float, fragments: tuple[str, ...], *, repeats: bool) -> tuple[float, list[_Piece]]:
    n = len(text)
    ends: list[list[_Piece]] = [[] for _ in range(n + 1)]
    for piece in _patterns(text, char_bits, fragments, repeats=repeats):
        ends[piece.end].append(piece)
    best = [0.0] + [math.inf] * n
    how: list[_Piece | None] = [None] * (n + 1)
    for end in range(1, n + 1):
        best[end], how[end] = best[end - 1] + char_bits, _Piece(end - 1, end, char_bits, "")
        for piece in ends[end]:
            if best[piece.start] + piece.bits < best[end]:
                best[end], how[end] = best[piece.start] + piece.bits, piece
    pieces: list[_Piece] = []
    end = n
    while end:
        step = how[end]
        assert step is not None
        pieces.append(step)
        end = step.start
    return best[n], pieces[::-1]


def _patterns(text: str, char_bits: float, fragments: tuple[str, ...], *, repeats: bool) -> Iterable[_Piece]:
    n, lower = len(text), text.lower()
    # runs of one character: which character, how many (from the run's start, or to its end)
    start = 0
    while start < n:
        end = start
        while end < n and text[end] == text[start]:
            end += 1
        spans = {(start, e) for e in range(start + MIN_PATTERN, end + 1)}
        spans |= {(s, end) for s in range(start, end - MIN_PATTERN + 1)}
        for s, e in spans:
            yield _Piece(s, e, char_bits + math.log2(e - s), "run", text[s], e - s)
        start = end
    # characters in order, up or down, in one case
    steps = [_STEPS.get(text[i:i + 2], ()) for i in range(n - 1)]
    for s in range(n - MIN_PATTERN + 1):
        for row in steps[s]:
            e = s + 2
            while e < n and row in steps[e - 1]:
                e += 1
            for stop in range(s + MIN_PATTERN, e + 1):
                yield _Piece(s, stop, SEQUENCE_BITS + math.log2(stop - s), ORDERED[row[0]], text[s:stop])
    # two of them interleaved: 1a2b3c4d, aAbBcC
    skips = [_STEPS.get(text[i] + text[i + 2], ()) for i in range(n - 2)]
    for s in range(n - MIN_INTERLEAVED + 1):
        for even in skips[s]:
            for odd in skips[s + 1]:
                e = s + 3
                while e < n and (even, odd)[(e - s) % 2] in skips[e - 2]:
                    e += 1
                for stop in range(s + MIN_INTERLEAVED, e + 1):
                    yield _Piece(s, stop, 2 * SEQUENCE_BITS + math.log2(stop - s), "order", text[s:stop])
    # words people put in links, and the plan's names, in any case
    for s in range(n):
        for length in range(MIN_WORD, min(MAX_WORD, n - s) + 1):
            word = lower[s:s + length]
            if word in WORDS:
                yield _Piece(s, s + length, WORD_BITS + _case_bits(text[s:s + length]), "word", text[s:s + length])
    for fragment in fragments:
        for match in re.finditer(re.escape(fragment), lower):
            s, e = match.span()
            yield _Piece(s, e, 1 + _case_bits(text[s:e]), "name", text[s:e])
    for match in YEAR.finditer(text):
        yield _Piece(match.start(), match.end(), YEAR_BITS, "year", match.group())
    if not repeats:
        return
    # a piece of two or more characters repeated: the piece once, then how many times
    for s in range(n):
        for size in range(2, min(MAX_CHUNK, (n - s) // 2) + 1):
            chunk = text[s:s + size]
            times = 1
            while text[s + times * size:s + (times + 1) * size] == chunk:
                times += 1
            if times < 2 or _period(chunk) < size:
                continue  # not repeated, or 'aa' and 'abab': the run or the shorter piece describes it
            bits = _chunk_bits(chunk, char_bits, fragments)
            for k in range(2, times + 1):
                yield _Piece(s, s + k * size, bits + math.log2(k), "repeat", chunk, k)


def _period(chunk: str) -> int:
    """The length of the shortest piece that ``chunk`` is made of, repeated."""
    return next(p for p in range(1, len(chunk) + 1) if len(chunk) % p == 0 and chunk[:p] * (len(chunk) // p) == chunk)


@lru_cache(maxsize=4096)
def _chunk_bits(chunk: str, char_bits: float, fragments: tuple[str, ...]) -> float:
    return _cheapest(chunk, char_bits, fragments, repeats=False)[0]


def _case_bits(piece: str) -> float:
    """What its capitals add: none in lowercase, one bit for Capitalized or UPPER, a bit a letter otherwise."""
    if piece.islower() or not any(c.isalpha() for c in piece):
        return 0.0
    if piece.isupper() or (piece[0].isupper() and piece[1:].islower()):
        return 1.0
    return float(sum(c.isalpha() for c in piece))


def _named_fragment(token: str, fragments: tuple[str, ...]) -> str | None:
    """The first name fragment the token contains, as written in it; one of three letters only as a word."""
    lower = token.lower()
    for fragment in fragments:
        for match in re.finditer(re.escape(fragment), lower):
            s, e = match.span()
            if len(fragment) > MIN_NAME_CHARS or (_word_edge(token, s - 1, s) and _word_edge(token, e - 1, e)):
                return token[s:e]
    return None


def _word_edge(token: str, left: int, right: int) -> bool:
    """Whether a word may end between ``token[left]`` and ``token[right]``: an end, a non-letter, or camelCase."""
    if left < 0 or right >= len(token):
        return True
    a, b = token[left], token[right]
    return not (a.isalpha() and b.isalpha()) or (a.islower() and b.isupper())


def _and(items: list[str], last: str = " and ") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1]
