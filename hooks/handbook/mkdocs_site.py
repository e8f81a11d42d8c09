"""The only module that knows MkDocs: plan and library in, MkDocs config and files out."""

from __future__ import annotations

import copy
import functools
import html
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator

import jinja2
import markdown
import mkdocs.utils
import mkdocs.utils.yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.theme import Theme

from .library import Library
from .light_output import compact_html, never_loaded
from .generated_files import family_files, plan_stamp
from .pages import (PLACEHOLDER, Fragments, family_data, family_nav, family_pages, keep_compiled_templates,
                    library_nav, library_pages, poster_files)
from .plan import Plan
from .policy import CONTENT_SECURITY_POLICY, REFERRER, ROBOTS
from .problems import HandbookError
from .project import Project
from .root_files import write_root_files
from .shared_work import SharedWork, ThemeLoader

STATE = "handbook"  # key in config.extra; templates read the family's public data from it
SHARED = "handbook_shared_work"  # key in config.extra by which build_family hands over SharedWork
DROPPED_OUTPUT = ("sitemap.xml", "sitemap.xml.gz", "404.html")  # the root holds the only 404 page


@dataclass
class SiteState:
    """Everything one build needs, made fresh in ``on_config`` (hook modules outlive builds)."""

    project: Project
    library: Library
    plan: Plan | None
    pages: dict[str, str | bytes]  # generated files by path: Markdown pages, calendar, posters
    keep: set[str] = field(default_factory=set)
    fragments: Fragments = field(default_factory=Fragments)  # spliced into the pages' HTML


def configure(config: MkDocsConfig) -> MkDocsConfig:
    project = Project(Path(config.config_file_path).parent)
    family = str(os.environ.get("FAMILY") or "").strip()  # !ENV-style typing would turn "no" into False
    shared: SharedWork | None = config.extra.pop(SHARED, None)
    if shared is not None and (shared.root.resolve() != project.root.resolve() or family not in shared.plans):
        shared = None
    try:
        if shared is not None:  # checked once for the whole run by the builder
            library, plan = shared.library, shared.plans[family]
        else:
            library = project.library()
            plan = project.plans(library, only=[family])[family] if family else None
    except HandbookError as err:
        raise Abort(f"Cannot build the handbook:\n{err}") from None
    serving = _served_by_mkdocs(config)
    if plan is None:
        if Path(config.site_dir) == project.site_dir:
            config.site_dir = str(project.root / ".preview")  # never put the library where families are deployed
        config.nav = library_nav(library)
        fragments = Fragments()
        state = SiteState(project, library, None, {**library_pages(library, fragments),
                                                   **poster_files(list(library.activities.values()))},
                          keep=_media(library, library.activities), fragments=fragments)
    else:
        if not serving:
            config.site_dir = str(project.output_root() / plan.link)
        config.theme.static_templates.difference_update(DROPPED_OUTPUT)  # not even rendered: saves time per family
        config.site_name = html.escape(f"{plan.child}’s practice", quote=False).replace('"', "&quot;")
        config.nav = family_nav(plan, library)
        assigned = [a.id for a in plan.activities]
        config.extra["family"] = family_data(plan, library)  # the page scripts' JSON island
        stamp = plan_stamp(project.root / plan.source)  # the plan may be a .yml file
        fragments = Fragments()
        state = SiteState(project, library, plan, {**family_pages(plan, library, fragments),
                                                   **family_files(plan, library, stamp=stamp)},
                          keep=_media(library, assigned), fragments=fragments)
    config.extra[STATE] = state
    # `mkdocs serve` injects an inline live-reload script; the preview is local, so it goes without the CSP.
    csp = None if serving else CONTENT_SECURITY_POLICY
    config.extra["policy"] = {"csp": csp, "robots": ROBOTS, "referrer": REFERRER}
    return config


def _served_by_mkdocs(config: MkDocsConfig) -> bool:
    """True under plain `mkdocs serve`, which builds into a fresh temporary `mkdocs_*` folder of its own."""
    site_dir = Path(config.site_dir)
    return site_dir.name.startswith("mkdocs_") and site_dir.parent == Path(tempfile.gettempdir())


def _reuse_theme_work(theme: Theme, shared: SharedWork) -> None:
    """Give every build of this process one Jinja environment for the theme, which lists theme files
    once and keeps its loaded templates, instead of a new environment per build (and per plugin).

    The environment holds no family data: MkDocs passes config, page and nav to each render as its
    context, and the environment's own setup (filters, translations) is the same for every family,
    so no byte of output changes. MkDocs has no event early enough (plugins ask for an environment
    in their own on_config, before any hook runs), so the theme's ``get_env`` is wrapped.
    """
    make_env = theme.get_env
    key = ("theme environment", tuple(theme.dirs), theme.locale.language)

    def get_env() -> jinja2.Environment:
        env = shared.reused.get(key)
        if not isinstance(env, jinja2.Environment):
            env = shared.reused[key] = make_env()
            env.loader = ThemeLoader(theme.dirs)
            env.bytecode_cache = shared.templates
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


@contextmanager
def _themes_listed_once(shared: SharedWork) -> Iterator[None]:
    """MkDocs reads the entry points of every installed package on each load_config; a run needs it once."""
    real = mkdocs.utils.get_themes
    if "themes" not in shared.reused:
        shared.reused["themes"] = real()
    themes = shared.reused["themes"]
    mkdocs.utils.get_themes = functools.cache(lambda: themes)  # MkDocs calls its cache_clear()
    try:
        yield
    finally:
        mkdocs.utils.get_themes = real


@contextmanager
def _config_file_read_once(shared: SharedWork) -> Iterator[None]:
    """Parse mkdocs.yml once per run: each build still gets a fresh config from its own copy of the data.

    A file with YAML tags (``!ENV``, ``!relative``) or ``INHERIT`` is read the usual way each time,
    since what those give can depend on the build.
    """
    real = MkDocsConfig.load_file

    def load_file(config: MkDocsConfig, config_file: IO[bytes]) -> None:
        text = config_file.read()
        if b"!" in text or b"INHERIT" in text:
            config_file.seek(0)
            return real(config, config_file)
        key = ("mkdocs.yml", text)
        if key not in shared.reused:
            shared.reused[key] = mkdocs.utils.yaml.yaml_load(text.decode("utf-8"))
        config.load_dict(copy.deepcopy(shared.reused[key]))

    MkDocsConfig.load_file = load_file  # type: ignore[method-assign]
    try:
        yield
    finally:
        MkDocsConfig.load_file = real  # type: ignore[method-assign]


def _media(library: Library, activity_ids: object) -> set[str]:
    """Video, caption and poster files of these activities: the only files of docs/ a site ships as they are."""
    found = set()
    for activity_id in activity_ids:  # type: ignore[attr-defined]
        activity = library.activities[activity_id]
        found.update(p for p in (activity.video, activity.captions, activity.poster) if p and "://" not in p)
    return found


def select_files(files: Files, config: MkDocsConfig) -> Files:
    """Drop every docs/ file the site must not carry and every theme file no page loads, then add the pages."""
    state: SiteState = config.extra[STATE]
    docs_dir = os.path.abspath(config.docs_dir)
    languages, favicon = _search_languages(config), config.theme.get("favicon")
    palette = bool(config.theme.get("palette"))
    for file in list(files):
        from_docs = file.abs_src_path is not None and os.path.abspath(file.abs_src_path).startswith(docs_dir + os.sep)
        if from_docs and file.src_uri not in state.keep:
            files.remove(file)
        elif not from_docs and (never_loaded(file.src_uri, search_languages=languages, favicon=favicon, palette=palette)
                                or state.plan is not None and file.src_uri in DROPPED_OUTPUT):
            files.remove(file)
    for src_uri, content in state.pages.items():
        files.append(File.generated(config, src_uri, content=content))
    return files


def _search_languages(config: MkDocsConfig) -> list[str]:
    """The languages of the search index (set by the search plugin in its on_config); none without search."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or not search.config.get("enabled", True):
        return []
    return list(search.config.get("lang") or [])


_PLACEHOLDER = re.compile("<p>" + re.escape(PLACEHOLDER).replace(r"\{\}", r"(\d+)") + "</p>")


def splice_fragments(html: str, config: MkDocsConfig) -> str:
    """Put the page's fragments (see pages.Fragments) where their placeholders stand in MkDocs' HTML."""
    fragments = config.extra[STATE].fragments

    def fragment(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in fragments.html:
            return fragments.html[key]
        return _converted(fragments.markdown[key], config.markdown_extensions, config.mdx_configs)

    return _PLACEHOLDER.sub(fragment, html)


_CONVERTED: dict[tuple[str, str], str] = {}  # library Markdown by settings: converted once per process


def _converted(text: str, extensions: list[Any], settings: dict[str, Any]) -> str:
    """The HTML of library Markdown that needs nothing from its page, as the site's Markdown settings make it."""
    key = (repr((extensions, sorted(settings.items()))), text)
    if key not in _CONVERTED:
        if len(_CONVERTED) > 10_000:  # only `mkdocs serve` gets here: every saved edit is new text
            _CONVERTED.clear()
        _CONVERTED[key] = markdown.Markdown(extensions=extensions, extension_configs=settings).convert(text)
    return _CONVERTED[key]


def finish_page(html: str) -> str:
    return compact_html(html)


def finish(config: MkDocsConfig) -> None:
    """Write the neutral root files beside the family folders (DROPPED_OUTPUT is never rendered)."""
    state: SiteState = config.extra[STATE]
    if state.plan is None:
        return
    if not _served_by_mkdocs(config):
        write_root_files(Path(config.site_dir).parent)


def build_family(project: Project, family: str, output_root: Path, shared: SharedWork | None = None) -> None:
    """One family's site into ``output_root/<token>/``, exactly as ``FAMILY=<family> mkdocs build`` makes it.

    ``shared`` carries work done once for all families of a run (checked plans, compiled templates).
    """
    saved = {key: os.environ.get(key) for key in ("FAMILY", "HANDBOOK_OUTPUT")}
    os.environ.update(FAMILY=family, HANDBOOK_OUTPUT=str(output_root))
    try:
        if shared is None:
            config = load_config(str(project.config_file))
        else:
            with _themes_listed_once(shared), _config_file_read_once(shared):
                config = load_config(str(project.config_file))
            config.extra[SHARED] = shared
            _reuse_theme_work(config.theme, shared)
            keep_compiled_templates(shared.page_templates)
        build(config)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
