"""Build many families on all cores: the first one here, the rest in forked worker processes.

Building the first family in this process imports MkDocs and compiles the theme templates once;
forked workers start with all of that in memory. Each worker then builds one family after another,
always a clean (never ``dirty``) build, so no family's pages or search index reach another's.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .project import Project
from .shared_work import SharedWork

Progress = Callable[[int, int, str], None]


class SiteBuildError(Exception):
    """A family's site could not be built: a theme, plugin or disk failure rather than a plan problem."""

    def __init__(self, family: str, detail: str) -> None:
        self.family = family
        self.detail = detail
        super().__init__(f"the site of '{family}' could not be built: {detail}")


@dataclass(frozen=True)
class Job:
    """Everything a worker needs; forked workers inherit it, nothing is pickled."""

    project: Project
    stage: Path
    shared: SharedWork


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_families(job: Job, families: list[str], *, jobs: int, progress: Progress | None = None) -> None:
    """Build each family into ``job.stage``; progress is reported in the order builds finish."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    total = len(families)
    for done, family in enumerate(families[:1], start=1):
        _build_here(job, family)
        _report(progress, done, total, family)
    rest = families[1:]
    workers = min(jobs, len(rest))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for done, family in enumerate(rest, start=2):
            _build_here(job, family)
            _report(progress, done, total, family)
        return
    with multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker, initargs=(job,)) as pool:
        for done, (family, failure) in enumerate(pool.imap_unordered(_build_in_worker, rest), start=2):
            if failure is not None:
                raise SiteBuildError(family, failure)
            _report(progress, done, total, family)


def _report(progress: Progress | None, done: int, total: int, family: str) -> None:
    if progress:
        progress(done, total, family)


def _build_here(job: Job, family: str) -> None:
    failure = _try_build(job, family)
    if failure is not None:
        raise SiteBuildError(family, failure)


def _try_build(job: Job, family: str) -> str | None:
    """Build one family; a failure comes back as text, so that it can cross from a worker process."""
    from .mkdocs_site import build_family

    try:
        build_family(job.project, family, job.stage, job.shared)
    except (Exception, SystemExit) as err:  # MkDocs' Abort is a SystemExit
        logging.getLogger("handbook").debug("".join(traceback.format_exception(err)))
        return f"{type(err).__name__}: {err}".strip()
    return None


_job: Job | None = None  # set once in each worker process, right after the fork


def _start_worker(job: Job) -> None:
    global _job
    _job = job


def _build_in_worker(family: str) -> tuple[str, str | None]:
    assert _job is not None
    return family, _try_build(_job, family)
