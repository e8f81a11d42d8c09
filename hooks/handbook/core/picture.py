"""An activity's picture: an icon bundled with Material for MkDocs, or a picture file in ``docs/media/``.

Icons come from the installed package and are inlined as SVG, so a picture never makes a request.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from .safety import check_url

ICON = re.compile(r"(material|fontawesome|octicons|simple)/[a-z0-9][a-z0-9/_-]*")
PICTURE_FILES = (".svg", ".png", ".jpg", ".jpeg")
MEDIA = "media/"


@dataclass(frozen=True)
class Picture:
    """``icon``: the path of a bundled icon (``material/hand-wash``); else ``file``: a path inside docs/."""

    icon: str | None = None
    file: str | None = None


@functools.cache
def icons_folder() -> Path | None:
    """Where Material keeps its bundled icons, found without importing MkDocs."""
    spec = importlib.util.find_spec("material")
    for folder in spec.submodule_search_locations or () if spec else ():
        icons = Path(folder) / "templates" / ".icons"
        if icons.is_dir():
            return icons
    return None


def icon_file(name: str) -> Path | None:
    folder = icons_folder()
    path = folder / f"{name}.svg" if folder and ICON.fullmatch(name) else None  # ICON has no dots: no ".."
    return path if path is not None and path.is_file() else None


def parse_picture(value: object, docs_dir: Path) -> Picture:
    """The picture named by an activity's ``picture:`` line; anything unusable raises ValueError."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("'picture' must name an icon or a picture file")
    value = value.strip()
    if ICON.fullmatch(value):
        if icon_file(value) is None:
            raise ValueError(f"there is no icon '{value}' in the sets bundled with Material for MkDocs")
        return Picture(icon=value)
    path = check_url(value, docs_dir, allow_remote=False)
    if not path.startswith(MEDIA) or not path.lower().endswith(PICTURE_FILES):
        raise ValueError(f"'{value}' is not a picture in docs/media/ (.svg, .png or .jpg)")
    return Picture(file=path)


def icon_svg(name: str) -> str:
    """The icon's SVG markup, as the package ships it."""
    path = icon_file(name)
    if path is None:
        raise ValueError(f"there is no icon '{name}'")
    return path.read_text(encoding="utf-8")
