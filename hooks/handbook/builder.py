"""Build the sites of many families into a staging folder, then swap it in whole.

Only families whose inputs changed since the last build (or whose output was touched by hand) are
built again; the others are carried over with hard links, so a big caseload rebuilds in moments.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .build_state import CACHE, BuildState, FamilyRecord
from .fingerprint import FileDigests, family_inputs, output_digest
from .plan import Plan, check_requested
from .project import Project
from .root_files import root_file_contents, write_root_files
from .shared_work import CompiledTemplates, SharedWork
from .worker import Job, Progress, build_families, default_jobs

STAGE, OLD = ".site-staging", ".site-old"


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def build_sites(project: Project, families: list[str] | None = None, *, force: bool = False,
                jobs: int | None = None, progress: Progress | None = None) -> BuildReport:
    """Check every plan, build the chosen families (all by default) that need it, and replace ``site/`` in one step.

    A chosen family is built when its plan, the library files it uses, anything shared (guidance,
    media, ``mkdocs.yml``, ``hooks/``, package versions) or its folder in ``site/`` changed, or with
    ``force``. Families not chosen keep their current output. A folder whose token no plan uses any
    more (deleted plan, rotated link) is not carried over, so its old link stops working.
    """
    library = project.library()
    plans = project.plans(library)
    check_requested(families or [], plans, project.families_dir, project.root)
    chosen = [f for f in plans if not families or f in families]
    site = project.site_dir
    state = BuildState.load(project)
    files = FileDigests(project.root, state.files)
    inputs = family_inputs(project, library, plans, files)
    outputs = {f: output_digest(site / plans[f].link) for f in plans}
    to_build = [f for f in chosen if force or not _up_to_date(state.families.get(f), plans[f], inputs[f], outputs[f])]
    report = BuildReport(built=to_build, removed=_stale_folders(site, plans))
    if not to_build and _site_is_current(site, plans):
        report.kept = [f for f in plans if outputs[f] is not None]
    else:
        templates = CompiledTemplates(project.root / CACHE / "templates")
        report.kept = _rebuild(project, plans, to_build, jobs or default_jobs(), progress,
                               SharedWork(project.root, library, plans, templates))
        outputs.update({f: output_digest(site / plans[f].link) for f in to_build})
    records = {f: _record(state.families.get(f), f in to_build, plans[f], inputs[f], outputs[f]) for f in plans}
    state.families = {f: r for f, r in records.items() if r is not None}
    state.files = files.seen
    state.save(project)
    return report


def _up_to_date(record: FamilyRecord | None, plan: Plan, inputs: str, output: str | None) -> bool:
    return record is not None and record.token == plan.link and record.inputs == inputs and record.output == output


def _record(old: FamilyRecord | None, built: bool, plan: Plan, inputs: str, output: str | None
            ) -> FamilyRecord | None:
    """What to remember of a family: its new build, or the old record of a folder carried over as it was."""
    if built and output is not None:
        return FamilyRecord(token=plan.link, inputs=inputs, output=output)
    if old is not None and old.token == plan.link and old.output == output:
        return old
    return None


def _site_is_current(site: Path, plans: dict[str, Plan]) -> bool:
    """True when site/ holds exactly the neutral root files, as they should be, and one folder per plan."""
    if not site.is_dir():
        return False
    expected = root_file_contents()
    names = {p.name for p in site.iterdir()}
    if names != set(expected) | {p.link for p in plans.values()}:
        return False
    return all((site / name).is_file() and (site / name).read_bytes() == content for name, content in expected.items())


def _rebuild(project: Project, plans: dict[str, Plan], to_build: list[str], jobs: int, progress: Progress | None,
             shared: SharedWork) -> list[str]:
    """Stage the new site/ (carried-over folders + fresh builds) and swap it in; returns the families carried over."""
    site = project.site_dir
    stage = project.root / STAGE
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    kept = []
    try:
        for family, plan in plans.items():
            if family not in to_build and _carry_over(site / plan.link, stage / plan.link):
                kept.append(family)
        write_root_files(stage)  # before the builds, so that parallel builds find them in place
        build_families(Job(project, stage, shared), to_build, jobs=jobs, progress=progress)
        _swap(stage, site)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return kept


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
    old = site.with_name(OLD)
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
