"""Build many families on all cores, in worker processes (on Linux forked from this one).

MkDocs and Material are imported before the fork, so workers start with them in memory, and
compiled theme templates come from the run's cache. Each worker builds one family after another,
always a clean (never ``dirty``) build, so no family's pages or search index reach another's.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.project import Project
from .libc import libc
from .request import BuildRequest, SiteBuildError

if TYPE_CHECKING:
    from .shared_work import SharedWork

Progress = Callable[[int, int, str], None]
# Forked workers start with everything imported; macOS and Windows start fresh ones (slower, but safe there).
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"


@dataclass(frozen=True)
class Job:
    """Everything a worker needs: forked workers inherit it, fresh ones get a pickled copy."""

    project: Project
    stage: Path
    shared: SharedWork
    base_url: str = ""  # where site/ is online, or "" (BuildRequest.base_url)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_families(job: Job, families: list[str], *, jobs: int, progress: Progress | None = None,
                   meanwhile: Callable[[], None] | None = None) -> None:
    """Build each family into ``job.stage``; progress is reported in the order builds finish.

    ``meanwhile`` is other work of this run (file-system work, mostly waiting on the disk) done while the
    families are built: in this process once the workers have started, or beside a build made here.
    """
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    total = len(families)
    workers = min(jobs, total)
    if workers < 2:
        with _alongside(meanwhile):
            for done, family in enumerate(families, start=1):
                _build_here(job, family)
                _report(progress, done, total, family)
        return
    importlib.import_module("handbook.adapter.site")  # MkDocs is imported once here, not in every worker
    from ..render.app_icons import app_icons

    app_icons()  # drawn once here, and every worker has them

    context = multiprocessing.get_context(START_METHOD)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(job, os.getpid())) as pool:
        futures = {pool.submit(_build_in_worker, family): family for family in families}
        try:
            if meanwhile is not None:
                meanwhile()  # the workers are forked by now, so no thread of ours is copied into them
            for done, future in enumerate(as_completed(futures), start=1):
                try:
                    family, failure = future.result()
                except BrokenProcessPool:  # a worker was killed, e.g. by the system when memory ran out
                    raise SiteBuildError(futures[future], "its build process stopped unexpectedly") from None
                if failure is not None:
                    raise SiteBuildError(family, failure)
                _report(progress, done, total, family)
        except BaseException:
            for future in futures:
                future.cancel()  # leaving the pool then waits only for builds already running
            raise


@contextmanager
def _alongside(work: Callable[[], None] | None) -> Iterator[None]:
    """Run ``work`` in a thread during the ``with`` block; its error, if any, is raised at the end."""
    if work is None:
        yield
        return
    failed: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as err:
            failed.append(err)

    thread = threading.Thread(target=run, name="handbook-meanwhile")
    thread.start()
    try:
        yield
    finally:
        thread.join()
    if failed:
        raise failed[0]


def _report(progress: Progress | None, done: int, total: int, family: str) -> None:
    if progress:
        progress(done, total, family)


def _build_here(job: Job, family: str) -> None:
    failure = _try_build(job, family)
    if failure is not None:
        raise SiteBuildError(family, failure)


def _try_build(job: Job, family: str) -> str | None:
    """Build one family; a failure comes back as text, so that it can cross from a worker process."""
    from ..adapter.site import build_site  # MkDocs only once a site is built: `handbook check` never needs it

    request = BuildRequest(project=job.project, library=job.shared.library, plan=job.shared.plans[family],
                           output_root=job.stage, shared=job.shared, base_url=job.base_url)
    try:
        build_site(request)
    except Exception as err:
        logging.getLogger("handbook").debug("".join(traceback.format_exception(err)))
        return f"{type(err).__name__}: {err}".strip()
    return None


_job: Job | None = None  # set once in each worker process, when it starts


def _start_worker(job: Job, parent: int) -> None:
    global _job
    _job = job
    _die_with(parent)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(parent: int) -> None:
    """A worker ends when the build that started it ends, however that ends (even ``kill -9``).

    Left alone, a worker whose parent was killed would wait for work forever (about 40 MB each).
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command's handler: only the parent cleans up
    c = libc() if sys.platform.startswith("linux") else None
    if c is not None and hasattr(c, "prctl"):
        c.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _build_in_worker(family: str) -> tuple[str, str | None]:
    assert _job is not None
    return family, _try_build(_job, family)
