"""``handbook cards``: the printable link cards, written to ``cards/`` beside ``site/``.

Never inside ``site/``, so the cards are never uploaded with the sites.
"""

from __future__ import annotations

from pathlib import Path

from ..core.file_replace import replace_file, write_failed
from ..core.plan import DEFAULT_LANGUAGE, Plan
from ..core.problems import display_path
from ..core.project import Project
from ..render.cards import make_cards, render_cards
from ..render.messages import load_messages


def write_cards(project: Project, plans: dict[str, Plan], base_url: str) -> Path:
    """Write ``cards/cards.html`` for these families (replacing an older one in one step); returns its path.

    Raises HandbookError, with the old cards as they were, when the disk refuses the file.
    """
    folder = project.root / "cards"
    path = folder / "cards.html"
    messages = load_messages(project.locales_dir, DEFAULT_LANGUAGE, project.root)
    html = render_cards(make_cards(plans, base_url, messages), messages)
    try:
        folder.mkdir(exist_ok=True)
        replace_file(path, html)
    except OSError as err:
        raise write_failed(display_path(path, project.root), "the cards", "nothing was changed", err) from None
    return path
