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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .plan import Plan
from .problems import HandbookError, Problem
from .project import Project

HOST = "127.0.0.1"  # the preview holds a child's plan: never reachable from the network
RELOAD_SCRIPT = "/.livereload.js"  # a name no family folder can have: tokens never start with a dot
Say = Callable[[str], None]


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
    PortBusy if the port is taken. A failed rebuild is reported and the last good site stays up.
    """
    from mkdocs.exceptions import Abort

    from .mkdocs_site import build_family
    from .shared_work import SharedWork

    def build() -> Plan:
        library = project.library()
        plan = project.plans(library, only=[family])[family]  # plain messages before MkDocs runs
        build_family(project, family, output, SharedWork(project.root, library, {family: plan}))  # not read twice
        return plan

    def rebuild() -> None:
        try:
            build()
        except (HandbookError, Abort) as err:  # Abort: MkDocs refused mkdocs.yml or a page
            on_problem(str(err))
            return
        on_rebuild(f"{dt.datetime.now():%H:%M:%S} rebuilt; the open page reloads by itself.")

    if not _port_free(port):
        raise PortBusy(f"port {port} is already in use")
    output = Path(tempfile.mkdtemp(prefix="handbook-preview-"))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        try:
            plan = build()
        except Abort as err:
            raise HandbookError([Problem(_shown(project.config_file, project.root), 1, str(err),
                                         "fix mkdocs.yml, or copy it again from the project")]) from None
        server = _reload_server()(builder=rebuild, host=HOST, port=port, root=str(output))
        watched = (project.families_dir, project.docs_dir, project.config_file)
        for path in watched:
            server.watch(str(path))
        on_ready(Preview(child=plan.child, url=f"http://{HOST}:{port}/{plan.link}/",
                         watched=tuple(_shown(p, project.root) for p in watched)))
        _stop_on_terminate()
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(output, ignore_errors=True)


def _reload_server() -> type:
    """MkDocs' live-reload server, with its reload script served as a file instead of inline.

    The pages' Content-Security-Policy allows no inline script, so the script MkDocs injects
    inline would be blocked and the open page would never reload. This relies on MkDocs 1.6
    internals; 1.6.1 is the last MkDocs release, so they will not move.
    """
    from urllib.parse import parse_qs

    from mkdocs import livereload

    class ReloadServer(livereload.LiveReloadServer):
        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            tag = f'<script src="{RELOAD_SCRIPT}?epoch={epoch}&id={livereload._timestamp()}"></script>'.encode()
            end = content.rfind(b"</body>")
            end = len(content) if end < 0 else end
            return content[:end] + tag + content[end:]

        def _serve_request(self, environ: dict, start_response: Callable) -> Iterable[bytes] | None:
            if environ["PATH_INFO"] != RELOAD_SCRIPT:
                return super()._serve_request(environ, start_response)
            query = parse_qs(environ.get("QUERY_STRING", ""))
            numbers = [query.get(key, ["0"])[0] for key in ("epoch", "id")]
            if not all(n.isdigit() for n in numbers):
                return None
            script = livereload._SCRIPT_TEMPLATE.substitute(epoch=numbers[0], request_id=numbers[1]).encode()
            start_response("200 OK", [("Content-Type", "text/javascript; charset=utf-8"),
                                      ("Content-Length", str(len(script))), ("Cache-Control", "no-store")])
            return [script]

    return ReloadServer


def _stop_on_terminate() -> None:
    """A closed terminal or a ``kill`` stops the preview like Ctrl+C, so its temporary folder is removed."""
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
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


def _shown(path: Path, root: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return relative + "/" if path.is_dir() else relative
