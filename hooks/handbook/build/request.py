"""What one site build is asked to make: handed to the adapter as one object, never through the environment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.library import Library
from ..core.plan import DEFAULT_LANGUAGE, Plan
from ..core.project import Project

if TYPE_CHECKING:  # Jinja is imported only once a site is built: `handbook build` with nothing to do never needs it
    from .shared_work import SharedWork


@dataclass(frozen=True)
class BuildRequest:
    """One family's site (or, with ``plan=None``, the therapist's preview of the whole library).

    A family's site goes to ``output_root/<token>/``; the preview goes to MkDocs' ``site_dir``
    (``.preview/`` when that is ``site/``). ``shared`` carries work done once for a whole run.
    """

    project: Project
    library: Library
    plan: Plan | None
    output_root: Path
    language: str = DEFAULT_LANGUAGE
    shared: SharedWork | None = None
    live_preview: bool = False  # `handbook serve`: no service worker, which would keep the preview's pages
    base_url: str = ""  # where site/ is online (`handbook build --base-url`): the calendar's reminders link there


class SiteBuildError(Exception):
    """A family's site could not be built: a theme, plugin or disk failure rather than a plan problem."""

    def __init__(self, family: str, detail: str) -> None:
        self.family = family
        self.detail = detail
        super().__init__(f"the site of '{family}' could not be built: {detail}")
