"""Work that is the same for every family, done once per ``handbook build`` run and reused by each build.

Nothing here may hold a family's data. What is shared: the checked library and plans (each build
picks its own plan by name), compiled templates (they depend only on the template source) and
the list of installed MkDocs themes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from ..core.file_replace import write_cache_file
from ..core.library import Library
from ..core.plan import Plan


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled code of each template, kept in memory for the next family's build and,
    given a folder, on disk for the next run (compiling Material's templates takes longer than
    building a family).

    Jinja stores a checksum of the template source with the code and compiles again if the source
    changed, so a cached template can never differ from a freshly compiled one.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self._code: dict[str, bytes] = {}
        self.folder = folder

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None and self.folder is not None:
            try:
                code = (self.folder / bucket.key).read_bytes()
            except OSError:
                return
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = self._code[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:  # each writer its own temporary file: workers may write the same template
            write_cache_file(self.folder / bucket.key, code)  # a read-only or full disk only costs speed


@dataclass
class SharedWork:
    """Handed to each family's build in one run of ``handbook build`` (and to its worker processes)."""

    root: Path
    library: Library
    plans: dict[str, Plan]
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)  # the theme's
    page_templates: CompiledTemplates = field(default_factory=CompiledTemplates)  # pages.py's, another Jinja setup
    reused: dict[object, object] = field(default_factory=dict)  # e.g. the installed themes, looked up once
