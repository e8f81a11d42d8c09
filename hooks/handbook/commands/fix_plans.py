"""``handbook check --fix``: write into plans what can be made for the therapist (today: a star-chart id)."""

from __future__ import annotations

from pathlib import Path

from ..build.lock import project_lock
from ..core.file_replace import replace_file, write_failed
from ..core.plan import check_requested, plan_files
from ..core.problems import HandbookError
from ..core.project import Project
from ..core.safety import new_log_id
from .plan_edits import read_for_edit, with_log_id


def add_missing_log_ids(project: Project, families: list[str] | None = None) -> list[Path]:
    """Give every chosen plan without a ``log:`` line one; returns the plans changed. A plan that is not
    valid YAML is left for the check to report; holds the project's lock, as ``rotate`` does."""
    with project_lock(project.root):
        paths = plan_files(project.families_dir)
        check_requested(families or [], paths, project.families_dir, project.root)
        changed = []
        for family in paths:
            if families and family not in families:
                continue
            try:
                plan = read_for_edit(project, family)
            except HandbookError:  # a link outside, or not valid YAML: the check reports it
                continue
            if not isinstance(plan.located.data, dict) or "log" in plan.data:
                continue
            try:
                replace_file(plan.path, with_log_id(plan.text, plan.located, new_log_id()))
            except OSError as err:
                raise write_failed(plan.shown, "the star-chart id", "the plan was not changed", err) from None
            changed.append(plan.path)
        return changed
