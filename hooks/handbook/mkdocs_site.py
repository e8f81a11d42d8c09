"""The only module that knows MkDocs: plan and library in, MkDocs config and files out."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from .library import Library
from .pages import family_nav, family_pages, library_nav, library_pages
from .plan import Plan
from .policy import CONTENT_SECURITY_POLICY, REFERRER, ROBOTS
from .problems import HandbookError
from .project import Project
from .root_files import write_root_files

STATE = "handbook"  # key in config.extra; templates read the family's public data from it
DROPPED_OUTPUT = ("sitemap.xml", "sitemap.xml.gz", "404.html")  # the root holds the only 404 page


@dataclass
class SiteState:
    """Everything one build needs, made fresh in ``on_config`` (hook modules outlive builds)."""

    project: Project
    library: Library
    plan: Plan | None
    pages: dict[str, str]
    keep: set[str] = field(default_factory=set)


def configure(config: MkDocsConfig) -> MkDocsConfig:
    project = Project(Path(config.config_file_path).parent)
    family = str(os.environ.get("FAMILY") or "").strip()  # !ENV-style typing would turn "no" into False
    try:
        library = project.library()
        plan = project.plans(library, only=[family])[family] if family else None
    except HandbookError as err:
        raise Abort(f"Cannot build the handbook:\n{err}") from None
    if plan is None:
        if Path(config.site_dir) == project.site_dir:
            config.site_dir = str(project.root / ".preview")  # never put the library where families are deployed
        config.nav = library_nav(library)
        state = SiteState(project, library, None, library_pages(library),
                          keep={f"guidance/{g}.md" for g in library.guidance} | _media(library, library.activities))
    else:
        config.site_dir = str(project.output_root() / plan.link)
        config.site_name = html.escape(f"{plan.child}’s practice", quote=False).replace('"', "&quot;")
        config.nav = family_nav(plan, library)
        assigned = [a.id for a in plan.activities]
        state = SiteState(project, library, plan, family_pages(plan, library),
                          keep={f"guidance/{g}.md" for g in library.guidance} | _media(library, assigned))
    config.extra[STATE] = state
    config.extra["policy"] = {"csp": CONTENT_SECURITY_POLICY, "robots": ROBOTS, "referrer": REFERRER}
    return config


def _media(library: Library, activity_ids: object) -> set[str]:
    """Video, caption and poster files of these activities: the only docs/ files besides guidance to ship."""
    found = set()
    for activity_id in activity_ids:  # type: ignore[attr-defined]
        activity = library.activities[activity_id]
        found.update(p for p in (activity.video, activity.captions, activity.poster) if p and "://" not in p)
    return found


def select_files(files: Files, config: MkDocsConfig) -> Files:
    """Drop every docs/ file the site must not carry, then add the generated pages."""
    state: SiteState = config.extra[STATE]
    docs_dir = os.path.abspath(config.docs_dir)
    for file in list(files):
        from_docs = file.abs_src_path is not None and os.path.abspath(file.abs_src_path).startswith(docs_dir + os.sep)
        if from_docs and file.src_uri not in state.keep:
            files.remove(file)
    for src_uri, content in state.pages.items():
        files.append(File.generated(config, src_uri, content=content))
    return files


def finish(config: MkDocsConfig) -> None:
    """Remove output no parent needs, and write the neutral root files beside the family folders."""
    state: SiteState = config.extra[STATE]
    if state.plan is None:
        return
    site_dir = Path(config.site_dir)
    for name in DROPPED_OUTPUT:
        (site_dir / name).unlink(missing_ok=True)
    write_root_files(site_dir.parent)


def build_family(project: Project, family: str, output_root: Path) -> None:
    """One family's site into ``output_root/<token>/``, exactly as ``FAMILY=<family> mkdocs build`` makes it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    saved = {key: os.environ.get(key) for key in ("FAMILY", "HANDBOOK_OUTPUT")}
    os.environ.update(FAMILY=family, HANDBOOK_OUTPUT=str(output_root))
    try:
        build(load_config(str(project.config_file)))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
