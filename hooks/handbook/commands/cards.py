"""``handbook cards``: the printable link cards, written to ``cards/`` beside ``site/``.

Never inside ``site/``, so the cards are never uploaded with the sites.
"""

from __future__ import annotations

from pathlib import Path

from ..core.file_replace import replace_file
from ..core.plan import DEFAULT_LANGUAGE, Plan
from ..core.project import Project
from ..render.cards import make_cards, render_cards
from ..render.messages import load_messages


def write_cards(project: Project, plans: dict[str, Plan], base_url: str) -> Path:
    """Write ``cards/cards.html`` for these families (replacing an older one in one step); returns its path."""
    folder = project.root / "cards"
    folder.mkdir(exist_ok=True)
    path = folder / "cards.html"
    messages = load_messages(project.locales_dir, DEFAULT_LANGUAGE, project.root)
    replace_file(path, render_cards(make_cards(plans, base_url, messages), messages))
    return path
