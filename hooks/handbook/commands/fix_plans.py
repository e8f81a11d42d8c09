"""``handbook check --fix``: write into plans what can be made for the therapist (today: a star-chart id)."""

from __future__ import annotations

from pathlib import Path

from ..build.lock import project_lock
from ..core.containment import outside_links
from ..core.file_replace import replace_file, write_failed
from ..core.plan import check_requested, plan_files
from ..core.problems import HandbookError, display_path
from ..core.project import Project
from ..core.safety import new_log_id
from ..core.yamlsource import decode_text, parse_yaml
from .plan_edits import with_log_id


def add_missing_log_ids(project: Project, families: list[str] | None = None) -> list[Path]:
    """Give every chosen plan without a ``log:`` line one; returns the plans changed. A plan that is not
    valid YAML is left for the check to report; holds the project's lock, as ``rotate`` does."""
    with project_lock(project.root):
        paths = plan_files(project.families_dir)
        check_requested(families or [], paths, project.families_dir, project.root)
        outside = outside_links(project.families_dir, project.root)
        changed = []
        for family, path in paths.items():
            if families and family not in families or path in outside:
                continue
            shown = display_path(path, project.root)
            try:
                text = decode_text(path.read_bytes(), shown)
                located = parse_yaml(text, shown)
            except HandbookError:
                continue
            if not isinstance(located.data, dict) or "log" in located.data:
                continue
            try:
                replace_file(path, with_log_id(text, located, new_log_id()))
            except OSError as err:
                raise write_failed(shown, "the star-chart id", "the plan was not changed", err) from None
            changed.append(path)
        return changed
