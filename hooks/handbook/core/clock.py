"""Today's date, for what depends on it (a check-in in the past, a starter plan's dates).

``HANDBOOK_TODAY=2027-01-10`` checks and writes plans as if on that day: to see which check-ins will have
passed by a date, and so the tests and their expected texts do not change with the calendar.
"""

from __future__ import annotations

import datetime as dt
import os

TODAY_ENV = "HANDBOOK_TODAY"


def today() -> dt.date:
    """The date in ``HANDBOOK_TODAY`` (year-month-day) if set and valid, else this computer's date."""
    given = os.environ.get(TODAY_ENV, "").strip()
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            pass
    return dt.date.today()
