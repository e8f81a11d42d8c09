"""The MkDocs command line's way in: ``FAMILY=rivera mkdocs build`` (and ``mkdocs serve``).

Environment variables are read here and only here, and never written by the engine.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from ..build.request import BuildRequest
from ..core.problems import HandbookError
from ..core.project import Project

FAMILY = "FAMILY"  # which family to build; without it, the library preview
OUTPUT = "HANDBOOK_OUTPUT"  # where family folders go instead of site/ (what `handbook build` stages into)


def request_from_command_line(config: MkDocsConfig) -> BuildRequest:
    """The request a plain ``mkdocs build`` or ``mkdocs serve`` makes, from FAMILY and HANDBOOK_OUTPUT."""
    project = Project(Path(config.config_file_path).parent)
    family = str(os.environ.get(FAMILY) or "").strip()  # !ENV-style typing would turn "no" into False
    try:
        library = project.library()
        plan = project.plans(library, only=[family])[family] if family else None
    except HandbookError as err:
        raise Abort(f"Cannot build the handbook:\n{err}") from None
    return BuildRequest(project=project, library=library, plan=plan,
                        output_root=Path(os.environ.get(OUTPUT) or project.site_dir))
