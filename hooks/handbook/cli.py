"""The ``handbook`` command: check, build, new, links."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .builder import build_sites
from .problems import HandbookError
from .project import Project
from .starter import write_starter_plan

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _project() -> Project:
    return Project.find()


def _fail(err: HandbookError) -> None:
    files = {p.file for p in err.problems}
    count = len(err.problems)
    click.secho(f"{count} problem{'s' if count != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}; "
                "nothing was changed in site/:", fg="red", bold=True, err=True)
    for problem in err.problems:
        click.echo(f"  {problem}", err=True)
    sys.exit(EXIT_PROBLEMS)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Family Handbook: a private home-practice site for every family on your caseload.

    Plans live in families/<family>.yaml, the shared library in docs/.
    Exit codes: 0 success, 1 a problem in a plan or library file, 2 wrong command usage.
    """


@main.command()
@click.argument("families", nargs=-1)
def check(families: tuple[str, ...]) -> None:
    """Check plans (all by default) and the library without building anything."""
    project = _project()
    try:
        library = project.library()
        plans = project.plans(library, only=list(families) or None)
    except HandbookError as err:
        _fail(err)
        return
    for family, plan in plans.items():
        days = sum(1 for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") if plan.minutes_on(d))
        click.echo(f"ok  {family}: {plan.child}, {len(plan.activities)} activities on {days} days a week")
    click.echo(f"{len(plans)} plan{'s' if len(plans) != 1 else ''} and {len(library.activities)} activities are fine.")


@main.command()
@click.argument("families", nargs=-1)
def build(families: tuple[str, ...]) -> None:
    """Build the sites of all families (or only those named) into site/<token>/."""
    project = _project()

    def progress(done: int, total: int, family: str) -> None:
        click.echo(f"[{done}/{total}] {family}")

    try:
        report = build_sites(project, list(families) or None, progress=progress)
    except HandbookError as err:
        _fail(err)
        return
    click.secho(f"Built {len(report.built)} famil{'ies' if len(report.built) != 1 else 'y'}"
                f"{f', kept {len(report.kept)} unchanged' if report.kept else ''}"
                f"{f', removed {len(report.removed)} old link folders' if report.removed else ''}"
                f" in {project.site_dir.name}/. Upload that folder to your host.", fg="green")


@main.command()
@click.argument("family")
@click.option("--child", required=True, help="The child's first name or nickname (nothing more).")
def new(family: str, child: str) -> None:
    """Start a plan for FAMILY (families/FAMILY.yaml) with a fresh private link."""
    project = _project()
    try:
        path = write_starter_plan(project, family, child)
    except HandbookError as err:
        _fail(err)
        return
    click.echo(f"Wrote {path.relative_to(project.root)}. Edit it, then run: handbook build {family}")


@main.command()
@click.option("--base-url", default="", help="Your host's address, e.g. https://practice.example.org")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list for scripts.")
def links(base_url: str, as_json: bool) -> None:
    """List each family's private link."""
    project = _project()
    try:
        plans = project.plans(project.library())
    except HandbookError as err:
        _fail(err)
        return
    rows = [{
        "family": family,
        "child": plan.child,
        "token": plan.link,
        "path": (project.site_dir / plan.link).relative_to(project.root).as_posix(),
        "url": f"{base_url.rstrip('/')}/{plan.link}/",
    } for family, plan in plans.items()]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['family']:<16} {row['child']:<12} {row['url']}")
    if not base_url:
        click.echo("(Add --base-url https://your-host to print full addresses.)", err=True)
