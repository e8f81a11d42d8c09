"""What the last build made, kept in ``.handbook-cache/`` beside ``site/`` (never inside it: it is not deployed)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..core.file_replace import write_cache_file
from ..core.project import Project

CACHE = Path(".handbook-cache")
STATE_FILE = CACHE / "build-state.json"
FORMAT = 1


@dataclass(frozen=True)
class FamilyRecord:
    """One family's last successful build: its link, a digest of its inputs and one of its output."""

    token: str
    inputs: str
    output: str
    child: str = ""  # to name the family if its plan goes missing


@dataclass
class BuildState:
    families: dict[str, FamilyRecord] = field(default_factory=dict)
    files: dict[str, list[int | str]] = field(default_factory=dict)  # path -> [size, mtime_ns, sha256]
    root: str | None = None  # the root files as last written, with what they were made from (builder._root_record)

    @classmethod
    def load(cls, project: Project) -> BuildState:
        """The saved state, or an empty one (so everything is built) if it is missing or unreadable."""
        try:
            data = json.loads((project.root / STATE_FILE).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return cls()
            return cls(families={name: FamilyRecord(**record) for name, record in data["families"].items()},
                       files=dict(data["files"]), root=data.get("root"))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def save(self, project: Project) -> None:
        """Write the state; if that fails, the next build only does more work than it needs to."""
        path = project.root / STATE_FILE
        data = {"format": FORMAT, "families": {name: asdict(r) for name, r in sorted(self.families.items())},
                "files": dict(sorted(self.files.items())), "root": self.root}
        # one step (a crash mid-write leaves the old state, never half a file), and no temporary file left behind;
        # if it fails, the old state is safe: the sites it describes no longer match, so they are built again
        write_cache_file(path, json.dumps(data, indent=0).encode("utf-8"))
