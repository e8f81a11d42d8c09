"""Every word the page scripts show, as catalog messages: they travel to the browser in the page's JSON data.

The scripts hold keys, never English. A message is ``N_("text")``, or a pair ``(N_("one"), N_("many"))``
for a count; placeholders are ``%(name)s`` (``%(count)s`` for the count), filled in by the script.
Each group is what one script needs; a page carries the groups of the scripts it loads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Union


def N_(text: str) -> str:
    """Marks a message for the catalog; it is translated when a site is built, not here."""
    return text


Message = Union[str, tuple[str, str]]

SCRIPT_WORDS: dict[str, dict[str, Message]] = {
    # handbook.js: the home page and the activity pages
    "page": {
        "next": N_("Next"),
    },
    # log_store.js: the stars kept in this browser, on every page that shows them
    "store": {
    },
    # reward_log.js: the star chart
    "chart": {
        "stars": (N_("%(count)s star"), N_("%(count)s stars")),
    },
}
PAGE_GROUPS = ("page", "store")
CHART_GROUPS = ("page", "store", "chart")


def script_words(groups: Iterable[str], gettext: Callable[[str], str],
                 plural_forms: Callable[[str, str], dict[str, str]]) -> dict[str, str | dict[str, str]]:
    """The groups' messages in the site's language: text by key, or text by CLDR plural category
    (``one``, ``few``, ``other``, …) for a count, which the script picks with ``Intl.PluralRules``."""
    words: dict[str, str | dict[str, str]] = {}
    for group in groups:
        for key, message in SCRIPT_WORDS[group].items():
            words[key] = gettext(message) if isinstance(message, str) else plural_forms(*message)
    return words
