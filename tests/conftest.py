"""Shared fixtures: a copy of the project in a temp dir, real builds, a real headless Chromium."""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner, Result

from handbook.cli import main as handbook_main
from handbook.core.project import Project
from handbook.core.safety import new_log_id, new_token

from parent_helpers import family_data, static_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ENV = "HANDBOOK_CHROMIUM"  # another Chromium or Chrome binary, for systems without Debian's
CHROMIUM = Path(os.environ.get(CHROMIUM_ENV) or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SAMPLE_TOKENS = {"rivera": "JT3sfNkrNrvU_iG28vphJJ7k", "okafor": "knWyMmt4R4Y1_ZhoRRyLJCXU",
                 "chen": "hWfppH3EGkDvtEDWMJnNQP5u"}


SAMPLE_PLANS_CHANGED = 1_796_126_400  # 2026-12-01 12:00 UTC
# The day 'handbook check' takes for today (core.clock): the sample plans' check-ins stay ahead of it on any day
# the tests run, so their warnings and the starter plan's dates are the same every day.
os.environ.setdefault("HANDBOOK_TODAY", "2026-12-01")


def copy_project(dest: Path) -> Path:
    """A working copy of this project (library, sample plans, hooks, config) at ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copy2(REPO / "handbook.yaml", dest / "handbook.yaml")
    for folder in ("docs", "families", "hooks"):
        shutil.copytree(REPO / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for plan in (dest / "families").glob("*.yaml"):
        # when the plans last changed is when their reminders start and (without a review date) end: the same
        # on every machine and day, so the golden texts hold; a plan a test edits gets its own new time
        os.utime(plan, (SAMPLE_PLANS_CHANGED, SAMPLE_PLANS_CHANGED))
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project that a test may edit and build."""
    return copy_project(tmp_path / "project")


def handbook(project_dir: Path, *args: str, color: bool = False) -> Result:
    """Run the ``handbook`` command in ``project_dir``, in this process (``color``: as on a terminal)."""
    old = Path.cwd()
    os.chdir(project_dir)
    try:
        return CliRunner().invoke(handbook_main, list(args), catch_exceptions=False, color=color)
    finally:
        os.chdir(old)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project, built once for the whole session. Tests must not modify it."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = handbook(root, "build")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def project_built(built: Path, tmp_path: Path) -> Path:
    """A copy of the built sample project to change: site and build state included, file times kept."""
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    return root


def build_one(project_dir: Path, family: str, output_root: Path, language: str = "en") -> None:
    """One family's site into ``output_root/<token>/``, through the adapter as ``handbook build`` does."""
    from handbook.adapter.site import build_site
    from handbook.build.request import BuildRequest

    project = Project(project_dir)
    library = project.library()
    plan = project.plans(library, only=[family])[family]
    build_site(BuildRequest(project=project, library=library, plan=plan, output_root=output_root, language=language))


def build_library_preview(project_dir: Path) -> Path:
    """``mkdocs build`` without FAMILY, as a therapist runs it: the library preview, in ``.preview/``."""
    env = {key: value for key, value in os.environ.items() if key != "FAMILY"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project_dir, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return project_dir / ".preview"


def family_dir(project_dir: Path, family: str) -> Path:
    plans = Project(project_dir).plans(Project(project_dir).library())
    return project_dir / "site" / plans[family].link


def family_page_count(project_dir: Path) -> int:
    """HTML pages of all family sites: home, star chart, handout, the practice views, the child's view and the
    list of tips for parents, plus one per activity and one per guidance topic the family gets."""
    from handbook.render.guidance_pages import guidance_topics

    project = Project(project_dir)
    library = project.library()
    return sum(6 + len(plan.activities) + len(guidance_topics(plan, library))
               for plan in project.plans(library).values())


def site_files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, for byte-for-byte comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def site_tree(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder``, with a digest of each file's bytes: ``site_files`` for a
    caseload too big to hold in memory, which also sees empty folders."""
    return {p.relative_to(folder).as_posix(): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))}


def make_caseload(root: Path, count: int) -> list[str]:
    """Replace the sample plans by ``count`` synthetic families made from them, each with its own child and link."""
    samples = [p.read_text(encoding="utf-8") for p in sorted((root / "families").glob("*.yaml"))]
    for path in (root / "families").glob("*.yaml"):
        path.unlink()
    families = []
    for number in range(count):
        text = samples[number % len(samples)]
        text = re.sub(r"(?m)^link: .*$", f"link: {new_token()}", text)
        text = re.sub(r"(?m)^log: .*$", f"log: {new_log_id()}", text)  # each its own star chart
        text = re.sub(r"(?m)^child: .*$", f"child: Kid{number:04d}", text)
        family = f"family-{number:04d}"
        (root / "families" / f"{family}.yaml").write_text(text, encoding="utf-8")
        families.append(family)
    return families


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
    """``serve(folder) -> base URL``: a static HTTP server on a free localhost port, like a real host."""
    servers: list[Any] = []  # static_server's generators, closed (servers shut down) after the test

    def start(folder: Path) -> str:
        servers.append(static_server(folder))
        return next(servers[-1])

    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def site(built: Path) -> Iterator[str]:
    """The base URL of the built sample sites, served on localhost for the whole session."""
    yield from static_server(built / "site")


@pytest.fixture(scope="session")
def rivera(built: Path) -> dict[str, Any]:
    """Mateo's family data as his pages give it to their scripts (save-up rewards, digital)."""
    return family_data(built / "site", SAMPLE_TOKENS["rivera"])


@pytest.fixture(scope="session")
def chen(built: Path) -> dict[str, Any]:
    """Leo's family data as his pages give it to their scripts (small-and-often rewards)."""
    return family_data(built / "site", SAMPLE_TOKENS["chen"])


AXE_PACKAGE = "axe_playwright_python"  # PyPI axe-playwright-python, which bundles axe-core's axe.min.js


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's axe.min.js as the PyPI package ships it (a test dependency: never skipped)."""
    try:
        script = importlib.resources.files(AXE_PACKAGE).joinpath("axe.min.js")
        source = script.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as err:
        pytest.fail(f'the accessibility tests need axe-core from {AXE_PACKAGE}: pip install -e ".[test]" ({err})',
                    pytrace=False)
    assert source.startswith("/*! axe v4."), source[:40]  # the rules below are axe-core 4's
    return source


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium driven by Playwright. Fails, never skips, when either is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail('the browser tests need Playwright: pip install -e ".[test]"', pytrace=False)
    if not CHROMIUM.is_file():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM}. On Debian or Ubuntu: "
                    "sudo apt-get install chromium. Elsewhere install Chromium (or Chrome) and point the tests "
                    f"at it: {CHROMIUM_ENV}=/path/to/chromium pytest", pytrace=False)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        new_context = chromium.new_context

        def without_offline_copy(**options: Any) -> Any:
            """A context whose pages install no service worker unless asked (service_workers="allow"): the
            offline copy fetches the whole site in the background, which would blur what a page loads."""
            options.setdefault("service_workers", "block")
            return new_context(**options)

        chromium.new_context = without_offline_copy  # type: ignore[method-assign]
        yield chromium
        chromium.close()
