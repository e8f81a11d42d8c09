"""The engine's layers, read from the source with ``ast`` (nothing is imported): who may import whom.

hooks/handbook/ has five layers. ``core`` is plain data and rules; ``render`` turns it into pages;
``adapter`` is the only place that knows MkDocs; ``build`` and ``commands`` drive the others.
Imports inside functions count, relative imports are resolved, and no module may change os.environ
(a build is told what to do by a BuildRequest, never through the environment).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO

HOOKS = REPO / "hooks"
HANDBOOK = HOOKS / "handbook"
LAYERS = ("core", "render", "adapter", "build", "commands")
GENERATORS = ("mkdocs", "properdocs")  # ProperDocs is the MkDocs fork, and aliases itself as mkdocs
CORE_MAY_NOT_IMPORT = ("jinja2", "markupsafe", *GENERATORS,
                       "handbook.render", "handbook.adapter", "handbook.build", "handbook.commands", "handbook.cli")
RENDER_MAY_NOT_IMPORT = (*GENERATORS, "handbook.adapter", "handbook.build", "handbook.commands", "handbook.cli")
ENVIRON_WRITERS = {"update", "pop", "popitem", "setdefault", "clear", "__setitem__", "__delitem__"}
OS_WRITERS = {"putenv", "unsetenv"}


@dataclass(frozen=True)
class Imported:
    name: str  # absolute: relative imports resolved against the importing module
    line: int


def module_name(path: Path) -> str:
    """``hooks/handbook/core/plan.py`` -> ``handbook.core.plan``; a package's ``__init__.py`` -> the package."""
    parts = list(path.relative_to(HOOKS).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str, *, is_package: bool = False) -> list[Imported]:
    """Every module ``source`` imports, anywhere in it: statements (also in functions) and literal
    ``importlib.import_module("...")`` / ``__import__("...")`` calls."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: list[Imported] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(Imported(alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)] if node.level > 1 else package
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append(Imported(target, node.lineno))
            # `from .. import render` imports the module handbook.render itself
            found.extend(Imported(f"{target}.{alias.name}", node.lineno) for alias in node.names)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) and _is_dynamic_import(node.func):
            found.append(Imported(node.args[0].value, node.lineno))
    return found


def _is_dynamic_import(func: ast.expr) -> bool:
    return (isinstance(func, ast.Name) and func.id in ("__import__", "import_module")) or \
        (isinstance(func, ast.Attribute) and func.attr == "import_module")


def _within(name: str, prefixes: tuple[str, ...]) -> str | None:
    return next((p for p in prefixes if name == p or name.startswith(p + ".")), None)


def forbidden_imports(source: str, module: str, banned: tuple[str, ...], *, is_package: bool = False) -> list[str]:
    """``line: name`` for each import of a module in (or under) ``banned``."""
    return sorted({f"{i.line}: {i.name}" for i in imports(source, module, is_package=is_package)
                   if _within(i.name, banned)})


def environ_writes(source: str) -> list[str]:
    """``line: what`` for each change of the process environment: assignment to or deletion of
    ``os.environ[...]`` (or of ``os.environ`` itself), its changing methods, ``os.putenv``/``unsetenv``.
    Follows ``import os as x``, ``from os import environ, putenv`` and ``env = os.environ``."""
    tree = ast.parse(source)
    os_names, environ_names, writer_names = {"os"}, set[str](), set[str]()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            os_names.update(a.asname or a.name for a in node.names if a.name == "os")
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and not node.level:
            environ_names.update(a.asname or a.name for a in node.names if a.name in ("environ", "environb"))
            writer_names.update(a.asname or a.name for a in node.names if a.name in OS_WRITERS)

    def is_environ(expr: ast.expr) -> bool:
        if isinstance(expr, ast.Name):
            return expr.id in environ_names
        return isinstance(expr, ast.Attribute) and expr.attr in ("environ", "environb") \
            and isinstance(expr.value, ast.Name) and expr.value.id in os_names

    for node in ast.walk(tree):  # `env = os.environ` makes env another name for it
        if isinstance(node, ast.Assign) and is_environ(node.value):
            environ_names.update(t.id for t in node.targets if isinstance(t, ast.Name))

    def is_target(expr: ast.expr) -> bool:
        return is_environ(expr) or (isinstance(expr, ast.Subscript) and is_environ(expr.value))

    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else list(node.targets)
            while any(isinstance(t, (ast.Tuple, ast.List)) for t in targets):  # `a, os.environ["X"] = ...`
                targets = [e for t in targets for e in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t])]
            # rebinding a name (`environ = {}`) is no write; `os.environ = {}` and `environ[k] = v` are
            if any(is_target(t) for t in targets if not isinstance(t, ast.Name)):
                found.add(f"{node.lineno}: {type(node).__name__.lower()} of os.environ")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ENVIRON_WRITERS and is_environ(func.value):
                found.add(f"{node.lineno}: os.environ.{func.attr}()")
            elif isinstance(func, ast.Attribute) and func.attr in OS_WRITERS and isinstance(func.value, ast.Name) \
                    and func.value.id in os_names:
                found.add(f"{node.lineno}: os.{func.attr}()")
            elif isinstance(func, ast.Name) and func.id in writer_names:
                found.add(f"{node.lineno}: {func.id}()")
    return sorted(found)


def _modules() -> list[Path]:
    return sorted(p for p in HANDBOOK.rglob("*.py") if "__pycache__" not in p.parts)


def _check(paths: list[Path], banned: tuple[str, ...]) -> list[str]:
    return [f"{p.relative_to(REPO)}:{hit}" for p in paths
            for hit in forbidden_imports(p.read_text(encoding="utf-8"), module_name(p), banned,
                                         is_package=p.name == "__init__.py")]


def _layer(name: str) -> list[Path]:
    return [p for p in _modules() if p.relative_to(HANDBOOK).parts[0] == name]


# -- the folder tree shows the layers --------------------------------------------------------------

def test_the_engine_is_the_five_layers_and_each_is_a_package() -> None:
    folders = {p.name for p in HANDBOOK.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(LAYERS)
    for layer in LAYERS:
        assert (HANDBOOK / layer / "__init__.py").is_file(), f"hooks/handbook/{layer}/ is not a package"
        assert _layer(layer), f"hooks/handbook/{layer}/ has no modules"


# -- the rules, on the engine ------------------------------------------------------------------------

def test_only_the_adapter_imports_mkdocs() -> None:
    outside = [p for p in _modules() if p.relative_to(HANDBOOK).parts[0] != "adapter"]
    assert _check(outside, GENERATORS) == []
    assert _check(_layer("adapter"), ("mkdocs",)), "the checker finds the adapter's own MkDocs imports"


def test_core_imports_no_template_engine_no_mkdocs_and_no_higher_layer() -> None:
    assert _check(_layer("core"), CORE_MAY_NOT_IMPORT) == []


def test_render_imports_nothing_from_adapter_build_or_commands() -> None:
    assert _check(_layer("render"), RENDER_MAY_NOT_IMPORT) == []


def test_no_module_changes_the_environment() -> None:
    writes = [f"{p.relative_to(REPO)}:{hit}" for p in _modules() for hit in environ_writes(p.read_text("utf-8"))]
    assert writes == []


# -- each rule can fail: the checkers on small sources that break it ----------------------------------

@pytest.mark.parametrize("source", [
    "import mkdocs\n",
    "import mkdocs.plugins as plugins\n",
    "from mkdocs.structure.files import Files\n",
    "from mkdocs import utils\n",
    "def later():\n    from mkdocs.config.defaults import MkDocsConfig\n    return MkDocsConfig\n",
    "import importlib\nconfig = importlib.import_module('mkdocs.config')\n",
    "from properdocs.config import load_config\n",
])
def test_the_mkdocs_rule_reports_an_import_outside_the_adapter(source: str) -> None:
    assert forbidden_imports(source, "handbook.build.worker", GENERATORS)
    assert forbidden_imports(source, "handbook.cli", GENERATORS)
    assert not forbidden_imports("import mkdocsx\nfrom handbook import mkdocs_words\n", "handbook.cli", GENERATORS)


@pytest.mark.parametrize(("source", "hit"), [
    ("import jinja2\n", "1: jinja2"),
    ("from markupsafe import Markup\n", "1: markupsafe"),
    ("def f():\n    import mkdocs.utils\n", "2: mkdocs.utils"),
    ("from ..render.pages import family_pages\n", "1: handbook.render.pages"),
    ("from .. import adapter\n", "1: handbook.adapter"),
    ("from ..build import request\n", "1: handbook.build"),
    ("from handbook.commands.report import read_export\n", "1: handbook.commands.report"),
])
def test_the_core_rule_reports_a_forbidden_import(source: str, hit: str) -> None:
    assert hit in forbidden_imports(source, "handbook.core.plan", CORE_MAY_NOT_IMPORT)
    assert forbidden_imports("from .library import Library\nfrom ..core import safety\nimport yaml\n",
                             "handbook.core.plan", CORE_MAY_NOT_IMPORT) == []


def test_relative_imports_resolve_from_a_package_and_from_a_module() -> None:
    # in handbook/core/__init__.py one dot is handbook.core, two are handbook; in handbook/core/plan.py likewise
    assert forbidden_imports("from ..render import pages\n", "handbook.core", CORE_MAY_NOT_IMPORT,
                             is_package=True) == ["1: handbook.render", "1: handbook.render.pages"]
    assert forbidden_imports("from .render import pages\n", "handbook.core", CORE_MAY_NOT_IMPORT,
                             is_package=True) == []  # handbook.core.render: a module of core itself
    assert forbidden_imports("from .render import pages\n", "handbook.core.plan", CORE_MAY_NOT_IMPORT) == []
    assert forbidden_imports("from ...render import pages\n", "handbook.core.sub.x", CORE_MAY_NOT_IMPORT)
    assert module_name(HANDBOOK / "core" / "__init__.py") == "handbook.core"
    assert module_name(HANDBOOK / "core" / "plan.py") == "handbook.core.plan"


@pytest.mark.parametrize("source", [
    "from ..adapter.site import build_site\n",
    "from ..build.request import BuildRequest\n",
    "def f():\n    from ..commands import cards\n",
    "from handbook.adapter import speedups\n",
])
def test_the_render_rule_reports_a_higher_layer(source: str) -> None:
    assert forbidden_imports(source, "handbook.render.pages", RENDER_MAY_NOT_IMPORT)
    assert forbidden_imports("from ..core.plan import Plan\nfrom .fragments import Fragments\nimport jinja2\n",
                             "handbook.render.pages", RENDER_MAY_NOT_IMPORT) == []


@pytest.mark.parametrize("source", [
    "import os\nos.environ['FAMILY'] = 'rivera'\n",
    "import os\nos.environ['N'] += '1'\n",
    "import os\nos.environ.update(FAMILY='rivera')\n",
    "import os\nos.environ.pop('FAMILY', None)\n",
    "import os\nos.environ.setdefault('FAMILY', 'rivera')\n",
    "import os\nos.environ.clear()\n",
    "import os\ndel os.environ['FAMILY']\n",
    "import os\nos.putenv('FAMILY', 'rivera')\n",
    "import os\nos.unsetenv('FAMILY')\n",
    "import os\nos.environ = {}\n",
    "import os\nos.environ |= {'FAMILY': 'rivera'}\n",
    "import os\nfamily, os.environ['FAMILY'] = 'rivera', 'rivera'\n",
    "import os as system\nsystem.environ['FAMILY'] = 'rivera'\n",
    "from os import environ\nenviron['FAMILY'] = 'rivera'\n",
    "from os import environ as env\nenv.update({'FAMILY': 'rivera'})\n",
    "from os import putenv\nputenv('FAMILY', 'rivera')\n",
    "import os\nenv = os.environ\nenv['FAMILY'] = 'rivera'\n",
    "import os\ndef build():\n    os.environ['FAMILY'] = 'rivera'\n",
])
def test_the_environment_rule_reports_a_write(source: str) -> None:
    assert environ_writes(source)


def test_the_environment_rule_allows_reading_it() -> None:
    reads = ("import os\nfrom os import environ\nfamily = os.environ.get('FAMILY')\nout = os.environ['OUT']\n"
             "env = dict(os.environ, FAMILY='x')\nhas = 'X' in environ\nvalue = os.getenv('X')\n")
    assert environ_writes(reads) == []
