"""``manifest.webmanifest``: what a phone needs to put one family's site on its home screen, as an app.

Addresses are relative to the manifest, so they stay inside the family's folder whatever the host,
and nothing names the family id or another family.
"""

from __future__ import annotations

import json

from .app_icons import BACKGROUND, ICON_FILES, THEME_COLOUR

MANIFEST = "manifest.webmanifest"


def web_manifest(name: str, short_name: str, language: str) -> str:
    icons = [{"src": path, "sizes": f"{size}x{size}", "type": "image/png",
              "purpose": "maskable" if "maskable" in path else "any"}
             for path, (size, _bleed, _scale) in ICON_FILES.items() if "apple-touch" not in path]
    manifest = {
        "id": "./",
        "name": name,
        "short_name": short_name,
        "lang": language,
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "orientation": "any",
        "background_color": BACKGROUND,
        "theme_color": THEME_COLOUR,
        "icons": icons,
    }
    return json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
