"""The words of Material's own interface on our pages, as catalog messages with Material's key as context.

Material translates its interface into 60 languages itself (``partials/languages/<lang>.html``).
Our override of ``partials/language.html`` asks ``config.extra.theme_words`` first: a message our
catalog translates replaces Material's, one it leaves untranslated keeps Material's. English, the
source language, therefore changes nothing, and a pseudo-locale reaches every word on the page.
"""

from __future__ import annotations

from .messages import Messages

THEME_WORDS = {  # Material's key: its English text (the msgid)
    "action.skip": "Skip to content",
    "clipboard.copy": "Copy to clipboard",
    "clipboard.copied": "Copied to clipboard",
    "footer": "Footer",
    "footer.next": "Next",
    "footer.previous": "Previous",
    "header": "Header",
    "nav": "Navigation",
    "search": "Search",
    "search.placeholder": "Search",
    "search.share": "Share",
    "search.reset": "Clear",
    "search.result.initializer": "Initializing search",
    "search.result.placeholder": "Type to start searching",
    "search.result.none": "No matching documents",
    "search.result.one": "1 matching document",
    "search.result.other": "# matching documents",
    "search.result.more.one": "1 more on this page",
    "search.result.more.other": "# more on this page",
    "search.result.term.missing": "Missing",
    "select.version": "Select version",
    "toc": "Table of contents",
    "top": "Back to top",
    "logo": "logo",  # not Material's key: our partials/logo.html asks for it, Material alone writes "logo"
}


def theme_words(messages: Messages) -> dict[str, str]:
    """Material's words that the site's catalog translates, by Material's key."""
    found = {}
    for key, english in THEME_WORDS.items():
        translated = messages.pgettext(key, english)
        if translated != english:
            found[key] = translated
    return found
