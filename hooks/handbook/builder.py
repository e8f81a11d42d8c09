"""Build the sites of many families into a staging folder, then swap it in whole."""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .plan import Plan
from .problems import HandbookError, Problem
from .project import Project
from .root_files import write_root_files

Progress = Callable[[int, int, str], None]


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def build_sites(project: Project, families: list[str] | None = None, *, progress: Progress | None = None
                ) -> BuildReport:
    """Check every plan, build the chosen families (all by default) and replace ``site/`` in one step.

    Families not chosen keep their current output. A folder whose token no plan uses any more
    (deleted plan, rotated link) is not carried over, so its old link stops working.
    """
    library = project.library()
    plans = project.plans(library)
    for family in families or []:
        if family not in plans:
            raise HandbookError([Problem(f"families/{family}.yaml", 1, f"there is no plan for '{family}'",
                                         f"create it with 'handbook new {family} --child NAME'")])
    chosen = [f for f in plans if not families or f in families]
    site = project.site_dir
    stage = project.root / ".site-staging"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    report = BuildReport()
    try:
        for family, plan in plans.items():
            if family not in chosen and _carry_over(site / plan.link, stage / plan.link):
                report.kept.append(family)
        to_build = [f for f in chosen if f not in report.kept]
        _build_all(project, to_build, stage, progress)
        report.built.extend(to_build)
        write_root_files(stage)
        report.removed = _stale_folders(site, plans)
        _swap(stage, site)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return report


def _build_all(project: Project, families: list[str], stage: Path, progress: Progress | None) -> None:
    from .mkdocs_site import build_family

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    for done, family in enumerate(families, start=1):
        build_family(project, family, stage)
        if progress:
            progress(done, len(families), family)


def _carry_over(old: Path, new: Path) -> bool:
    if not old.is_dir():
        return False
    shutil.copytree(old, new, copy_function=_link_or_copy)
    return True


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _stale_folders(site: Path, plans: dict[str, Plan]) -> list[str]:
    tokens = {p.link for p in plans.values()}
    if not site.is_dir():
        return []
    return sorted(p.name for p in site.iterdir() if p.is_dir() and p.name not in tokens)


def _swap(stage: Path, site: Path) -> None:
    """Put the staged site in place; the old one is removed only once the new one is there."""
    old = site.with_name(".site-old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        os.replace(site, old)
    try:
        os.replace(stage, site)
    except OSError:
        if old.exists():
            os.replace(old, site)
        raise
    shutil.rmtree(old, ignore_errors=True)
