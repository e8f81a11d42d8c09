"""The privacy policies every page carries, as meta tags and as host headers."""

from __future__ import annotations

VIDEO_FRAME_HOSTS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

# No inline scripts (Material's two are moved to files by the theme overrides), so injected
# markup cannot run code even if escaping ever failed. Inline *styles* stay: Markdown tables use them.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "media-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",  # the family's offline copy (sw.js)
    "manifest-src 'self'",  # what puts the site on the home screen
    "frame-src " + " ".join(VIDEO_FRAME_HOSTS),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
))
ROBOTS = "noindex, nofollow, noarchive"
REFERRER = "no-referrer"

HEADERS = {
    "X-Robots-Tag": ROBOTS,
    "Referrer-Policy": REFERRER,
    "X-Content-Type-Options": "nosniff",
    # frame-ancestors only works as a header, never in a meta tag
    "Content-Security-Policy": CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def headers_file() -> str:
    """``_headers`` for Netlify and Cloudflare Pages: the same policies for every path."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in HEADERS.items()]
    return "\n".join(lines) + "\n"
