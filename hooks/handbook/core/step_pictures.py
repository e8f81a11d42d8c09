"""Pictures inside an activity's steps: ordinary Markdown images of files in ``docs/media/``.

A therapist can add a photo of the real materials to a step with ``![The yellow tongs](../media/tongs.jpg)``.
Each one must be a picture file that exists in ``docs/media/`` and say in words what it shows, so it
ships with the sites of the families who have the activity, and a screen reader can tell what it is.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from .problems import Problem

MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
PICTURE_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
EXAMPLE = "![Thumb on top of the tongs](../media/tongs-thumb.jpg)"


def step_pictures(body: str, file: str, first_line: int, docs_dir: Path) -> tuple[tuple[str, ...], list[Problem]]:
    """The ``docs/``-relative paths of the body's pictures, and what is wrong with any of them."""
    found: list[str] = []
    problems: list[Problem] = []
    for match in MARKDOWN_IMAGE.finditer(body):
        line = first_line + body[: match.start()].count("\n")
        alt, address = match.group(1).strip(), match.group(2)
        if "://" in address or address.startswith(("//", "data:")):
            continue  # page_safety.py refuses pictures from other sites, with its own message
        path = posixpath.normpath(posixpath.join("activities", address.split("#")[0].split("?")[0]))
        if not path.startswith("media/") or not path.lower().endswith(PICTURE_TYPES):
            problems.append(Problem(file, line, f"the picture '{address}' is not a picture file in docs/media/",
                                    f"put an .svg, .png or .jpg file in docs/media/ and write {EXAMPLE}"))
        elif not (docs_dir / path).is_file():
            problems.append(Problem(file, line, f"the picture '{address}' is not there: docs/{path} does not exist",
                                    "check the file name (capitals count), or add the file to docs/media/"))
        elif not alt:
            problems.append(Problem(file, line, f"the picture '{address}' has no words saying what it shows",
                                    f"write them between the brackets: {EXAMPLE}"))
        else:
            found.append(path)
    return tuple(dict.fromkeys(found)), problems
