"""Fragments skip MkDocs' Markdown pass (see handbook.render.fragments) without changing what a parent gets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.core.project import Project
from handbook.render import fragments as fragments_module
from handbook.render import pages, site_content
from handbook.render.messages import load_messages

from conftest import build_one, copy_project, family_dir


def _squeezed(text: str) -> str:
    """HTML with whitespace runs made one space: Markdown and the splice differ only in line breaks."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", text))


def _article(page: str) -> str:
    found = re.search(r"<article.*</article>", page, re.S)
    assert found, page[:200]
    return found.group()


def _inline_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages rendered without a Fragments: everything in the Markdown that MkDocs converts."""
    monkeypatch.setattr(site_content, "family_pages",
                        lambda plan, library, messages, fragments, **options: pages.family_pages(
                            plan, library, messages, **options))


def test_pages_really_use_fragments(built: Path) -> None:
    project = Project(built)
    library = project.library()
    fragments = fragments_module.Fragments()
    plan = project.plans(library)["rivera"]
    markdown = pages.family_pages(plan, library, load_messages(project.locales_dir, "en"), fragments,
                                  stamp=project.plan_stamp(plan))
    # the week's lists on the home page, the fridge chart, each activity's dose and "done" box
    assert len(fragments.html) >= 2 + 2 * len(plan.activities)
    assert len(fragments.markdown) > 20  # activity and guidance sections
    assert sum(len(re.findall(r"^HB-FRAGMENT-\d+$", text, re.M)) for text in markdown.values()) == \
        len(fragments.html) + len(fragments.markdown)


@pytest.mark.parametrize("family", ["rivera", "chen"])
def test_spliced_pages_match_pages_with_everything_inline(built: Path, tmp_path: Path, family: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    build_one(built, family, tmp_path / "spliced")
    _inline_everything(monkeypatch)
    build_one(built, family, tmp_path / "inline")
    token = family_dir(built, family).name
    spliced, inline = tmp_path / "spliced" / token, tmp_path / "inline" / token
    names = sorted(p.relative_to(spliced) for p in spliced.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(inline) for p in inline.rglob("*") if p.is_file())
    for name in names:
        if name.suffix in (".html", ".json"):  # pages and the search index
            ours, theirs = (spliced / name).read_text(encoding="utf-8"), (inline / name).read_text(encoding="utf-8")
            assert "HB-FRAGMENT" not in ours, name
            # the tips and the practice views: inline, their headings would also fill the menu
            if name.parts[0] in ("guidance", "practice"):
                ours, theirs = (_article(page) for page in (ours, theirs))
            assert _squeezed(ours) == _squeezed(theirs), name
        elif name.name == "sw.js":  # the same files; the pages' fingerprints follow their bytes
            assert _addresses(spliced / name) == _addresses(inline / name)
        else:
            assert (spliced / name).read_bytes() == (inline / name).read_bytes(), name


def _addresses(worker: Path) -> list[str]:
    return re.findall(r'"([^"]+)": "[0-9a-f]{16}"', worker.read_text(encoding="utf-8"))


def test_library_text_with_a_link_stays_in_the_page_so_mkdocs_rewrites_the_link(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    page = root / "docs" / "activities" / "spoon-scooping.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("## Make it easier\n", "## Make it easier\n\n"
                                 "- Warm up with [Tong Transfer Pom-Poms](tong-transfer-pom-poms.md) first.\n", 1),
                    encoding="utf-8")
    build_one(root, "rivera", tmp_path / "out")  # rivera has both activities
    token = family_dir(root, "rivera").name
    html = (tmp_path / "out" / token / "activities" / "spoon-scooping" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../tong-transfer-pom-poms/">Tong Transfer Pom-Poms</a>' in html
    assert "HB-FRAGMENT" not in html
