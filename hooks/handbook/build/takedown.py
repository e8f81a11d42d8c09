"""Which folders of ``site/`` a build may remove, and which removals it must refuse.

A folder goes when its family's link was rotated, or when the family's plan was archived
(``handbook archive``). When a family the last build made has no plan now (deleted, renamed,
moved), nothing is removed: the build stops and names the family, so a slip never takes a site down.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.families_folder import archived_plans, loose_plan_data
from ..core.plan import Plan
from ..core.problems import HandbookError, Problem
from ..core.project import Project
from .build_state import BuildState


@dataclass(frozen=True)
class Removal:
    """A folder of ``site/`` the build removes, and why (for the therapist: by name where known)."""

    token: str
    why: str  # "rotated", "archived" or "unknown" (no plan or record knows it)
    family: str = ""
    child: str = ""


def removals(project: Project, state: BuildState, plans: dict[str, Plan]) -> list[Removal]:
    """The folders to remove from ``site/``; raises HandbookError for a family whose plan is missing."""
    site = project.site_dir
    if not site.is_dir():
        return []
    live = {plan.link for plan in plans.values()}
    stale = sorted(p.name for p in site.iterdir() if p.is_dir() and p.name not in live)
    if not stale:
        return []
    known = {record.token: (family, record.child) for family, record in state.families.items()}
    archived = _archived_links(project)
    found, problems = [], []
    for token in stale:
        family, child = known.get(token, ("", ""))
        if family in plans:
            found.append(Removal(token, "rotated", family, plans[family].child))
        elif token in archived or family in archived.values():
            family = family or archived[token]
            found.append(Removal(token, "archived", family, child or family))
        elif family:
            problems.append(Problem(f"families/{family}.yaml", 0, f"the plan is gone, but {child or family}'s site "
                                    f"is still online (site/{token[:6]}…)", "put the plan back to keep the site "
                                    f"(from your backup, or 'git checkout families/{family}.yaml'), or run "
                                    f"'handbook archive {family}' to take the site down on purpose"))
        else:
            found.append(Removal(token, "unknown"))
    if problems:
        raise HandbookError(problems)
    return found


def _archived_links(project: Project) -> dict[str, str]:
    """The link of every archived plan, to its family id (an archived plan is not checked: only read)."""
    links = {}
    for family, path in archived_plans(project.families_dir).items():
        data = loose_plan_data(path, project.root)
        if data is not None and isinstance(data.get("link"), str):
            links[data["link"]] = family
    return links


def removal_lines(found: list[Removal]) -> list[str]:
    """One line per removal, by name, for the build's summary."""
    lines = []
    unknown = [r for r in found if r.why == "unknown"]
    for removal in found:
        if removal.why == "archived":
            lines.append(f"Took down {removal.child}'s site ({removal.family}): its plan is in families/archive/.")
        elif removal.why == "rotated":
            lines.append(f"Removed {removal.child}'s old link ({removal.family}): the site is at its new link.")
    if unknown:
        lines.append(f"Removed {len(unknown)} old link folder{'s' if len(unknown) != 1 else ''} no plan uses "
                     f"({', '.join(r.token[:6] + '…' for r in unknown)}).")
    return lines


