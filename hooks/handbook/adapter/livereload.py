"""MkDocs' live-reload server for ``handbook serve``, with our own preview script in place of MkDocs' one.

Each page it serves gets ``assets/live_preview/preview.js`` (built only into the live preview, see
``site.LIVE_PREVIEW_ASSETS``), which asks ``/.preview-state`` what the preview is showing: the site's
version, its address and the problems of the last save. So the open page reloads after a good save, shows a
banner after a bad one, and follows the site to its new address after a ``handbook rotate``.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote

from mkdocs import livereload

from .site import LIVE_PREVIEW_ASSETS

STATE_PATH = "/.preview-state"  # a name no family folder can have: tokens never start with a dot
POLL_SECONDS = 25  # a state request waits this long for news, then answers anyway


@dataclass(frozen=True)
class Shown:
    """One problem as the preview's banner shows it: ``where`` is ``file:line`` (or empty)."""

    where: str
    message: str


@dataclass(frozen=True)
class Outcome:
    """What one build left: the site's address (``/<token>/``) after a good build, the problems after a bad one."""

    home: str | None
    problems: tuple[Shown, ...] = ()


class ReloadServer(livereload.LiveReloadServer):
    """MkDocs' server with a preview script that is a file (the pages' Content-Security-Policy allows no inline
    script) and a JSON state the script long-polls.

    This relies on MkDocs 1.6 internals (kept by ProperDocs); 1.6.1 is the last MkDocs release.
    """

    def __init__(self, builder: Callable[[], Outcome], home: str, **options: Any) -> None:
        super().__init__(builder=self._build, **options)
        self._outcome_of = builder
        self._state = threading.Condition()  # held when reading or changing the four below
        self._version = 1  # counts changes of what the state says
        self._built = self._visible_epoch  # the epoch of the last good build: pages older than it reload
        self._home = home
        self._problems: tuple[Shown, ...] = ()
        self._moved_from: set[str] = set()

    @property
    def home(self) -> str:
        with self._state:
            return self._home

    def _build(self) -> None:
        outcome = self._outcome_of()
        with self._state:
            if outcome.home is not None:
                self._built = self._wanted_epoch
                if outcome.home != self._home:
                    self._moved_from.add(self._home)
                    self._moved_from.discard(outcome.home)
                    self._home = outcome.home
            self._problems = outcome.problems
            self._version += 1
            self._state.notify_all()

    def state(self, since: int) -> dict[str, Any]:
        """What the open pages need, as soon as it differs from version ``since`` (or after POLL_SECONDS)."""
        with self._state:
            self._state.wait_for(lambda: self._version != since, timeout=POLL_SECONDS)
            return {"version": self._version, "built": self._built, "home": self._home,
                    "problems": [{"where": p.where, "message": p.message} for p in self._problems]}

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        home = self.home
        script = html.escape(f"{home}{LIVE_PREVIEW_ASSETS}preview.js")
        tag = (f'<script type="module" src="{script}" data-epoch="{epoch}" data-home="{html.escape(home)}" '
               f'data-preview-state="{STATE_PATH}"></script>').encode()
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + tag + content[end:]

    def _serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")  # as MkDocs reads it
        if path == STATE_PATH:
            since = parse_qs(environ.get("QUERY_STRING", "")).get("since", ["0"])[0]
            body = json.dumps(self.state(int(since) if since.isdigit() else 0)).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                      ("Cache-Control", "no-store")])
            return [body]
        with self._state:
            old = next((h for h in self._moved_from if path.startswith(h)), None)
            home = self._home
        if old is not None:  # the link was rotated: in the preview only, the old address leads to the new one
            query = environ.get("QUERY_STRING", "")
            start_response("302 Found", [("Location", quote(home + path[len(old):]) + (f"?{query}" if query else "")),
                                         ("Cache-Control", "no-store")])
            return []
        return super()._serve_request(environ, start_response)
