"""The ``handbook`` command: check, build, new, links, serve, cards, rotate, report."""

from __future__ import annotations

import datetime as dt
import json
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

import click

from .build.builder import BuildReport, build_sites
from .build.lock import ProjectBusy
from .build.request import SiteBuildError
from .build.takedown import removal_lines
from .commands.archive import archive_plan
from .commands.fix_plans import add_missing_log_ids
from .commands.library import activity_rows, chosen_activities, coverage_table
from .commands.new import copy_plan, write_starter_plan
from .commands.rotate import rotate_link
from .commands.serve import PortBusy, Preview, serve_family
from .core.links import BASE_URL_ENV, check_base_url, family_url
from .core.plan import DAYS, OLDEST_CHILD, Plan
from .core.problems import HandbookError, Problem, did_you_mean, display_path
from .core.project import Project

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3
EXIT_STOPPED = 128 + signal.SIGTERM
QUIET = "handbook.quiet"


def _project() -> Project:
    """The project of the current folder (or one above it); outside any project, a usage error saying so."""
    project = Project.find()
    if not project.is_project():
        click.secho(f"{project.root} is not a Family Handbook project: there is no mkdocs.yml with a families/ "
                    "folder here or above.", fg="red", err=True)
        click.echo("Go to your project's folder first (cd), the one with mkdocs.yml, docs/ and families/.", err=True)
        sys.exit(EXIT_USAGE)
    return project


def say(message: str, **style: Any) -> None:
    """Progress and advice for the therapist; left out with --quiet. Colors only on a terminal."""
    ctx = click.get_current_context(silent=True)
    if not (ctx and ctx.meta.get(QUIET)):
        click.secho(message, **style)


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[QUIET] = True  # meta is shared by the group and its command


quiet_option = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet,
                            help="Print only problems and the results asked for.")
no_wait_option = click.option("--no-wait", is_flag=True,
                              help="If another build is running in this project, stop at once instead of waiting.")


class Stopped(BaseException):
    """The process was asked to end (SIGTERM, SIGHUP): unwinds like Ctrl+C, so staging is cleaned up."""


def _stop(signum: int, _frame: FrameType | None) -> None:
    raise Stopped(signum)


@contextmanager
def _stoppable() -> Iterator[None]:
    """While a build runs, SIGTERM and SIGHUP unwind it like Ctrl+C (in the main thread, where Python allows it)."""
    signals = [getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _stop) for s in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _waiting() -> None:
    click.secho("Waiting for the other build in this project to finish…", fg="yellow", err=True)


def _busy() -> NoReturn:
    click.secho("Another build is running in this project, so nothing was done (--no-wait).", fg="red", err=True)
    click.echo("Run the command again when it has finished, or leave out --no-wait to wait for it.", err=True)
    sys.exit(EXIT_BUSY)


def _fail(err: HandbookError, outcome: str = "nothing was changed in site/") -> NoReturn:
    _list_problems(err.problems, f"; {outcome}")
    sys.exit(EXIT_PROBLEMS)


def _list_problems(problems: list[Problem], outcome: str) -> None:
    """'2 problems in 1 file<outcome>:', then each problem on its own line, on stderr."""
    files, count = len({p.file for p in problems}), len(problems)
    click.secho(f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}{outcome}:",
                fg="red", bold=True, err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@quiet_option
def main() -> None:
    """Family Handbook: a private home-practice site for every family on your caseload.

    Plans live in families/<family>.yaml, the shared library in docs/.
    GUIDE.md explains every command and message; DEPLOY.md how to put site/ online.

    \b
    Exit codes:
      0  success
      1  a problem in a plan, library or log file (named with its line)
      2  the command was used wrongly (unknown option, missing --base-url, busy port)
      3  another build is running in this project (with --no-wait)
    """


@main.command()
@click.argument("families", nargs=-1)
@click.option("--fix", is_flag=True, help="First write what a plan lacks that can be made for you: a star-chart id.")
@quiet_option
def check(families: tuple[str, ...], fix: bool) -> None:
    """Check plans (all by default) and the library without building anything."""
    project = _project()
    if fix:
        try:
            fixed = add_missing_log_ids(project, list(families) or None)
        except HandbookError as err:
            _fail(err, "no plan was changed")
        for path in fixed:
            say(f"fixed  {display_path(path, project.root)}: added a star-chart id ('log:')")
    try:
        library = project.library()
        plans = project.plans(library, only=list(families) or None)
    except HandbookError as err:
        _fail(err)
    for family, plan in plans.items():
        days = sum(1 for d in DAYS if plan.minutes_on(d))
        say(f"ok  {family}: {plan.child}, {len(plan.activities)} activities on {days} days a week")
    warnings = _warn(plans.values())
    verdict = f"can be built; look at the {warnings} warning{'s' if warnings != 1 else ''} above" if warnings \
        else "are fine"
    say(f"{len(plans)} plan{'s' if len(plans) != 1 else ''} and {len(library.activities)} activities {verdict}.")


def _warn(plans: Iterable[Plan]) -> int:
    """What a plan should have a second look at; never stops a check or a build, and shows even with -q.
    Returns how many warnings there were."""
    warnings = [w for plan in plans for w in plan.warnings]
    if warnings:
        click.secho(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} (the sites are still built):",
                    fg="yellow", bold=True, err=True)
    for warning in warnings:
        click.echo(f"  {warning}", err=True)
    return len(warnings)


@main.command()
@click.argument("families", nargs=-1)
@click.option("--force", is_flag=True, help="Build every family again, also those that did not change.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="How many families to build at the same time (default: one per processor core).")
@click.option("--base-url", default="", envvar=BASE_URL_ENV,
              help=f"Where site/ is online, e.g. https://practice.example.org (or set {BASE_URL_ENV}): the "
                   "calendar's reminders then carry the family's link.")
@no_wait_option
@quiet_option
def build(families: tuple[str, ...], force: bool, jobs: int | None, base_url: str, no_wait: bool) -> None:
    """Build the sites of all families (or only those named) into site/<token>/.

    A family is built again only when its plan, a library page it uses, the theme, the settings
    or the base URL changed since the last build; --force builds every family again.
    """
    try:
        base_url = check_base_url(base_url) if base_url else ""
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--base-url") from None
    project = _project()
    started = time.monotonic()

    def progress(done: int, total: int, family: str) -> None:
        say(f"[{done}/{total}] {family}")

    try:
        with _stoppable():
            report = build_sites(project, list(families) or None, force=force, jobs=jobs, progress=progress,
                                 wait=not no_wait, on_wait=_waiting, base_url=base_url)
    except ProjectBusy:
        _busy()
    except (Stopped, KeyboardInterrupt):
        click.secho("The build was stopped. site/ holds one whole site: the previous one, or the new one if the "
                    "build had got that far. Run 'handbook build' again to finish.", fg="yellow", err=True)
        sys.exit(EXIT_STOPPED)
    except HandbookError as err:
        _fail(err)
    except SiteBuildError as err:
        click.secho(f"The build failed: {err.detail}", fg="red", bold=True, err=True)
        click.echo(f"It happened while building the site of {err.family}. Nothing was changed in site/. "
                   "Fix the problem above and run 'handbook build' again.", err=True)
        sys.exit(EXIT_PROBLEMS)
    except Exception as err:  # a theme, plugin or disk failure: site/ is untouched, say so plainly
        click.secho(f"The build failed: {type(err).__name__}: {err}", fg="red", bold=True, err=True)
        click.echo("Nothing was changed in site/. Fix the problem above and run 'handbook build' again.", err=True)
        sys.exit(EXIT_PROBLEMS)
    _warn(report.plans)
    for line in removal_lines(report.removed):
        say(line, fg="yellow")
    say(_build_summary(report, project.site_dir.name, time.monotonic() - started), fg="green")


def _build_summary(report: BuildReport, site: str, seconds: float) -> str:
    """One line for the end of a build: what changed in site/, how long it took, what to do next."""
    count = len(report.kept)
    if not report.built and not report.removed:
        verb = "are" if count != 1 else "is"
        return f"Nothing to build: {_families(count)} {verb} up to date in {site}/ ({seconds:.1f} s)."
    parts = [f"Built {_families(len(report.built))}"] if report.built else []
    if report.kept:
        parts.append(f"kept {count} unchanged")
    if report.removed:
        parts.append(f"removed {len(report.removed)} folder{'s' if len(report.removed) != 1 else ''} (above)")
    done = ", ".join(parts)
    return f"{done[0].upper()}{done[1:]} in {site}/ ({seconds:.1f} s). Upload that folder to your host."


def _families(count: int) -> str:
    return f"{count} famil{'ies' if count != 1 else 'y'}"


@main.command()
@click.argument("family")
@click.option("--child", required=True, help="The child's first name or nickname (nothing more).")
@click.option("--age", type=click.IntRange(1, OLDEST_CHILD), default=None,
              help="The child's age in whole years, so check warns when an activity does not fit.")
@click.option("--from", "source", metavar="OTHER", default=None,
              help="Start from a copy of OTHER's plan (families/OTHER.yaml), with its own new link and star chart.")
@quiet_option
def new(family: str, child: str, age: int | None, source: str | None) -> None:
    """Start a plan for FAMILY (families/FAMILY.yaml) with a fresh private link.

    The starter plan explains every line. With --from, the plan is a copy of another family's:
    the same activities and routines, with a new link and star-chart id, and without that
    family's old links and 'changes:' lines.
    """
    project = _project()
    try:
        if source is None:
            path = write_starter_plan(project, family, child, age, project.settings(project.library()))
        else:
            copied = copy_plan(project, family, child, source, age)
            path = copied.path
    except HandbookError as err:
        _fail(err, "no plan was written")
    shown = path.relative_to(project.root).as_posix()
    if source is None:
        say(f"Wrote {shown}. Edit it, then run: handbook build {family}")
    else:
        say(f"Wrote {shown}, a copy of {copied.copied_from} with its own private link and star chart.")
        say("Check what was written for the other child: the age, the focus, the check-in dates and every "
            "note. Then run: handbook build " + family)
        if copied.names_left:
            many = len(copied.names_left) != 1
            click.secho(f"{shown} still names {copied.other_child} on line{'s' if many else ''} "
                        f"{', '.join(str(n) for n in copied.names_left)}: rewrite {'them' if many else 'it'} for "
                        f"{' '.join(child.split())}, or words meant for another family reach this one.",
                        fg="yellow", err=True)
    if age is None and source is None:
        say("Add the child's age to the plan ('age: 5'), or use --age, so check can warn when an activity's "
            "ages leave it out.")


@main.command()
@click.argument("family")
@no_wait_option
@quiet_option
def archive(family: str, no_wait: bool) -> None:
    """Take FAMILY's site down on purpose: the plan moves to families/archive/.

    The next build removes the family's folder from site/ (upload it then, so the link stops
    working). To bring the site back, move the plan back into families/ and build.
    """
    project = _project()
    try:
        done = archive_plan(project, family, wait=not no_wait, on_wait=_waiting)
    except ProjectBusy:
        _busy()
    except HandbookError as err:
        _fail(err, "nothing was moved")
    say(f"{done.moved_from} was deleted already: {done.moved_to} now names its link." if done.was_gone
        else f"Moved {done.moved_from} to {done.moved_to}.")
    say(f"{done.child}'s site is taken down at the next 'handbook build', and its link stops working once you "
        f"upload site/. To bring it back, move the plan back into families/ and build.")


@main.command(name="library")
@click.option("--area", default=None, help="Only this area (an id from docs/library.yml, e.g. fine-motor).")
@click.option("--age", type=click.IntRange(1, OLDEST_CHILD), default=None, help="Only activities for a child this age.")
@click.option("--coverage", "show_coverage", is_flag=True,
              help="Print how many activities fit each age in each area, instead of the list.")
@quiet_option
def library_command(area: str | None, age: int | None, show_coverage: bool) -> None:
    """List the library's activities with the id a plan uses, their area, ages and minutes."""
    project = _project()
    try:
        library = project.library()
    except HandbookError as err:
        _fail(err, "nothing was listed")
    if area is not None and area not in library.areas:
        click.secho(f"There is no area '{area}'{did_you_mean(area, library.areas)}.", fg="red", err=True)
        click.echo(f"Use one of: {', '.join(library.areas)}", err=True)
        sys.exit(EXIT_USAGE)
    if show_coverage:
        for line in coverage_table(library):
            click.echo(line)
        return
    found = chosen_activities(library, area, age)
    for line in activity_rows(found, library):
        click.echo(line)
    say(f"{len(found)} of {len(library.activities)} activities. Copy an id into a plan's 'activities:' list.")


@main.command()
@click.option("--base-url", default="", envvar=BASE_URL_ENV,
              help=f"Your host's address, e.g. https://practice.example.org (or set {BASE_URL_ENV}).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list for scripts.")
@quiet_option
def links(base_url: str, as_json: bool) -> None:
    """List each family's private link."""
    project = _project()
    try:
        plans = project.plans(project.library())
    except HandbookError as err:
        _fail(err)
    rows = [{
        "family": family,
        "child": plan.child,
        "token": plan.link,
        "path": (project.site_dir / plan.link).relative_to(project.root).as_posix(),
        "url": family_url(base_url.rstrip("/"), plan),
    } for family, plan in plans.items()]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['family']:<16} {row['child']:<12} {row['url']}")
    if not base_url:
        say("(Add --base-url https://your-host to print full addresses.)", err=True)


@main.command()
@click.argument("family")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1024, 65535),
              help="The local port; pick another one to preview two families at once.")
@quiet_option
def serve(family: str, port: int) -> None:
    """Preview FAMILY's site on this computer while you edit.

    The page reloads by itself when you save the plan, a library page in docs/ or mkdocs.yml.
    Only this computer can open it. Press Ctrl+C to stop.
    """
    project = _project()

    def ready(preview: Preview) -> None:
        click.secho(f"Preview of {preview.child}'s site: {preview.url}", fg="green", bold=True)
        say(f"Watching {', '.join(preview.watched)}: save a file and the page reloads. Ctrl+C stops.")

    def problem(text: str) -> None:
        click.secho("The preview could not be rebuilt; it shows the last good version:", fg="red", bold=True, err=True)
        for line in text.splitlines():
            click.echo(f"  {line}", err=True)
        click.echo("Fix the file and save it again; the open page shows this problem until then.", err=True)

    try:
        serve_family(project, family, port, on_ready=ready, on_problem=problem,
                     on_rebuild=lambda message: say(message, fg="green"))
    except HandbookError as err:
        _fail(err, "there is nothing to preview yet")
    except PortBusy:
        click.secho(f"Port {port} is already in use, maybe by another preview. "
                    f"Try: handbook serve {family} --port {port + 1}", fg="red", err=True)
        sys.exit(EXIT_USAGE)
    say("Preview stopped.")


@main.command()
@click.argument("families", nargs=-1)
@click.option("--base-url", default="", envvar=BASE_URL_ENV,
              help=f"Where site/ is online, e.g. https://practice.example.org (or set {BASE_URL_ENV}).")
@quiet_option
def cards(families: tuple[str, ...], base_url: str) -> None:
    """Print-ready link cards with a QR code, for all families or those named.

    The cards go to cards/cards.html, outside site/, so they are never uploaded.
    """
    if not base_url:
        raise click.UsageError("the cards need your site's address to make the QR codes: add "
                               f"--base-url https://your-host (or set {BASE_URL_ENV}).")
    try:
        base_url = check_base_url(base_url)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--base-url") from None
    project = _project()
    try:
        plans = project.plans(project.library(), only=list(families) or None)
    except HandbookError as err:
        _fail(err, "no cards were written")
    from .commands.cards import write_cards  # Jinja and the QR code, only for this command

    try:
        path = write_cards(project, plans, base_url)
    except HandbookError as err:  # e.g. a full disk: the old cards stay as they were
        _fail(err, "no cards were written")
    say(f"Wrote {path.relative_to(project.root).as_posix()} with {len(plans)} card{'s' if len(plans) != 1 else ''} "
        f"({', '.join(sorted(plans))}).", fg="green")
    say("Open it in a browser, print it and cut along the dashed lines. Each card opens one child's page: "
        "hand it only to that family.")


@main.command()
@click.argument("family")
@click.option("--base-url", default="", envvar=BASE_URL_ENV,
              help=f"Your host's address, to print full links (or set {BASE_URL_ENV}).")
@no_wait_option
@quiet_option
def rotate(family: str, base_url: str, no_wait: bool) -> None:
    """Give FAMILY a new private link (when the old one went too far).

    The plan's link: line changes, and previous_links: gains the old link's fingerprint, so the family's
    star chart follows them to the new link. The old link works until you build and upload again.
    """
    try:
        shown = check_base_url(base_url) if base_url else ""
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--base-url") from None
    project = _project()
    try:
        rotation = rotate_link(project, family, wait=not no_wait, on_wait=_waiting)
    except ProjectBusy:
        _busy()
    except HandbookError as err:
        _fail(err, "the plan was not changed")
    say(f"New private link for {rotation.child} ({family}):")
    say(f"  old: {shown}/{rotation.old}/   stops working once you build and upload again", fg="yellow")
    click.secho(f"  new: {shown}/{rotation.new}/", fg="green", bold=True)
    say("Next:\n"
        "  1. handbook build   (the old link's folder is left out of site/)\n"
        "  2. Upload site/ to your host, then delete its old deploys (DEPLOY.md says how).\n"
        f"  3. handbook cards {family}   (a new card for the family)")
    say(f"{rotation.child}'s star chart moves to the new link by itself, in the browser the family uses, the first "
        "time they open it there. A copy they saved at the old link loads at the new one too."
        + (" (The plan had no star-chart id: 'log:' was added.)" if rotation.log_added else ""))


@main.command()
@click.argument("paths", metavar="FOLDER_OR_FILES...", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--since", metavar="YYYY-MM-DD", help="Count only from this day on, e.g. the last check-in.")
@click.option("--today", "today_text", metavar="YYYY-MM-DD",
              help="Count 'no log in 14 days' back from this day instead of today.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts and spreadsheets.")
@click.option("--html", "html_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the caseload as one page to FILE, to open in a browser (never inside site/ or docs/).")
@quiet_option
def report(paths: tuple[Path, ...], since: str | None, today_text: str | None, as_json: bool,
           html_file: Path | None) -> None:
    """The caseload: practice figures per family, from the star-chart copies parents send.

    FOLDER_OR_FILES are the .json (or .csv) files parents sent you, or a folder of them (its files only,
    not the folders inside it). Every plan in families/ and families/archive/ is read to find each
    family. Shows, needs-a-call first: practised against planned days and minutes, the last log,
    the streak, stars and activities marked hard. A file that cannot be read is named with its reason
    and skipped; the others are still shown (the exit code is then 1).
    """
    from .commands.caseload import known_families, today  # only this command needs them
    from .commands.report import caseload_report, parse_day, report_lines, summary_lines

    days: dict[str, dt.date | None] = {}
    for option, value in (("--since", since), ("--today", today_text)):
        try:
            days[option] = parse_day(value)
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint=option) from None
    first, as_of = days["--since"], days["--today"] or today()
    project = _project()
    if html_file is not None:
        target = html_file.resolve()
        for folder in (project.site_dir, project.docs_dir):
            if target.is_relative_to(folder.resolve()):
                raise click.BadParameter(f"{display_path(html_file, project.root)} is inside {folder.name}/, which "
                                         "goes online: write the report outside it, e.g. --html caseload.html",
                                         param_hint="--html")
    caseload = caseload_report(paths, known_families(project), root=project.root, since=first, as_of=as_of)
    if html_file is not None:
        from .commands.report_html import write_caseload  # Jinja, only for the page

        try:
            write_caseload(html_file, caseload, project.root)
        except HandbookError as err:
            _fail(err, "the report was not written")
    if as_json:
        click.echo(json.dumps([r.as_json() for r in caseload.reports + caseload.silent], indent=2,
                              ensure_ascii=False))
    elif html_file is None:
        for number, family_report in enumerate(caseload.reports):
            heading, lines = report_lines(family_report, as_of)
            if number:
                click.echo()
            click.secho(heading, bold=True, fg="red" if family_report.attention else None)
            for line in lines:
                click.echo(f"  {line}")
        for line in summary_lines(caseload):
            click.echo()
            click.secho(line, fg="yellow")
    if html_file is not None:
        say(f"Wrote {display_path(html_file, project.root)}: {len(caseload.reports)} families, needs-a-call first. "
            "Open it in your browser; it names the children, so keep it off site/.", fg="green")
    if caseload.problems:
        shown = "nothing was reported" if not caseload.reports else "the other files are reported"
        _list_problems(caseload.problems, f", skipped; {shown}")
        sys.exit(EXIT_PROBLEMS)
