"""MkDocs hooks of Family Handbook: each event hands over to ``handbook.mkdocs_site``.

The family comes from the FAMILY environment variable: ``FAMILY=rivera mkdocs build``.
Without it, ``mkdocs serve`` previews the whole library for the therapist.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from handbook import mkdocs_site


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    return mkdocs_site.configure(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return mkdocs_site.select_files(files, config)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return mkdocs_site.splice_fragments(html, config)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return mkdocs_site.finish_page(output)


def on_post_build(config: MkDocsConfig) -> None:
    mkdocs_site.finish(config)
