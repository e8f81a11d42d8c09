"""Link tokens must look random: a token typed by hand is refused on its ``link:`` line, with why and the fix;
every token the handbook writes (``new``, ``rotate``) passes the very same check."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from types import SimpleNamespace

import pytest

import handbook.core.safety as safety
from handbook.core.safety import MIN_TOKEN_CHARS, link_names, new_token
from handbook.core.token_strength import MIN_BITS, estimate, name_fragments, token_weakness

from conftest import SAMPLE_TOKENS, handbook

PLAN = "families/rivera.yaml"  # child: Mateo; the link is on line 4
LINK_LINE = 4
ROTATE = "run 'handbook rotate rivera' to write a new, safe token"
SAMPLE_NAMES = {"rivera": "Mateo", "okafor": "Amara", "chen": "Leo"}

WEAK = {  # token -> why the check says it is weak (the words after "the link token '…' ")
    "aaaaaaaaaaaaaaaaaaaaaa": "repeats one character ('a', 22 times), so it is easy to guess",
    "0000000000000000000000": "repeats one character ('0', 22 times), so it is easy to guess",
    "Mateo-practice-site-2026": "has the name 'Mateo' from the plan in it, so anyone who sees the link can read the "
                                "name, and it is easy to guess",
    "xK9aaaaaaaaaaaaaaaaQ2m": "repeats one character ('a', 16 times), so it is easy to guess",
    "abcdefghijklmnopqrstuv": "has characters in order ('abcdefghijklmnopqrstuv'), so it is easy to guess",
    "ZYXWVUTSRQPONMLKJIHGFEDCBA": "has characters in order ('ZYXWVUTSRQPONMLKJIHGFEDCBA'), so it is easy to guess",
    "1a2b3c4d5e6f7g8h9i0j1k": "has characters in order ('1a2b3c4d5e6f7g8h9i0j')",
    "qwertyuiopasdfghjklzxc": "has keys that are side by side on a keyboard ('qwertyuiop'; 'asdfghjkl'; 'zxc')",
    "abababababababababababab": "repeats a short piece ('ab', 12 times), so it is easy to guess",
    "Xy7Xy7Xy7Xy7Xy7Xy7Xy7Xy7": "repeats a short piece ('Xy7', 8 times), so it is easy to guess",
    "K8sj2Lq9XwPz3xQ7MATEO1": "has the name 'MATEO' from the plan in it",  # random but for the child's name
    "K8sj2Lq9XwPz3xQ7rivera": "has the name 'rivera' from the plan in it",  # ... or the family id
    "familyhandbooksecretpassword": "has the words 'handbook', 'password' and 'family', so it is easy to guess",
    "K8sj2Lq9XwPz3xpractice": "has the word 'practice', so it is easy to guess",
    "JuneJulyAugust2026Kids": "has the words 'August', 'June' and 'July', and has the year '2026'",
    "5260181590830166131860": "uses only digits, so it is easy to guess",  # random digits: 73 bits at most
}


def set_link(project: Path, token: str, family: str = "rivera") -> Path:
    plan = project / "families" / f"{family}.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace(f"link: {SAMPLE_TOKENS[family]}\n", f"link: {token}\n"), encoding="utf-8")
    return plan


def link_of(project: Path, family: str) -> str:
    match = re.search(r"(?m)^link: (\S+)$", (project / "families" / f"{family}.yaml").read_text(encoding="utf-8"))
    assert match, family
    return match.group(1)


@pytest.mark.parametrize("token", list(WEAK))
def test_a_weak_token_is_refused_on_its_link_line_with_why_and_the_fix(project: Path, token: str) -> None:
    assert len(token) >= MIN_TOKEN_CHARS  # long enough and of the right characters: only its strength is wrong
    set_link(project, token)

    result = handbook(project, "check")

    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if PLAN in line]
    assert line.startswith(f"  {PLAN}:{LINK_LINE}: the link token '{token[:6]}…' {WEAK[token].split(', so')[0]}")
    assert WEAK[token] in line
    assert line.endswith(f" — {ROTATE}")
    assert "1 problem in 1 file" in result.output  # the other plans are fine


def test_the_three_weak_tokens_of_the_issue_are_refused_in_plain_words(project: Path) -> None:
    expected = {
        "aaaaaaaaaaaaaaaaaaaaaa": f"{PLAN}:4: the link token 'aaaaaa…' repeats one character ('a', 22 times), "
                                  f"so it is easy to guess — {ROTATE}",
        "0000000000000000000000": f"{PLAN}:4: the link token '000000…' repeats one character ('0', 22 times), "
                                  f"so it is easy to guess — {ROTATE}",
        "Mateo-practice-site-2026": f"{PLAN}:4: the link token 'Mateo-…' has the name 'Mateo' from the plan in it, "
                                    "so anyone who sees the link can read the name, and it is easy to guess — "
                                    f"{ROTATE}",
    }
    for token, message in expected.items():
        plan = set_link(project, token)
        result = handbook(project, "check", "rivera")
        assert result.exit_code == 1
        assert result.output == f"1 problem in 1 file; nothing was changed in site/:\n  {message}\n"
        plan.write_text(plan.read_text(encoding="utf-8").replace(token, SAMPLE_TOKENS["rivera"]), encoding="utf-8")


def test_the_line_is_the_link_line_wherever_it_is_and_however_it_is_quoted(project: Path) -> None:
    plan = project / "families" / "rivera.yaml"
    text = plan.read_text(encoding="utf-8").replace(f"link: {SAMPLE_TOKENS['rivera']}\n", "")
    plan.write_text(text.replace("daily_minutes: 5\n", 'daily_minutes: 5\nlink: "passwordpassword1234567"  # me\n'),
                    encoding="utf-8")
    number = plan.read_text(encoding="utf-8").splitlines().index('link: "passwordpassword1234567"  # me') + 1

    result = handbook(project, "check", "rivera")

    assert result.exit_code == 1
    assert f"{PLAN}:{number}: the link token 'passwo…' " in result.output and ROTATE in result.output


def test_a_build_refuses_a_weak_token_too_and_changes_nothing(project: Path) -> None:
    set_link(project, "aaaaaaaaaaaaaaaaaaaaaa")

    result = handbook(project, "build")

    assert result.exit_code == 1
    assert f"{PLAN}:4: the link token 'aaaaaa…' repeats one character" in result.output
    assert not (project / "site").exists()


def test_a_three_letter_name_counts_only_as_a_word_of_its_own() -> None:
    names = link_names("Leo", "chen")
    for token in ("K8sj2Lq9XwPz3x-leo-Q7p", "K8sj2Lq9XwPz3xLeoQ7pa1", "LEO_K8sj2Lq9XwPz3xQ7pa"):
        assert "has the name" in str(token_weakness(token, names)), token
    assert token_weakness("K8sj2Lq9XwPz3xgleoQ7pa", names) is None  # 'leo' inside random letters: chance
    assert token_weakness("K8sj2Lq9XwPz3x-leo-Q7p", link_names("Mateo", "rivera")) is None  # not this plan's name


def test_name_parts_are_looked_for_but_digits_and_short_parts_are_not_names() -> None:
    assert name_fragments(["Zoë-Anne", "lee-2", "family-000", "Al"]) == (
        "zoeanne", "zoe", "anne", "lee2", "lee", "family000", "family")
    assert token_weakness("K8sj2Lq9XwPz3xQ7-zoe-1", link_names("Zoë", "kim")) is not None


@pytest.mark.parametrize(("family", "child"), list(SAMPLE_NAMES.items()))
def test_the_sample_tokens_pass(family: str, child: str) -> None:
    assert token_weakness(SAMPLE_TOKENS[family], link_names(child, family)) is None


def test_a_random_token_of_the_shortest_allowed_length_is_far_above_the_bound() -> None:
    lowest = min(estimate(secrets.token_urlsafe(18)[:MIN_TOKEN_CHARS])[0] for _ in range(2000))
    assert lowest > MIN_BITS + 10  # 22 random URL-safe characters: 132 bits, less only for chance patterns


def test_2000_tokens_from_new_token_all_pass_with_and_without_names() -> None:
    for family, child in [*SAMPLE_NAMES.items(), ("lee", "Noor")]:
        names = link_names(child, family)
        tokens = {new_token(names) for _ in range(500)}
        assert len(tokens) == 500
        assert [t for t in tokens if token_weakness(t, names) is not None] == []
    assert [t for t in (new_token() for _ in range(2000)) if token_weakness(t) is not None] == []


def test_random_tokens_almost_never_fail() -> None:
    # 0 of 200,000 fresh tokens failed when measured; 10,000 here keep the test quick
    failures = [t for t in (secrets.token_urlsafe(18) for _ in range(10_000)) if token_weakness(t) is not None]
    assert len(failures) <= 2, failures


def test_new_token_draws_again_until_the_token_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = iter(["aaaaaaaaaaaaaaaaaaaaaaaa", "K8sj2Lq9XwPz3xQ7-Noor-1", "hWfppH3EGkDvtEDWMJnNQP5u"])
    monkeypatch.setattr(safety, "secrets", SimpleNamespace(token_urlsafe=lambda _n: next(drawn)))

    assert new_token(link_names("Noor", "lee")) == "hWfppH3EGkDvtEDWMJnNQP5u"


def test_handbook_new_and_rotate_never_write_a_token_the_check_refuses(project: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # the first draws would be refused for the plan they go into (its child's name), so they are drawn again
    drawn = iter(["K8sj2Lq9XwPz3xQ7-Noor-1", "JT3sfNkrNrvU_iG28vphJJ71",
                  "K8sj2Lq9XwPz3xQ7MATEO1", "K8sj2Lq9XwPz3xQ7rivera", "knWyMmt4R4Y1_ZhoRRyLJCX1"])
    monkeypatch.setattr(safety, "secrets", SimpleNamespace(token_urlsafe=lambda _n: next(drawn)))

    assert handbook(project, "new", "lee", "--child", "Noor").exit_code == 0
    assert handbook(project, "rotate", "rivera").exit_code == 0

    assert link_of(project, "lee") == "JT3sfNkrNrvU_iG28vphJJ71"
    assert link_of(project, "rivera") == "knWyMmt4R4Y1_ZhoRRyLJCX1"
    result = handbook(project, "check")
    assert result.exit_code == 0, result.output


def test_new_and_rotate_output_passes_check_for_children_with_short_names(project: Path) -> None:
    for number, child in enumerate(["Leo", "Ava", "Max", "Noor", "Zoë", "Mary Ann"]):
        assert handbook(project, "new", f"kid-{number}", "--child", child).exit_code == 0
    for _ in range(3):
        assert handbook(project, "rotate", "chen").exit_code == 0
    result = handbook(project, "check")
    assert result.exit_code == 0, result.output
