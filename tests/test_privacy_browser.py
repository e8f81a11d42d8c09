"""In a real browser: no page of any family asks another host for anything, and the policy blocks nothing we ship."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from conftest import family_page_count


def test_no_page_requests_another_host_or_breaks_the_policy(built: Path, browser, serve) -> None:
    base = serve(built / "site")
    own_host = urlsplit(base).netloc
    pages = sorted(p.relative_to(built / "site").as_posix() for p in (built / "site").rglob("*.html"))
    assert len(pages) == family_page_count(built) + 2  # and the root's index.html and 404.html
    context = browser.new_context(viewport={"width": 390, "height": 844})
    foreign: list[str] = []
    refused: list[str] = []
    loaded: set[str] = set()
    context.on("request", lambda r: (loaded.add(r.url), urlsplit(r.url).netloc != own_host and
                                     not r.url.startswith("data:") and foreign.append(r.url)))
    page = context.new_page()
    page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
    for path in pages:
        page.goto(f"{base}/{path.removesuffix('index.html')}", wait_until="load")
    context.close()
    assert foreign == []
    assert refused == []
    assert any(url.endswith(".js") for url in loaded) and any(url.endswith(".css") for url in loaded)
