"""An activity's picture as HTML: a bundled icon inlined as SVG, or a picture file of docs/media/."""

from __future__ import annotations

import functools
import html

import markupsafe

from ..core.picture import Picture, icon_svg


@functools.cache
def _inline_icon(name: str) -> str:
    # decorative: the activity's title is next to it, so screen readers skip the picture
    return icon_svg(name).replace("<svg ", '<svg class="hb-picture" aria-hidden="true" focusable="false" ', 1)


def picture_html(picture: Picture, to_root: str = "") -> markupsafe.Markup:
    """The picture, from a page ``to_root`` below the site's top (its files' addresses are relative)."""
    if picture.icon:
        return markupsafe.Markup(_inline_icon(picture.icon))
    return markupsafe.Markup(f'<img class="hb-picture" src="{html.escape(to_root + str(picture.file))}" alt="">')


def icon_html(name: str) -> markupsafe.Markup:
    """A bundled icon beside words that say what it means (a link's or button's label), e.g. ``material/star``."""
    return markupsafe.Markup(_inline_icon(name))
