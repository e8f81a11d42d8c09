"""``handbook cards``: printable link cards with a QR code that a phone can really read."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.cli import main as handbook_main

from conftest import SAMPLE_TOKENS, handbook

BASE = "https://practice.example.org"
CHILDREN = {"rivera": "Mateo", "okafor": "Amara", "chen": "Leo"}
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def cards_html(project: Path) -> str:
    return (project / "cards" / "cards.html").read_text(encoding="utf-8")


def test_cards_are_written_outside_site(project: Path) -> None:
    result = handbook(project, "cards", "--base-url", BASE)

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote cards/cards.html with 3 cards (chen, okafor, rivera).\n")
    assert (project / "cards" / "cards.html").is_file()
    assert not (project / "site").exists()


def test_each_card_has_the_child_the_link_and_three_steps(project: Path) -> None:
    handbook(project, "cards", "--base-url", BASE + "/")
    html = cards_html(project)

    cards = re.findall(r'<section class="card".*?</section>', html, re.S)
    assert len(cards) == 3
    for family, child in CHILDREN.items():
        [card] = [c for c in cards if f"{child}’s practice" in c]
        assert f"<code><span>{BASE}/</span><span>{SAMPLE_TOKENS[family]}/</span></code>" in card
        assert card.count("<svg") == 1
        assert len(re.findall(r"<li>", card)) == 3
        assert "Add to Home Screen" in card


def test_cards_for_named_families_only(project: Path) -> None:
    handbook(project, "cards", "--base-url", BASE, "chen")

    html = cards_html(project)
    assert "Leo’s practice" in html and "Mateo" not in html and SAMPLE_TOKENS["rivera"] not in html


def test_the_base_url_can_come_from_the_environment(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_BASE_URL", "https://ot.example.net/home")

    result = handbook(project, "cards", "rivera")

    assert result.exit_code == 0, result.output
    text = re.sub(r"<[^>]+>", "", cards_html(project))
    assert f"https://ot.example.net/home/{SAMPLE_TOKENS['rivera']}/" in text


def test_cards_without_a_base_url_are_refused(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDBOOK_BASE_URL", raising=False)

    result = handbook(project, "cards")

    assert result.exit_code == 2
    assert ("Error: the cards need your site's address to make the QR codes: add --base-url https://your-host "
            "(or set HANDBOOK_BASE_URL).") in result.output
    assert not (project / "cards").exists()


@pytest.mark.parametrize(("url", "message"), [
    ("http://practice.example.org", "family links must start with https://"),
    ("practice.example.org", "is not a web address"),
    ("https://practice.example.org/?x=1", "has a '?' or '#' part"),
])
def test_an_unsafe_or_incomplete_base_url_is_refused(project: Path, url: str, message: str) -> None:
    result = handbook(project, "cards", "--base-url", url)

    assert result.exit_code == 2
    assert message in result.output


def test_a_problem_in_a_plan_stops_the_cards(project: Path) -> None:
    plan = project / "families" / "chen.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("format: digital", "format: paper"), encoding="utf-8")

    result = handbook(project, "cards", "--base-url", BASE)

    assert result.exit_code == 1
    assert "families/chen.yaml:" in result.output and "no cards were written" in result.output
    assert not (project / "cards" / "cards.html").exists()


def test_names_from_plans_are_escaped(project: Path) -> None:
    plan = project / "families" / "chen.yaml"
    plan.write_text(re.sub(r"(?m)^child: .*$", 'child: "<b>Leo</b> & Co"', plan.read_text(encoding="utf-8")),
                    encoding="utf-8")

    assert handbook(project, "cards", "--base-url", BASE, "chen").exit_code == 0
    html = cards_html(project)
    assert "&lt;b&gt;Leo&lt;/b&gt; &amp; Co’s practice" in html and "<b>Leo" not in html


def test_colors_only_on_a_terminal(project: Path) -> None:
    import os

    old = Path.cwd()
    os.chdir(project)
    try:
        colored = CliRunner().invoke(handbook_main, ["cards", "--base-url", BASE], color=True)
        plain = CliRunner().invoke(handbook_main, ["cards", "--base-url", BASE])
    finally:
        os.chdir(old)
    assert "\x1b[32m" in colored.output
    assert "\x1b[" not in plain.output


def test_quiet_cards_print_nothing(project: Path) -> None:
    result = handbook(project, "cards", "--quiet", "--base-url", BASE)

    assert result.exit_code == 0
    assert result.output == ""
    assert (project / "cards" / "cards.html").is_file()


def test_every_qr_code_decodes_to_its_link_in_a_real_browser(project: Path, browser: object) -> None:
    import zxingcpp  # a real decoder, independent of segno that made the code
    from PIL import Image

    handbook(project, "cards", "--base-url", BASE)
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)  # type: ignore[attr-defined]
    page.goto((project / "cards" / "cards.html").as_uri())

    decoded = {}
    for card in page.query_selector_all("section.card"):
        png = card.query_selector("svg.qr").screenshot()
        [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
        decoded[card.query_selector("code").inner_text()] = code.text
    page.close()
    assert decoded == {f"{BASE}/{token}/": f"{BASE}/{token}/" for token in SAMPLE_TOKENS.values()}


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_six_cards_fit_on_one_printed_page(project: Path, browser: object, paper: str) -> None:
    for n in range(3):
        assert handbook(project, "new", f"extra-{n}", "--child", f"Child{n}").exit_code == 0
    handbook(project, "cards", "--base-url", BASE)
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto((project / "cards" / "cards.html").as_uri())
    six = page.pdf(format=paper)
    assert handbook(project, "new", "extra-3", "--child", "Child3").exit_code == 0
    handbook(project, "cards", "--base-url", BASE)
    page.goto((project / "cards" / "cards.html").as_uri())
    seven = page.pdf(format=paper)
    page.close()

    assert len(PDF_PAGE.findall(six)) == 1
    assert len(PDF_PAGE.findall(seven)) == 2
