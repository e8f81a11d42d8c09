"""``handbook serve``: a live preview of one family's site that rebuilds when a file is saved.

MkDocs' own ``mkdocs serve`` builds into a temporary folder and serves that folder, while a family
build goes to ``<output>/<token>/``; so this module drives MkDocs' live-reload server itself and
builds exactly like ``handbook build`` does, into a temporary output root.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import signal
import socket
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.plan import Plan
from ..core.problems import HandbookError, Problem
from ..core.project import Project

HOST = "127.0.0.1"  # the preview holds a child's plan: never reachable from the network
Say = Callable[[str], None]

if TYPE_CHECKING:  # MkDocs' server, imported only once a preview starts
    from ..adapter.livereload import Shown


@dataclass(frozen=True)
class Preview:
    """What the therapist needs to know once the preview is up."""

    child: str
    url: str
    watched: tuple[str, ...]


class PortBusy(Exception):
    """The chosen port is taken, usually by another preview."""


def serve_family(project: Project, family: str, port: int, *, on_ready: Callable[[Preview], None],
                 on_rebuild: Say, on_problem: Say) -> None:
    """Build ``family`` into a temporary folder, serve it on 127.0.0.1:``port`` and rebuild on every save.

    Returns when the server stops (Ctrl+C). Raises HandbookError if the first build fails, and
    PortBusy if the port is taken. A failed rebuild is reported, here and in a banner on the open page,
    and the last good site stays up. A new link (``handbook rotate``) moves the preview to it.
    """
    from ..adapter.livereload import Outcome, ReloadServer, Shown
    from ..adapter.site import SiteRefused, build_site
    from ..build.request import BuildRequest
    from ..build.shared_work import SharedWork

    link = ""  # the token served: the first build's, then a new one after a `handbook rotate`

    def build() -> Plan:
        library = project.library()
        plan = project.plans(library, only=[family])[family]  # plain messages before MkDocs runs
        shared = SharedWork(project.root, library, {family: plan})
        build_site(BuildRequest(project=project, library=library, plan=plan, output_root=output, shared=shared,
                                live_preview=True))
        return plan

    def rebuild() -> Outcome:
        nonlocal link
        try:
            plan = build()
        except HandbookError as err:
            on_problem(str(err))
            return Outcome(None, tuple(_banner_line(p) for p in err.problems))
        except SiteRefused as err:
            on_problem(str(err))
            return Outcome(None, (Shown(_shown(project.config_file, project.root), str(err)),))
        if plan.link != link:
            shutil.rmtree(output / link, ignore_errors=True)  # the old address now redirects to the new one
            link = plan.link
            on_rebuild(f"The link changed: the preview is now at {url(plan.link)}")
        on_rebuild(f"{dt.datetime.now():%H:%M:%S} rebuilt; the open page reloads by itself.")
        return Outcome(f"/{plan.link}/")

    def url(token: str) -> str:
        return f"http://{HOST}:{port}/{token}/"

    if not _port_free(port):
        raise PortBusy(f"port {port} is already in use")
    output = Path(tempfile.mkdtemp(prefix="handbook-preview-"))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        try:
            plan = build()
        except SiteRefused as err:
            raise HandbookError([Problem(_shown(project.config_file, project.root), 1, str(err),
                                         "fix mkdocs.yml, or copy it again from the project")]) from None
        link = plan.link
        server = ReloadServer(builder=rebuild, home=f"/{plan.link}/", host=HOST, port=port, root=str(output))
        settings = (project.settings_file,) if project.settings_file.is_file() else ()
        watched = (project.families_dir, project.docs_dir, project.config_file, *settings)
        for path in watched:
            server.watch(str(path))
        on_ready(Preview(child=plan.child, url=url(plan.link), watched=tuple(_shown(p, project.root) for p in watched)))
        _stop_on_terminate()
        try:
            server.serve()  # type: ignore[no-untyped-call]  # MkDocs does not annotate serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(output, ignore_errors=True)


def _stop_on_terminate() -> None:
    """Ctrl+C, a closed terminal or a ``kill`` stop the preview, so its temporary folder is removed.

    SIGINT too: a process started in the background by a script or an editor's task runner inherits
    SIGINT ignored, and Python then never turns Ctrl+C into KeyboardInterrupt."""
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.default_int_handler)


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself will
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def _banner_line(problem: Problem) -> Shown:
    from ..adapter.livereload import Shown

    return Shown(problem.where, f"{problem.what} — {problem.todo}")


def _shown(path: Path, root: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return relative + "/" if path.is_dir() else relative
