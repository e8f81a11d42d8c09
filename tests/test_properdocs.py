"""A family's site built with ProperDocs (the maintained fork of MkDocs 1.6) is the site MkDocs builds.

Both are test dependencies in one environment: ProperDocs installs as its own package, ``properdocs``,
with its own command, and maps ``import mkdocs...`` to itself while it runs, so Material and the
hooks run on it unchanged. Only the generator named in each page's meta tag, and the time stamps of
the calendar, may differ.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE_TOKENS, copy_project, site_files

FAMILY = "rivera"
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
STAMP = re.compile(rb"(?m)^(DTSTAMP|CREATED|LAST-MODIFIED):[0-9TZ]+(?=\r?$)")  # iCalendar's time stamps


def _normalised(name: str, content: bytes) -> bytes:
    if name.endswith(".html"):
        content = GENERATOR.sub(b'<meta name="generator" content="-">', content)
    if name.endswith(".ics"):
        content = STAMP.sub(rb"\1:-", content)
    if name.endswith("/sw.js"):  # the same files; the pages' fingerprints differ with their generator line
        content = re.sub(rb'": "[0-9a-f]{16}"|VERSION = "[0-9a-f]{16}"', b"-", content)
    return content


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One copy of the project, one family built from it by ``properdocs build`` and by ``mkdocs build``."""
    if importlib.util.find_spec("properdocs") is None:
        pytest.fail('ProperDocs is a test dependency: pip install -e ".[test]"', pytrace=False)
    root = tmp_path_factory.mktemp("properdocs")
    project = copy_project(root / "project")
    env = dict(os.environ, FAMILY=FAMILY, PYTHONDONTWRITEBYTECODE="1", NO_MKDOCS_2_WARNING="1",
               DISABLE_MKDOCS_2_WARNING="true")
    outputs = {tool: root / tool for tool in ("properdocs", "mkdocs")}
    runs = {tool: subprocess.Popen([sys.executable, "-m", tool, "build", "--quiet"], cwd=project,
                                   env=dict(env, HANDBOOK_OUTPUT=str(out)), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
            for tool, out in outputs.items()}
    for tool, run in runs.items():
        output, _ = run.communicate(timeout=180)
        assert run.returncode == 0, f"{tool} build failed:\n{output}"
    return outputs


def test_properdocs_really_built_it(both: dict[str, Path]) -> None:
    ours = GENERATOR.search((both["properdocs"] / SAMPLE_TOKENS[FAMILY] / "index.html").read_bytes())
    theirs = GENERATOR.search((both["mkdocs"] / SAMPLE_TOKENS[FAMILY] / "index.html").read_bytes())
    assert ours and theirs
    assert b"ProperDocs" in ours[0] and b"ProperDocs" not in theirs[0], (ours[0], theirs[0])


def test_properdocs_and_mkdocs_make_the_same_files_byte_for_byte(both: dict[str, Path]) -> None:
    ours, theirs = site_files(both["properdocs"]), site_files(both["mkdocs"])
    assert sorted(ours) == sorted(theirs)
    assert f"{SAMPLE_TOKENS[FAMILY]}/calendar.ics" in ours and f"{SAMPLE_TOKENS[FAMILY]}/index.html" in ours
    different = [name for name in ours if _normalised(name, ours[name]) != _normalised(name, theirs[name])]
    assert different == []
    # what was allowed to differ is only the generator line (and, were they built at other times, stamps)
    loose = [name for name in ours if ours[name] != theirs[name]]
    assert all(name.endswith((".html", ".ics", "/sw.js")) for name in loose), loose  # sw.js: the pages' fingerprints
