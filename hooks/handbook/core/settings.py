"""The project's settings, ``handbook.yaml``: the therapist's details and defaults, written once for every plan.

A plan that has its own ``therapist:`` or ``daily_minutes:`` uses its own, whole: another therapist's plan in
the same project never shows a mix of two people's details.
"""

from __future__ import annotations

from pathlib import Path

from .library import Library
from .plan import SETTINGS_FILE, PlanDefaults, PlanReader
from .problems import HandbookError, Problem, display_path
from .yamlsource import decode_text, parse_yaml

SETTINGS_KEYS = ("therapist", "daily_minutes")


def load_settings(root: Path, library: Library) -> PlanDefaults:
    """``handbook.yaml`` read and checked as a plan's keys are; no file: the defaults. Raises HandbookError."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        return PlanDefaults()
    shown = display_path(path, root)
    located = parse_yaml(decode_text(path.read_bytes(), shown), shown)
    data = located.data
    if data is None:
        return PlanDefaults(source=shown)
    if not isinstance(data, dict):
        raise HandbookError([Problem(shown, 1, "the settings must be 'key: value' lines",
                                     "start from the example in GUIDE.md, with 'therapist:' and 'daily_minutes:'")])
    reader = PlanReader(located, "", library)
    reader.keys((), data, SETTINGS_KEYS)
    therapist = reader.therapist(data["therapist"]) if "therapist" in data else None
    minutes = reader.minutes(("daily_minutes",), data["daily_minutes"]) if "daily_minutes" in data else None
    if reader.problems:
        raise HandbookError(reader.problems)
    defaults = PlanDefaults(therapist=therapist, source=shown)
    return defaults if minutes is None else PlanDefaults(therapist=therapist, daily_minutes=minutes, source=shown)
