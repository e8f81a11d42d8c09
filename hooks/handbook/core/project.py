"""Where things live in a Family Handbook project, and loading all of it at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .containment import outside_links
from .library import Library, load_library
from .plan import SETTINGS_FILE, Plan, PlanDefaults, PlanLoader, load_plan, load_plans
from .problems import HandbookError
from .settings import load_settings

ROOT_FILES = ("index.html", "404.html", "robots.txt", "_headers")  # the neutral files at the top of site/


@dataclass(frozen=True)
class Project:
    """The folders of one project, found from its ``mkdocs.yml``."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project holding ``start`` (default: the current folder), or the current folder itself."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if cls(folder).is_project():
                return cls(folder)
        return cls(here)

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def families_dir(self) -> Path:
        return self.root / "families"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def locales_dir(self) -> Path:
        """The message catalogs: ``<language>.po`` per language besides English, and ``handbook.pot``."""
        return self.root / "hooks" / "locales"

    @property
    def settings_file(self) -> Path:
        return self.root / SETTINGS_FILE

    def is_project(self) -> bool:
        """A folder with ``mkdocs.yml`` and ``families/``: what every command needs to run in."""
        return self.config_file.is_file() and self.families_dir.is_dir()

    def settings(self, library: Library) -> PlanDefaults:
        """The therapist's details and defaults from ``handbook.yaml`` (none: the built-in defaults)."""
        return load_settings(self.root, library)

    def plan_path(self, family: str) -> Path:
        return self.families_dir / f"{family}.yaml"

    def plan_stamp(self, plan: Plan) -> dt.datetime:
        """When the plan file last changed (UTC, whole seconds): the same for every build of the same files."""
        return dt.datetime.fromtimestamp(int((self.root / plan.source).stat().st_mtime), dt.timezone.utc)

    def library(self) -> Library:
        """Every page of ``docs/``; raises HandbookError, also for a link in ``docs/`` that leads outside it."""
        outside = outside_links(self.docs_dir, self.root)
        pages = (self.docs_dir / "activities", self.docs_dir / "guidance")  # the folders load_library reads
        if any(link in pages or link.parent in pages for link in outside):
            raise HandbookError(outside.values())  # reading the pages would follow the link: refuse first
        try:
            library = load_library(self.docs_dir, self.root)
        except HandbookError as err:
            raise HandbookError([*outside.values(), *err.problems]) from None
        if outside:  # media: the library only looked whether they are there
            raise HandbookError(outside.values())
        return library

    def plans(self, library: Library, only: list[str] | None = None, load: PlanLoader = load_plan
              ) -> dict[str, Plan]:
        """The plans of ``families/``; a plan that is a link outside it is reported, never read."""
        outside = outside_links(self.families_dir, self.root)

        def inside(path: Path, library: Library, root: Path | None, defaults: PlanDefaults) -> Plan:
            if path in outside:
                raise HandbookError([])  # its problem is raised below, with every other one
            return load(path, library, root, defaults)

        try:
            plans = load_plans(self.families_dir, library, self.root, only=only, load=inside,
                               defaults=self.settings(library))
        except HandbookError as err:
            raise HandbookError([*outside.values(), *err.problems]) from None
        if outside:
            raise HandbookError(outside.values())
        return plans
