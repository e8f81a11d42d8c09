"""``handbook library``: the activities a plan can use, filtered by area and age, and the library's
coverage of every area at every age."""

from __future__ import annotations

from ..core.library import AGES, Activity, Library


def chosen_activities(library: Library, area: str | None = None, age: int | None = None) -> list[Activity]:
    """The activities of ``area`` that fit a child of ``age``, in the library's order of areas."""
    order = list(library.areas)
    found = [a for a in library.activities.values()
             if (area is None or a.area == area) and (age is None or a.fits_age(age))]
    return sorted(found, key=lambda a: (order.index(a.area), a.id))


def activity_rows(activities: list[Activity], library: Library) -> list[str]:
    """One line per activity: the id to copy into a plan first, then area, ages and minutes."""
    width = max((len(a.id) for a in activities), default=0)
    return [f"{a.id:<{width}}  {library.areas[a.area].name} · ages {a.ages[0]}–{a.ages[1]} · {a.minutes} min"
            for a in activities]


def coverage(library: Library) -> dict[str, dict[int, int]]:
    """How many activities fit each age, by area."""
    return {area: {age: sum(1 for a in library.activities.values() if a.area == area and a.fits_age(age))
                   for age in AGES} for area in library.areas}


def coverage_table(library: Library) -> list[str]:
    """The coverage as a text table, with a row of totals per age and a column of activities per area."""
    table = coverage(library)
    width = max(len(area) for area in library.areas)
    head = f"{'area':<{width}}  " + " ".join(f"{age:>3}" for age in AGES) + "  activities"
    lines = [head, "-" * len(head)]
    for area, by_age in table.items():
        count = sum(1 for a in library.activities.values() if a.area == area)
        lines.append(f"{area:<{width}}  " + " ".join(f"{by_age[age]:>3}" for age in AGES) + f"  {count:>10}")
    totals = [sum(by_age[age] for by_age in table.values()) for age in AGES]  # each activity has one area
    lines.append("-" * len(head))
    lines.append(f"{'every area':<{width}}  " + " ".join(f"{n:>3}" for n in totals)
                 + f"  {len(library.activities):>10}")
    return lines
