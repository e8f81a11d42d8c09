"""Build the sites of many families into a staging folder, and move them into site/ once all are built.

Only families whose inputs changed since the last build (or whose output was touched by hand) are
built again; the folders of the others are not touched, so a big caseload rebuilds in moments.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.plan import DEFAULT_LANGUAGE, Plan, check_requested
from ..core.project import ROOT_FILES, Project
from .build_state import CACHE, BuildState, FamilyRecord
from .fingerprint import FileDigests, family_inputs, output_digest, package_versions, packages_digest, shared_digest
from .lock import project_lock
from .parse_cache import checked_library_and_plans
from .publish import JOURNAL, can_swap, clear_staging, link_kept, make_staging_folder, publish, recover
from .takedown import Removal, removals

if TYPE_CHECKING:
    from ..render.messages import Messages
    from .shared_work import SharedWork
    from .worker import Progress


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)  # folders of site/ that went, and why
    plans: list[Plan] = field(default_factory=list)  # the chosen families' plans, for their warnings


def build_sites(project: Project, families: list[str] | None = None, *, force: bool = False,
                jobs: int | None = None, progress: Progress | None = None, wait: bool = True,
                on_wait: Callable[[], None] | None = None, base_url: str = "") -> BuildReport:
    """Check every plan, build the chosen families (all by default) that need it, then update ``site/``.

    A chosen family is built when its plan, the library files it uses, anything shared (guidance,
    media, ``mkdocs.yml``, ``hooks/``, package versions) or its folder in ``site/`` changed, or with
    ``force``. Nothing in ``site/`` changes until every build succeeded, and then it changes in one
    step (``publish``). Families not chosen keep their current output. A folder whose token no plan
    uses any more (deleted plan, rotated link) is removed, so its old link stops working.

    One build at a time: while another holds the project, ``on_wait`` is called and this waits (or
    raises ProjectBusy when ``wait`` is false). ``base_url`` (checked, or ""), where site/ is online, puts the
    family's link in its calendar; a different one rebuilds every family.
    """
    with project_lock(project.root, wait=wait, on_wait=on_wait):
        recover(project.root, project.site_dir)  # a publish a crash interrupted is finished first
        clear_staging(project.site_dir, project.root)
        return _build_locked(project, families, force=force, jobs=jobs, progress=progress, base_url=base_url)


def _build_locked(project: Project, families: list[str] | None, *, force: bool, jobs: int | None,
                  progress: Progress | None, base_url: str) -> BuildReport:
    library, plans = checked_library_and_plans(project)
    check_requested(families or [], plans, project.families_dir, project.root)
    chosen = [f for f in plans if not families or f in families]
    site = project.site_dir
    state = BuildState.load(project)
    files = FileDigests(project.root, state.files)
    versions = package_versions()
    shared_in = shared_digest(project, library, files, versions, base_url)
    inputs = family_inputs(plans, files, shared_in)
    outputs = {f: output_digest(site / plans[f].link) for f in plans}
    to_build = [f for f in chosen if force or not _up_to_date(state.families.get(f), plans[f], inputs[f], outputs[f])]
    report = BuildReport(built=to_build, kept=[f for f in plans if f not in to_build and outputs[f] is not None],
                         removed=removals(project, state, plans), plans=[plans[f] for f in chosen])
    current = state.root == _root_record(site, shared_in) and _holds_only_its_folders(site, plans)
    if to_build or not current:
        # only now the engine's rendering (Jinja, Babel): a build with nothing to do never imports it
        from ..render.messages import load_messages
        from .shared_work import CompiledTemplates, SharedWork
        from .worker import default_jobs  # processes and threads, only for a build with work to do

        root_messages = load_messages(project.locales_dir, DEFAULT_LANGUAGE, project.root)
        if to_build or not _site_is_current(site, plans, root_messages):
            compiled = project.root / CACHE / "templates" / packages_digest(versions)[:16]  # new packages: new cache
            shared = SharedWork(project.root, library, plans, CompiledTemplates(compiled / "theme"),
                                CompiledTemplates(compiled / "pages"))
            live = {plans[f].link: outputs[f] for f in plans}
            _rebuild(project, plans, to_build, jobs or default_jobs(), progress, shared, root_messages, live,
                     base_url)
            outputs.update({f: output_digest(site / plans[f].link) for f in to_build})
    state.root = _root_record(site, shared_in)  # only now: the state describes the site in place
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
        return FamilyRecord(token=plan.link, inputs=inputs, output=output, child=plan.child)
    if old is not None and old.token == plan.link and old.output == output:
        return dataclasses.replace(old, child=plan.child)
    return None


def _site_is_current(site: Path, plans: dict[str, Plan], messages: Messages) -> bool:
    """True when site/ holds exactly the neutral root files, as they should be, and one folder per plan."""
    from ..render.root_files import root_file_contents

    if not _holds_only_its_folders(site, plans):
        return False
    expected = root_file_contents(messages)
    return all((site / name).is_file() and (site / name).read_bytes() == content for name, content in expected.items())


def _holds_only_its_folders(site: Path, plans: dict[str, Plan]) -> bool:
    """site/ holds the root files and one folder per plan, and nothing else."""
    return site.is_dir() and {p.name for p in site.iterdir()} == set(ROOT_FILES) | {p.link for p in plans.values()}


def _root_record(site: Path, shared_in: str) -> str:
    """The root files' names, sizes and times, with the digest of what they are made from: when both are as
    last recorded, the root files are as the last build wrote them, and need not be made again to compare."""
    entries = []
    for name in sorted(p.name for p in site.iterdir() if p.is_file()) if site.is_dir() else []:
        st = (site / name).stat()
        entries.append(f"{name} {st.st_size} {st.st_mtime_ns}")
    return hashlib.sha256("\n".join([shared_in, *entries]).encode()).hexdigest()


def _rebuild(project: Project, plans: dict[str, Plan], to_build: list[str], jobs: int, progress: Progress | None,
             shared: SharedWork, root_messages: Messages, live: dict[str, str | None], base_url: str) -> None:
    """Build into a staging folder, then publish it; the folders of families not rebuilt stay as they are."""
    from .worker import Job, build_families

    site = project.site_dir
    stage = make_staging_folder(site, project.root, live, rebuilt={plans[f].link for f in to_build})
    try:
        from ..render.root_files import write_root_files

        write_root_files(stage, root_messages)  # before the builds, so that parallel builds find them in place
        keep = [plan.link for family, plan in plans.items() if family not in to_build]
        link = (lambda: link_kept(stage, site, keep)) if can_swap(stage, site) else None
        build_families(Job(project, stage, shared, base_url), to_build, jobs=jobs, progress=progress, meanwhile=link)
        publish(stage, site, project.root, keep=keep, tokens={plan.link for plan in plans.values()})
    finally:
        if not (project.root / JOURNAL).exists():  # a journal still needs what is staged, to finish the publish
            shutil.rmtree(stage, ignore_errors=True)
