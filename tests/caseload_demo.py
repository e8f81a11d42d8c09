"""A caseload of 12 synthetic families with 8 weeks of star-chart copies, for ``handbook report`` tests and screenshots.

Adherence varies on purpose: one family stopped three weeks ago, one does everything, one marks most things hard,
one sent its copy from the link it had before a rotation, one is archived, the others are somewhere in between.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path

from handbook.core.plan import DAYS
from handbook.core.project import Project
from handbook.core.safety import link_hash, new_token

from conftest import make_caseload

TODAY = dt.date(2026, 11, 30)  # a Monday
CHILDREN = ("Mateo", "Leo", "Ada", "Noor", "Sami", "Isla", "Yusuf", "Mira", "Theo", "Zara", "Ravi", "Lena")
# (share of planned days done, share of "hard" ratings, days before TODAY the log stops)
HABITS = [(0.9, 0.1, 21), (1.0, 0.0, 1), (0.85, 0.7, 1), (0.6, 0.1, 2), (0.3, 0.2, 1), (0.8, 0.1, 3),
          (0.7, 0.2, 1), (0.95, 0.05, 2), (0.5, 0.3, 16), (0.75, 0.1, 1), (0.9, 0.15, 4), (0.65, 0.1, 2)]
STOPPED, EVERYTHING, HARD, ROTATED, ARCHIVED = 0, 1, 2, 3, 10


def write_demo(project_dir: Path, folder: Path, today: dt.date = TODAY) -> list[str]:
    """Replace the plans of ``project_dir`` by 12 families and write a copy of each one's star chart to ``folder``."""
    families = make_caseload(project_dir, len(CHILDREN))
    for family, child in zip(families, CHILDREN, strict=True):
        path = project_dir / "families" / f"{family}.yaml"
        path.write_text(re.sub(r"(?m)^child: .*$", f"child: {child}", path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    project = Project(project_dir)
    plans = project.plans(project.library())
    old_token = new_token()
    rotated = project_dir / "families" / f"{families[ROTATED]}.yaml"
    rotated.write_text(rotated.read_text(encoding="utf-8") + f"previous_links: [{link_hash(old_token)}]\n",
                       encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)
    for number, family in enumerate(families):
        plan = plans[family]
        done, hard, stops = HABITS[number]
        entries = []
        for back in range(56, 0, -1):
            day = today - dt.timedelta(days=back)
            if back < stops or rng.random() > done:
                continue
            for assignment in plan.activities_on(DAYS[day.weekday()]):
                rating = "hard" if rng.random() < hard else rng.choice(["easy", "just-right", None])
                entries.append({"date": day.isoformat(), "activity": assignment.id,
                                "title": assignment.activity.title, "minutes": assignment.minutes,
                                "rating": rating})
        export = {"schema": "family-handbook-log", "version": 1,
                  "link": old_token if number == ROTATED else plan.link, "child": plan.child,
                  "exported_at": f"{today - dt.timedelta(days=1)}T19:00:00.000Z", "entries": entries,
                  "rewards_claimed": [{"date": entries[-1]["date"], "stars": 10, "reward": "Park trip"}]
                  if len(entries) > 10 else []}
        if number != ROTATED:
            export["log"] = plan.log
        (folder / f"stars-{plan.child}-{today}.json").write_text(json.dumps(export, indent=2), encoding="utf-8")
    archive = project_dir / "families" / "archive"
    archive.mkdir(exist_ok=True)
    shutil.move(project_dir / "families" / f"{families[ARCHIVED]}.yaml", archive)
    return families
