"""The only module that builds with MkDocs: a BuildRequest in, MkDocs' config and files out.

``build_site`` is how ``handbook build`` and ``handbook serve`` build; the hook functions below are
what ``hooks/main.py`` calls for every build, including a plain ``FAMILY=x mkdocs build``.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from ..build.request import BuildRequest
from ..core.plan import DEFAULT_LANGUAGE
from ..core.problems import HandbookError
from ..render.app_icons import THEME_COLOUR
from ..render.fragments import PLACEHOLDER, Fragments
from ..render.light_output import compact_html, is_unminified, minified, never_loaded
from ..render.messages import load_messages
from ..render.offline_worker import write_service_worker
from ..render.policy import CONTENT_SECURITY_POLICY, REFERRER, ROBOTS
from ..render.root_files import write_root_files
from ..render.site_content import PREVIEW_ASSETS, SiteContent, family_content, library_content
from ..render.templates import keep_compiled_templates
from . import speedups
from .command_line import request_from_command_line

REQUEST = "handbook_request"  # key in config.extra by which build_site hands its request to on_config
STATE = "handbook"  # key in config.extra holding this build's SiteBuild
DROPPED_OUTPUT = ("sitemap.xml", "sitemap.xml.gz", "404.html")  # the root holds the only 404 page
LIVE_PREVIEW_ASSETS = "assets/live_preview/"  # the banner and reload script of `handbook serve`, only there


@dataclass
class SiteBuild:
    """Everything one build needs after on_config, made fresh for it (hook modules outlive builds)."""

    request: BuildRequest
    content: SiteContent
    serving: bool  # under plain `mkdocs serve`


class SiteRefused(Exception):
    """MkDocs refused to build (its ``Abort``, a SystemExit): a broken mkdocs.yml or page, in MkDocs' words."""


def build_site(request: BuildRequest) -> None:
    """One site, exactly as ``FAMILY=<family> mkdocs build`` makes it; raises SiteRefused if MkDocs refuses."""
    shared = request.shared
    try:
        if shared is None:
            config = load_config(str(request.project.config_file))
        else:
            with speedups.faster_config_loading(shared):
                config = load_config(str(request.project.config_file))
            speedups.reuse_theme_environment(config.theme, shared)
            keep_compiled_templates(shared.page_templates)
        config.extra[REQUEST] = request
        if shared is None:
            build(config)
        else:
            with speedups.search_entries_reused(shared):
                build(config)
    except Abort as err:
        raise SiteRefused(str(err)) from None


def configure(config: MkDocsConfig) -> MkDocsConfig:
    """on_config: take the request, choose where the site goes, and hand MkDocs the site's content."""
    request = config.extra.pop(REQUEST, None) or request_from_command_line(config)
    serving = _served_by_mkdocs(config)
    content = _content(request)
    _set_output(config, request, serving)
    config.nav = content.nav
    if content.site_name is not None:
        config.site_name = content.site_name
    if content.family is not None:
        config.extra["family"] = content.family  # the page scripts' JSON island
    config.extra["words"] = content.script_words  # the scripts' words: {"page": {...}, "chart": {...}}
    config.extra["theme_words"] = content.theme_words  # Material's words our catalog translates
    config.extra["app_name"] = content.app_name
    # a site parents open from the home screen, offline too: not the previews, which change with each save
    config.extra["offline"] = content.family is not None and not serving and not request.live_preview
    config.extra["theme_colour"] = THEME_COLOUR
    config.extra["material_css"] = material_style_sheet()  # for plain.html, which is not Material's page
    config.extra_css.extend(content.extra_css)
    config.theme["language"] = theme_language(request.language)
    # `mkdocs serve` injects an inline live-reload script; the preview is local, so it goes without the CSP.
    config.extra["policy"] = {"csp": None if serving else CONTENT_SECURITY_POLICY, "robots": ROBOTS,
                              "referrer": REFERRER}
    config.extra[STATE] = SiteBuild(request, content, serving)
    return config


def _content(request: BuildRequest) -> SiteContent:
    project = request.project
    try:
        messages = load_messages(project.locales_dir, request.language, project.root)
    except HandbookError as err:
        raise Abort(f"Cannot build the handbook:\n{err}") from None
    if request.plan is None:
        return library_content(request.library, messages)
    return family_content(request.plan, request.library, messages, stamp=project.plan_stamp(request.plan),
                          base_url=request.base_url)


@functools.cache
def material_style_sheet() -> str:
    """Material's style sheet, whose name carries its version's hash (assets/stylesheets/main.<hash>.min.css)."""
    sheets = importlib.resources.files("material").joinpath("templates/assets/stylesheets")
    return next(f"assets/stylesheets/{s.name}" for s in sheets.iterdir()
                if s.name.startswith("main.") and s.name.endswith(".min.css"))


@functools.cache
def theme_language(language: str) -> str:
    """Material's interface language: the site's, when Material speaks it (a pseudo-locale falls back to English)."""
    if importlib.resources.files("material").joinpath(f"templates/partials/languages/{language}.html").is_file():
        return language
    return "en"


def _set_output(config: MkDocsConfig, request: BuildRequest, serving: bool) -> None:
    if request.plan is None:
        if Path(config.site_dir) == request.project.site_dir:
            config.site_dir = str(request.project.root / ".preview")  # never where families are deployed
        return
    if not serving:
        config.site_dir = str(request.output_root / request.plan.link)
    config.theme.static_templates.difference_update(DROPPED_OUTPUT)  # not even rendered: saves time per family


def _served_by_mkdocs(config: MkDocsConfig) -> bool:
    """True under plain `mkdocs serve`, which builds into a fresh temporary `mkdocs_*` folder of its own."""
    site_dir = Path(config.site_dir)
    return site_dir.name.startswith("mkdocs_") and site_dir.parent == Path(tempfile.gettempdir())


def select_files(files: Files, config: MkDocsConfig) -> Files:
    """on_files: drop every docs/ file the site must not carry and every theme file no page loads, then add
    the generated ones."""
    site: SiteBuild = config.extra[STATE]
    family_site = site.request.plan is not None
    docs_dir = os.path.abspath(config.docs_dir)
    languages, favicon = _search_languages(config), config.theme.get("favicon")
    palette = bool(config.theme.get("palette"))
    for file in list(files):
        from_docs = file.abs_src_path is not None and os.path.abspath(file.abs_src_path).startswith(docs_dir + os.sep)
        if from_docs and file.src_uri not in site.content.media:
            files.remove(file)
        elif not from_docs and (never_loaded(file.src_uri, search_languages=languages, favicon=favicon, palette=palette)
                                or family_site and (file.src_uri in DROPPED_OUTPUT
                                                    or file.src_uri.startswith(PREVIEW_ASSETS))
                                or file.src_uri.startswith(LIVE_PREVIEW_ASSETS) and not site.request.live_preview):
            files.remove(file)
    for file in [f for f in files if f.abs_src_path and is_unminified(f.src_uri)]:
        files.remove(file)
        files.append(_minified(file, config))
    for src_uri, content in site.content.files.items():
        files.append(File.generated(config, src_uri, content=content))
    return files


def _minified(file: File, config: MkDocsConfig) -> File:
    path = file.abs_src_path or ""
    st = os.stat(path)
    return File.generated(config, file.src_uri, content=minified(path, st.st_size, st.st_mtime_ns))


def _search_languages(config: MkDocsConfig) -> list[str]:
    """The languages of the search index (set by the search plugin in its on_config); none without search."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or not search.config.get("enabled", True):
        return []
    return list(search.config.get("lang") or [])


_PLACEHOLDER = re.compile("<p>" + re.escape(PLACEHOLDER).replace(r"\{\}", r"(\d+)") + "</p>")


def splice_fragments(html: str, config: MkDocsConfig) -> str:
    """on_page_content: put the page's fragments (render.fragments) where their placeholders stand."""
    fragments: Fragments = config.extra[STATE].content.fragments

    def fragment(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in fragments.html:
            return fragments.html[key]
        extensions: list[Any] = config.markdown_extensions
        return speedups.converted_markdown(fragments.markdown[key], extensions, config.mdx_configs)

    return _PLACEHOLDER.sub(fragment, html)


def finish_page(html: str) -> str:
    """on_post_page."""
    return compact_html(html)


def finish(config: MkDocsConfig) -> None:
    """on_post_build: the service worker, made from the finished folder, and the neutral root files beside the
    family folders (DROPPED_OUTPUT is never rendered)."""
    site: SiteBuild = config.extra[STATE]
    if config.extra.get("offline"):
        write_service_worker(Path(config.site_dir))
    if site.request.plan is not None and not site.serving:
        project = site.request.project
        messages = load_messages(project.locales_dir, DEFAULT_LANGUAGE, project.root)
        write_root_files(Path(config.site_dir).parent, messages)
