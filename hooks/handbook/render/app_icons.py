"""The home-screen icons of every family site, as PNG (iOS takes no SVG): the favicon's star, drawn with Pillow.

The same four files for every family, drawn once per process; the same bytes for the same Pillow,
so two builds stay byte-identical.
"""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw

ICON_COLOUR = "#00897b"  # the favicon's (hooks/theme/assets/favicon.svg)
THEME_COLOUR = "#00695c"  # the header's (handbook.css --md-primary-fg-color): the phone's bar around the app
BACKGROUND = "#ffffff"
# The favicon's star, on its 24-unit grid
STAR = ((12, 4.5), (14.2, 9.1), (19.2, 9.7), (15.5, 13.1), (16.5, 18.1), (12, 15.6), (7.5, 18.1), (8.5, 13.1),
        (4.8, 9.7), (9.8, 9.1))
STAR_CENTRE = (12.0, 11.5)
SUPERSAMPLE = 4  # drawn this much bigger, then scaled down: smooth edges

ICON_FILES = {  # path in the site: (size in px, full bleed, star scale)
    "assets/icons/icon-192.png": (192, False, 1.0),
    "assets/icons/icon-512.png": (512, False, 1.0),
    # maskable: the launcher cuts its own shape, so the colour fills the square and the star keeps to the
    # middle 80 % (the safe zone)
    "assets/icons/icon-maskable-512.png": (512, True, 0.8),
    "assets/icons/apple-touch-icon.png": (180, True, 0.9),  # iOS rounds the corners itself
}


@functools.cache
def app_icons() -> dict[str, bytes]:
    """Every icon file by its path in the site."""
    return {path: _icon(size, full_bleed, scale) for path, (size, full_bleed, scale) in ICON_FILES.items()}


def _icon(size: int, full_bleed: bool, scale: float) -> bytes:
    big = size * SUPERSAMPLE
    unit = big / 24
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if full_bleed:
        draw.rectangle((0, 0, big, big), fill=ICON_COLOUR)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=5 * unit, fill=ICON_COLOUR)
    cx, cy = STAR_CENTRE
    draw.polygon([((12 + (x - cx) * scale) * unit, (12 + (y - cy) * scale) * unit) for x, y in STAR], fill="#ffffff")
    small = image.reduce(SUPERSAMPLE)  # each pixel the mean of its samples
    if full_bleed:
        small = small.convert("RGB")  # no transparency: iOS would show it black
    out = io.BytesIO()
    small.save(out, format="PNG")
    return out.getvalue()
