"""MkDocs hooks of Family Handbook: each event hands over to ``handbook.adapter.site``.

``handbook build`` hands each build a request object; a plain ``FAMILY=rivera mkdocs build`` names
the family in the environment. Without FAMILY, ``mkdocs serve`` previews the whole library.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from handbook.adapter import site


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    return site.configure(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return site.select_files(files, config)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return site.splice_fragments(html, config)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return site.finish_page(output)


def on_post_build(config: MkDocsConfig) -> None:
    site.finish(config)
