"""Helpers for the parent-experience browser tests: a static server, a page with a set clock, sample logs."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# A Wednesday, early evening in London (GMT in November, so UTC and local time agree).
NOW = dt.datetime(2026, 11, 25, 17, 30, tzinfo=dt.timezone.utc)
TIMEZONE = "Europe/London"
ISLAND = re.compile(r'<script type="application/json" id="hb-family">(.*?)</script>', re.S)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def static_server(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free localhost port for as long as the generator lives; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def family_data(site_root: Path, token: str) -> dict[str, Any]:
    """The family data a built site gives its scripts (read back from the home page)."""
    match = ISLAND.search((site_root / token / "index.html").read_text(encoding="utf-8"))
    assert match, "the home page has no family data island"
    return json.loads(match.group(1))


def open_page(browser: Any, url: str, *, viewport: dict[str, int] | None = None, now: dt.datetime = NOW,
              log: dict[str, Any] | None = None, token: str | None = None, context: Any = None,
              reduced_motion: str = "no-preference") -> Any:
    """A fresh browser context (empty storage) at ``url``, with the clock set to ``now``.

    ``log`` is stored for ``token`` (default: the log's own link) before the first page runs, once.
    """
    if context is None:
        context = browser.new_context(viewport=viewport or {"width": 390, "height": 844}, timezone_id=TIMEZONE,
                                      locale="en-GB", reduced_motion=reduced_motion, accept_downloads=True)
    page = context.new_page()
    page.clock.set_fixed_time(now)
    if log is not None:
        key = f"handbook:{token or log['link']}:log"
        page.add_init_script(
            "if (!sessionStorage.getItem('seeded')) {"
            f" localStorage.setItem({json.dumps(key)}, {json.dumps(json.dumps(log))});"
            " sessionStorage.setItem('seeded', '1'); }")
    page.goto(url)
    return page


def sample_log(family: dict[str, Any], *, days: int, extra_stars: int = 0, today: dt.date | None = None
               ) -> dict[str, Any]:
    """A stored log with practice on most planned days of the last ``days`` days (not today), plus
    ``extra_stars`` single practices long ago. Ratings rotate through every value, so all show."""
    today = today or NOW.date()
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    ratings = ["easy", "just-right", "hard", None]
    entries = []
    for back in range(1, days + 1):
        date = today - dt.timedelta(days=back)
        planned = [a for a in family["activities"] if names[date.weekday()] in a["days"]]
        for i, activity in enumerate(planned):
            if (back + i) % 5 == 4:
                continue  # some practice is skipped, as in real life
            entries.append(_entry(date, activity, ratings[(back + i) % 4]))
    first = family["activities"][0]
    for n in range(extra_stars):
        entries.append(_entry(today - dt.timedelta(days=60 + n), first, None))
    entries.sort(key=lambda e: (e["date"], e["activity"]))
    return {"schema": "family-handbook-log", "version": 1, "link": family["link"], "child": family["child"],
            "entries": entries, "rewards_claimed": []}


def _entry(date: dt.date, activity: dict[str, Any], rating: str | None) -> dict[str, Any]:
    return {"date": date.isoformat(), "activity": activity["id"], "title": activity["title"],
            "minutes": activity["minutes"], "rating": rating}


def chart_key(page: Any, token: str) -> str:
    """The storage key of the star chart of the family whose link is ``token``: under its plan's star-chart id
    (``log:``) when the page's family has that link and an id, else under the link."""
    found = page.evaluate("""token => {
      const island = document.getElementById("hb-family");
      const family = island ? JSON.parse(island.textContent) : null;
      return family && family.link === token && family.log ? family.log : token;
    }""", token)
    return f"handbook:{found}:log"


def stored_log(page: Any, token: str) -> dict[str, Any]:
    """The log the page stored for the family whose link is ``token``; there must be one."""
    raw = page.evaluate("key => localStorage.getItem(key)", chart_key(page, token))
    assert raw is not None, f"no log is stored for {token}"
    log: dict[str, Any] = json.loads(raw)
    return log


def wait_until(page: Any, script: str, *, timeout: float = 10.0) -> Any:
    """Poll ``script`` (a JS function) until it returns something truthy. Playwright's own
    wait_for_function evaluates strings with eval(), which the site's Content-Security-Policy forbids."""
    end = time.monotonic() + timeout
    while True:
        value = page.evaluate(script)
        if value or time.monotonic() > end:
            assert value, f"timed out waiting for {script}"
            return value
        time.sleep(0.05)


def axe_violations(page: Any, axe_source: str, within: str | None = None) -> list[dict[str, Any]]:
    """axe-core's WCAG findings on the page as it is now, with the target-size rule on; ``within``: only
    inside the element this CSS selector finds (the page's frame is then someone else's test)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(axe_source)  # not a <script> tag: the Content-Security-Policy forbids inline ones
    result: list[dict[str, Any]] = page.evaluate(
        """async (within) => {
            const r = await axe.run(within || document, {rules: {"target-size": {enabled: true}}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }""", within)
    return result


@dataclass
class PageTraffic:
    """What a browser context asked for while pages loaded: every address, those on another host, and
    the Content-Security-Policy's complaints."""

    loaded: set[str] = field(default_factory=set)
    foreign: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def watch_traffic(context: Any, base: str) -> PageTraffic:
    """Record what ``context``'s pages request and what the policy refuses; ``base`` is our own site."""
    own_host = urlsplit(base).netloc
    traffic = PageTraffic()

    def request(r: Any) -> None:
        traffic.loaded.add(r.url)
        if urlsplit(r.url).netloc != own_host and not r.url.startswith("data:"):
            traffic.foreign.append(r.url)

    def console(m: Any) -> None:
        if "Content Security Policy" in m.text:
            traffic.refused.append(m.text)

    context.on("request", request)
    context.on("console", console)
    return traffic
