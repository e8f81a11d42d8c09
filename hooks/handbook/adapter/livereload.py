"""MkDocs' live-reload server for ``handbook serve``, with its reload script served as a file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from mkdocs import livereload

RELOAD_SCRIPT = "/.livereload.js"  # a name no family folder can have: tokens never start with a dot


class ReloadServer(livereload.LiveReloadServer):
    """MkDocs' server, whose reload script is a file: the pages' Content-Security-Policy allows no inline
    script, so the one MkDocs injects inline would be blocked and the open page would never reload.

    This relies on MkDocs 1.6 internals (kept by ProperDocs); 1.6.1 is the last MkDocs release.
    """

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        tag = f'<script src="{RELOAD_SCRIPT}?epoch={epoch}&id={livereload._timestamp()}"></script>'.encode()
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + tag + content[end:]

    def _serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
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
