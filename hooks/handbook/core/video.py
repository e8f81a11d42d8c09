"""An activity's video as something a page can embed without calling another site on load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

VIDEO_FILES = {".mp4": "video/mp4", ".webm": "video/webm", ".m4v": "video/mp4", ".mov": "video/mp4"}
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com",
                 "youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{3,12}")
VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")


@dataclass(frozen=True)
class Video:
    """Where the video plays from: ``kind`` is ``youtube``, ``vimeo`` or ``file`` (a file in docs/)."""

    kind: str
    src: str  # the iframe address for youtube/vimeo, the docs/ path for a file
    mime: str | None = None

    @property
    def host_name(self) -> str:
        return {"youtube": "YouTube", "vimeo": "Vimeo"}.get(self.kind, "")


def parse_video(value: str) -> Video:
    """A checked ``video:`` value; raises ValueError saying what is accepted."""
    parts = urlsplit(value)
    if not parts.scheme:
        suffix = "." + value.rsplit(".", 1)[-1].lower() if "." in value else ""
        if suffix not in VIDEO_FILES:
            raise ValueError(f"'{value}' is not a video file this site can play "
                             f"(use {', '.join(sorted(set(VIDEO_FILES) - {'.mov', '.m4v'}))})")
        return Video("file", value, VIDEO_FILES[suffix])
    host = (parts.hostname or "").lower()
    if host in YOUTUBE_HOSTS:
        return Video("youtube", _youtube_embed(value, host, parts.path, parts.query))
    if host in VIMEO_HOSTS:
        return Video("vimeo", _vimeo_embed(value, host, parts.path, parts.query))
    raise ValueError(f"'{value}' is not a YouTube or Vimeo address; other sites would see every parent who "
                     "opens the page")


def _youtube_embed(value: str, host: str, path: str, query: str) -> str:
    segments = [s for s in path.split("/") if s]
    if host == "youtu.be":
        found = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        found = parse_qs(query).get("v", [""])[0]
    elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
        found = segments[1]
    else:
        found = ""
    if not YOUTUBE_ID.fullmatch(found):
        raise ValueError(f"'{value}' has no YouTube video id (copy the address from YouTube's Share button)")
    start = parse_qs(query).get("t", parse_qs(query).get("start", [""]))[0].rstrip("s")
    extra = {"start": start} if start.isdigit() else {}
    return f"https://www.youtube-nocookie.com/embed/{found}?" + urlencode({"autoplay": 1, "rel": 0, **extra})


def _vimeo_embed(value: str, host: str, path: str, query: str) -> str:
    segments = [s for s in path.split("/") if s]
    if host == "player.vimeo.com" and segments[:1] == ["video"]:
        segments = segments[1:]
    found = segments[0] if segments else ""
    if not VIMEO_ID.fullmatch(found):
        raise ValueError(f"'{value}' has no Vimeo video number (copy the address from Vimeo's Share button)")
    private = segments[1] if len(segments) > 1 else parse_qs(query).get("h", [""])[0]
    params = {"h": private} if VIMEO_HASH.fullmatch(private) else {}
    # dnt=1: Vimeo sets no tracking cookies and keeps no session data for this player
    return f"https://player.vimeo.com/video/{found}?" + urlencode({**params, "dnt": 1, "autoplay": 1})
