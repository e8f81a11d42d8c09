"""Every patch of MkDocs' internals, in one place: what each one replaces, and why no byte of output changes.

They are used only by ``handbook build`` (and ``handbook serve``), through ``SharedWork``: a plain
``mkdocs build`` runs MkDocs as it is. MkDocs 1.6.1 is the last 1.x release (and ProperDocs keeps
its internals), so the functions patched here will not move under us.
"""

from __future__ import annotations

import copy
import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import EntryPoint
from typing import IO, Any, cast

import jinja2
import markdown
import mkdocs.utils
import mkdocs.utils.yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.theme import Theme

from ..build.shared_work import SharedWork


class ThemeLoader(jinja2.FileSystemLoader):
    """The theme's template loader, listing files without walking hidden folders.

    Material keeps 14,000 icon files in ``.icons/``; MkDocs drops every hidden path from the list
    of theme files anyway, so walking them only costs time on every build.
    """

    _listed: list[str] | None = None

    def list_templates(self) -> list[str]:
        if self._listed is None:  # theme files do not change during a run
            self._listed = self._walk()
        return list(self._listed)

    def _walk(self) -> list[str]:
        found: set[str] = set()
        for top in self.searchpath:
            for folder, subfolders, names in os.walk(top, followlinks=self.followlinks):
                subfolders[:] = [d for d in subfolders if not d.startswith(".")]
                base = os.path.relpath(folder, top).replace(os.sep, "/")
                for name in names:
                    if not name.startswith("."):
                        found.add(name if base == "." else f"{base}/{name}")
        return sorted(found)


def reuse_theme_environment(theme: Theme, shared: SharedWork) -> None:
    """Patches ``Theme.get_env``: every build of this process gets one Jinja environment for the theme,
    which lists theme files once and keeps its loaded templates, instead of a new one per build and plugin.

    The environment holds no family data: MkDocs passes config, page and nav to each render as its
    context, and the environment's own setup (filters, translations) is the same for every family
    of one language. MkDocs has no event early enough (plugins ask for an environment in their own
    on_config, before any hook runs), so the theme's method is wrapped.
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
def faster_config_loading(shared: SharedWork) -> Iterator[None]:
    """Both patches that make ``load_config`` cheap for the second family of a run and after."""
    with _themes_listed_once(shared), _config_file_read_once(shared):
        yield


@contextmanager
def _themes_listed_once(shared: SharedWork) -> Iterator[None]:
    """Patches ``mkdocs.utils.get_themes``, which reads the entry points of every installed package on
    each load_config; a run needs them once."""
    real = mkdocs.utils.get_themes
    if "themes" not in shared.reused:
        shared.reused["themes"] = real()
    themes = cast("dict[str, EntryPoint]", shared.reused["themes"])
    mkdocs.utils.get_themes = functools.cache(lambda: themes)  # MkDocs calls its cache_clear()
    try:
        yield
    finally:
        mkdocs.utils.get_themes = real


@contextmanager
def _config_file_read_once(shared: SharedWork) -> Iterator[None]:
    """Patches ``MkDocsConfig.load_file``: mkdocs.yml is parsed once per run, and each build still gets
    a fresh config from its own copy of the data.

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
        config.load_dict(copy.deepcopy(cast("dict[str, Any]", shared.reused[key])))

    MkDocsConfig.load_file = load_file  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        MkDocsConfig.load_file = real  # type: ignore[method-assign]


@contextmanager
def search_entries_reused(shared: SharedWork) -> Iterator[None]:
    """Patches Material's ``SearchIndex.add_entry_from_context``: a page whose address, HTML and search
    settings are those of a page already indexed in this run gets copies of that page's entries.

    The entries are made from exactly these (the HTML's sections and headings, the address, the title,
    the front matter's tags and boost), so the copies are what parsing the HTML again would give. The
    tips for parents read the same for every family of a therapist, and parsing them is a tenth of a
    family's build.
    """
    from material.plugins.search.plugin import SearchIndex  # type: ignore[import-untyped]

    real = SearchIndex.add_entry_from_context
    made = cast("dict[tuple[str, ...], list[dict[str, Any]]]", shared.reused.setdefault("search entries", {}))

    def add_entry_from_context(index: Any, page: Any) -> None:
        key = (page.url, page.content, str(page.title), repr(page.meta.get("title")), repr(page.meta.get("tags")),
               repr(page.meta.get("search")))
        if key in made:
            index.entries.extend(copy.deepcopy(made[key]))
            return
        before = len(index.entries)
        real(index, page)
        made[key] = copy.deepcopy(index.entries[before:])

    SearchIndex.add_entry_from_context = add_entry_from_context
    try:
        yield
    finally:
        SearchIndex.add_entry_from_context = real


_CONVERTED: dict[tuple[str, str], str] = {}  # library Markdown by settings: converted once per process


def converted_markdown(text: str, extensions: list[Any], settings: dict[str, Any]) -> str:
    """The HTML of library Markdown that needs nothing from its page, as the site's Markdown settings make it.

    Not a patch but a process-wide cache beside MkDocs' own conversion: every family shares the
    library's sections, so each is converted once per run instead of once per family.
    """
    key = (repr((extensions, sorted(settings.items()))), text)
    if key not in _CONVERTED:
        if len(_CONVERTED) > 10_000:  # only `mkdocs serve` gets here: every saved edit is new text
            _CONVERTED.clear()
        _CONVERTED[key] = markdown.Markdown(extensions=extensions, extension_configs=settings).convert(text)
    return _CONVERTED[key]
