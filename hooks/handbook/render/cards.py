"""Printable link cards: one per family, with the private link as a QR code."""

from __future__ import annotations

from dataclasses import dataclass

import markupsafe

from ..core.links import family_url
from ..core.plan import Plan
from .messages import Messages
from .templates import render


@dataclass(frozen=True)
class Card:
    """What one family's card shows."""

    family: str
    child: str
    therapist: str
    url: str
    qr_svg: markupsafe.Markup

    @property
    def url_parts(self) -> tuple[str, str]:
        """The host part and the private part, so a printed link breaks only between them."""
        host, _, token = self.url.rstrip("/").rpartition("/")
        return f"{host}/", f"{token}/"


def qr_svg(url: str, title: str) -> markupsafe.Markup:
    """The link as an inline SVG QR code; error level M survives a smudged or creased card."""
    import segno  # here, not at the top: every `handbook` command imports this module, few draw cards

    code = segno.make(url, error="m", micro=False)
    # segno writes only numbers and path data, and escapes the title itself
    return markupsafe.Markup(code.svg_inline(omitsize=True, svgclass="qr", lineclass=None, border=4,
                                             title=title))


def make_cards(plans: dict[str, Plan], base_url: str, messages: Messages) -> list[Card]:
    cards = []
    for family, plan in sorted(plans.items(), key=lambda item: (item[1].child.casefold(), item[0])):
        url = family_url(base_url, plan)
        qr = qr_svg(url, messages.gettext("QR code of the private link"))
        cards.append(Card(family=family, child=plan.child, therapist=plan.therapist.name, url=url, qr_svg=qr))
    return cards


def render_cards(cards: list[Card], messages: Messages) -> str:
    return render("cards.html.j2", messages, cards=cards)
