"""Loading a saved copy on a phone out of space changes nothing, says so once, and leaves nothing behind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import SAMPLE_TOKENS
from parent_helpers import NOW, open_page, sample_log, stored_log, wait_until

RIVERA = SAMPLE_TOKENS["rivera"]
FILL = """() => {
  const chunk = "x".repeat(256 * 1024);
  let n = 0;
  for (let size = chunk; size.length > 16; size = size.slice(size.length / 2)) {
    try { for (;;) localStorage.setItem("filler-" + n++, size); } catch (err) { /* full at this size: smaller */ }
  }
  return n;
}"""


def test_a_copy_loaded_on_a_full_phone_changes_nothing_and_says_so_once(browser: Any, site: str,
                                                                       rivera: dict[str, Any], tmp_path: Path) -> None:
    log = sample_log(rivera, days=4)
    page = open_page(browser, f"{site}/{RIVERA}/log/", log=log)
    before = stored_log(page, RIVERA)
    copy = sample_log(rivera, days=12)  # eight more days than the phone has
    copy["link"] = RIVERA
    file = tmp_path / "saved.json"
    file.write_text(json.dumps(copy), encoding="utf-8")
    assert page.evaluate(FILL) > 0

    page.set_input_files("[data-hb-import]", str(file))
    wait_until(page, "() => document.querySelector('[data-hb-import-result]').textContent !== ''")

    message = page.inner_text("[data-hb-import-result]")
    assert message.count("Nothing was changed") == 1, message
    assert "could not be saved" in message
    assert stored_log(page, RIVERA) == before
    assert page.evaluate("Object.keys(localStorage).filter(k => k.endsWith(':before-import'))") == []
    # with room again, the next tick saves the chart as it was plus that tick: never the refused copy
    page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('filler-'))"
                  ".forEach(k => localStorage.removeItem(k))")
    today = NOW.date().isoformat()
    planned = [a for a in rivera["activities"] if "wed" in a["days"]][0]
    page.locator("[data-hb-tasks] .hb-task").filter(has_text=planned["title"]).locator("input[type=checkbox]").check()
    after = stored_log(page, RIVERA)["entries"]
    assert len(after) == len(before["entries"]) + 1
    assert [e for e in after if e not in before["entries"]] == [
        {"date": today, "activity": planned["id"], "title": planned["title"], "minutes": planned["minutes"],
         "rating": None}]
    page.context.close()
