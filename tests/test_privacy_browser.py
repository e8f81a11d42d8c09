"""In a real browser: no page of any family asks another host for anything, and the policy blocks nothing we ship."""

from __future__ import annotations

from pathlib import Path

from conftest import family_page_count
from parent_helpers import watch_traffic


def test_no_page_requests_another_host_or_breaks_the_policy(built: Path, browser, serve) -> None:
    base = serve(built / "site")
    pages = sorted(p.relative_to(built / "site").as_posix() for p in (built / "site").rglob("*.html"))
    assert len(pages) == family_page_count(built) + 2  # and the root's index.html and 404.html
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="allow")  # its copy too
    traffic = watch_traffic(context, base)
    page = context.new_page()
    for path in pages:
        page.goto(f"{base}/{path.removesuffix('index.html')}", wait_until="load")
    context.close()
    assert traffic.foreign == []
    assert traffic.refused == []
    assert any(url.endswith(".js") for url in traffic.loaded) and any(url.endswith(".css") for url in traffic.loaded)
