"""The messages GUIDE.md lists, each made by a real run on a broken copy of the sample project.

``python tests/guide_messages.py`` prints, for every case, what the handbook really says: the first
column of GUIDE.md's message tables is copied from it. ``tests/test_guide_messages.py`` checks that
every message those tables show is what the run says (``…`` standing for a part left out), and that
every message of the tables has its case here.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import copy_project, handbook  # noqa: E402

RIVERA = "families/rivera.yaml"
LINH_TOKEN = "Xk3f9aQ7mRt2LpW8zNc4Vb6D"
TABLES = ("The families folder", "Reading the file", "The plan's keys", "The therapist",
          "Activities and the daily budget", "The child's age", "Times, dates and rewards")  # what the cases cover

Break = Callable[[Path], list[str]]  # breaks the project; returns the command to run (default: check)


@dataclass(frozen=True)
class Case:
    message: str  # as GUIDE.md shows it
    make: Break


def edit(relative: str, old: str, new: str, *, count: int = 1) -> Break:
    def make(root: Path) -> list[str]:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
        return ["check"]
    return make


def write(relative: str, content: str | bytes, command: tuple[str, ...] = ("check",)) -> Break:
    def make(root: Path) -> list[str]:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return list(command)
    return make


def both(*steps: Break) -> Break:
    def make(root: Path) -> list[str]:
        command = ["check"]
        for step in steps:
            command = step(root)
        return command
    return make


def copied_plan(root: Path) -> list[str]:
    copy = root / "families" / "lee.yaml"
    shutil.copy(root / RIVERA, copy)
    os.utime(copy, (2_000_000_000, 2_000_000_000))  # the later file: the copy
    return ["check"]


def gone_plan(root: Path) -> list[str]:
    text = (root / "families" / "okafor.yaml").read_text(encoding="utf-8")
    lines = [f"link: {LINH_TOKEN}" if line.startswith("link:") else "child: Linh" if line.startswith("child:")
             else line for line in text.splitlines() if not line.startswith("log:")]
    (root / "families" / "nguyen.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = handbook(root, "build", "-q")
    assert result.exit_code == 0, result.output
    (root / "families" / "nguyen.yaml").unlink()
    return ["build"]


def symlink(root: Path) -> list[str]:
    os.symlink(root / "families" / "chen.yaml", root / "docs" / "media" / "extra.vtt")
    return ["check"]


def outside(root: Path) -> list[str]:
    return ["--outside--"]


def today(day: str, step: Break) -> Break:
    def make(root: Path) -> list[str]:
        os.environ["HANDBOOK_TODAY"] = day
        return step(root)
    return make


PUTTY = "  - id: putty-pinch-and-find\n    minutes: 2\n"
PUTTY_NOTE = ('    note: Use the green putty, it is softer. Start with 5 big beads and count them back into the tin. '
              'He likes to call them "pirate gold".')
THERAPIST = 'therapist: {name: Daniel Ortiz, phone: "+1 555 0177", email: d.ortiz@example.org, prefers: text}'
CHEN = "families/chen.yaml"
FOCUS = ("focus:\n  - Holding a crayon with three fingers (thumb, pointer and middle finger)\n"
         "  - Stronger hands for squeezing and pinching\n  - Doing up big buttons on his shirt\n"
         "  - Eating with a spoon with less spilling\n")

CASES = [
    # the families folder
    Case("families/nguyen.yaml.txt: this file is not read as a plan: its name ends in '.txt' after '.yaml' (editors "
         "sometimes add one) — rename it to families/nguyen.yaml", write("families/nguyen.yaml.txt", "child: Linh\n")),
    Case("families/old: plans in a folder inside families/ are not read, so their sites would be taken down — move "
         "each plan back into families/, or into families/archive/ to take its site down on purpose ('handbook "
         "archive FAMILY' does it)", write("families/old/nguyen.yaml", "child: Linh\n")),
    Case("families/notes.docx: this file is not a plan, and only plans belong in families/ — move it out of "
         "families/ (plans are named like rivera.yaml; a README is fine)", write("families/notes.docx", b"PK")),
    Case("families/rivera.yaml~: this looks like a copy of families/rivera.yaml, and it is not read — delete it, or "
         "move it out of families/", write("families/rivera.yaml~", "child: Mateo\n")),
    Case("families/nguyen.yaml: the plan is gone, but Linh's site is still online (site/Xk3f9a…) — put the plan back "
         "to keep the site (from your backup, or 'git checkout families/nguyen.yaml'), or run 'handbook archive "
         "nguyen' to take the site down on purpose", gone_plan),
    Case("families/archive/okafor.yaml: 'okafor' has a plan in families/ and one in families/archive/ — keep one: "
         "delete the archived copy to keep the site online, or run 'handbook archive okafor' again to take it down",
         write("families/archive/okafor.yaml", "child: Amara\n")),
    Case("… is not a Family Handbook project: there is no mkdocs.yml with a families/ folder here or above.", outside),
    # reading the file
    Case("'minutes' is indented further than the line above — line it up with 'id:' on the line above, using the "
         "same number of spaces", edit(RIVERA, PUTTY, PUTTY.replace("    minutes", "      minutes"))),
    Case("'focus' needs a ':' after it — write 'focus:' (the lines below it stay as they are)",
         edit(RIVERA, "focus:\n", "focus\n")),
    Case('this quote (") is never closed — add the closing " at the end of the value',
         edit(RIVERA, "    note: Use the yellow tongs", '    note: "Use the yellow tongs')),
    Case("a \" inside this quoted value ends it early — write the quotes inside the value as ' instead",
         edit(RIVERA, PUTTY_NOTE, PUTTY_NOTE.replace("note: Use", 'note: "Use') + '"')),
    Case("line has a non-breaking space (often pasted from an email or a web page) — retype the spaces on this line",
         edit(RIVERA, "    minutes: 2\n    days: [sat]", "\u00a0   minutes: 2\n    days: [sat]")),
    Case("curly quotes (“ ”) are not quotes to YAML — type straight quotes \" instead (your editor or phone may "
         "change them back: turn off smart quotes)",
         edit(RIVERA, "    note: Use the yellow tongs from the clinic bag. Ask him to keep his thumb on top.",
              "    note: “Tip: use the yellow tongs”")),
    Case("YAML cannot read this line (mapping values are not allowed here) — a ':' inside a value confuses YAML: put "
         "the whole value in \"double quotes\"",
         edit(RIVERA, "  - Stronger hands for squeezing and pinching", "  - Stronger hands: squeezing: pinching")),
    Case("YAML cannot read this line (could not find expected ':') — check the indentation, colons and quotes on this "
         "line and the lines above it", edit(RIVERA, "  - Stronger hands for", "  -Stronger hands for")),
    Case("YAML cannot read this line (found character '\\t' that cannot start any token) — a tab character is used "
         "for indenting: indent with spaces only",
         edit(RIVERA, "  - Stronger hands for", "\t- Stronger hands for")),
    Case("'format' is written twice — keep one of them and delete the other",
         edit(RIVERA, "format: digital\n", "format: digital\nformat: print\n")),
    Case("a new activity starts here without '- ' — write '- id: spoon-scooping'",
         edit(RIVERA, "  - id: spoon-scooping", "    id: spoon-scooping")),
    Case("YAML anchors and aliases (& and *) are not allowed here — write the value out in full",
         edit(RIVERA, "child: Mateo", "child: &kid Mateo")),
    Case("the plan is empty — start from 'handbook new <family> --child <name>', or copy a sample plan",
         write(RIVERA, "")),
    Case("the file is not UTF-8 text (byte 0xe9) — save it again as UTF-8 in your text editor",
         write(RIVERA, b"child: Mateo\nfocus: [caf\xe9]\n")),
    Case("docs/media/extra.vtt is a link to families/chen.yaml, outside docs/ — replace the link with a copy of the "
         "file itself, or remove it", symlink),
    # the plan's keys
    Case("'child' is missing — add 'child:' (the child's first name or nickname)", edit(RIVERA, "child: Mateo\n", "")),
    Case("unknown key 'daily_minute' (did you mean 'daily_minutes'?) — use one of: child, age, link, …",
         edit(RIVERA, "daily_minutes: 5", "daily_minute: 5")),
    Case("the link token is too short (it needs at least 22 letters, digits, '-' or '_') — run 'handbook rotate "
         "rivera' to write a new, safe token", edit(RIVERA, "link: JT3sfNkrNrvU_iG28vphJJ7k", "link: abc123")),
    Case("the link token 'aaaaaa…' repeats one character ('a', 22 times), so it is easy to guess — run 'handbook "
         "rotate rivera' to write a new, safe token",
         edit(RIVERA, "link: JT3sfNkrNrvU_iG28vphJJ7k", "link: " + "a" * 22)),
    Case("the link token 'Mateo-…' has the name 'Mateo' from the plan in it, so anyone who sees the link can read "
         "the name, and it is easy to guess — run 'handbook rotate rivera' to write a new, safe token",
         edit(RIVERA, "link: JT3sfNkrNrvU_iG28vphJJ7k", "link: Mateo-Zq7xW2pL9vK4rT8s")),
    Case("the link token is the same as in families/rivera.yaml (this plan has had it for less time, so it looks "
         "like the copy) — run 'handbook rotate lee' to give this family its own link", copied_plan),
    Case("'focus' must be a list — write each item on its own line starting with '- '",
         edit(RIVERA, FOCUS, "focus: Holding a crayon\n")),
    Case("'format' cannot be 'paper' — use one of: digital, print", edit(RIVERA, "format: digital", "format: paper")),
    Case("'how' cannot be 'in person' (did you mean 'in-session'?) — use one of: in-session, phone, video",
         edit(RIVERA, "how: phone, note: \"Short call", "how: in person, note: \"Short call")),
    Case("'daily_minutes' has an invisible space in it (often pasted from an email or a web page) — delete this line "
         "and type it again", edit(RIVERA, "daily_minutes: 5", "daily_minutes\u00a0: 5")),
    Case("there is no plan for 'rivers' (did you mean 'rivera'?) — check the name, or create it with 'handbook new "
         "rivers --child NAME'", lambda root: ["check", "rivers"]),
    # the therapist
    Case("the therapist's name is still the starter plan's example 'Your Name' — write your own name (parents see "
         "it on every page), or write your details once in handbook.yaml and delete this plan's 'therapist:' line",
         edit(CHEN, THERAPIST, 'therapist: {name: Your Name, phone: "+1 555 0177"}')),
    Case("'therapist' is missing — add 'therapist:' (your name and phone or email)",
         lambda root: (root / "handbook.yaml").unlink() or ["check"]),
    Case("the therapist has no phone or email — add 'phone:' or 'email:' so parents can reach you",
         edit(CHEN, THERAPIST, "therapist: {name: Daniel Ortiz}")),
    Case("'jess.example.org' is not an email address — write it like name@example.org",
         edit(CHEN, THERAPIST, "therapist: {name: Daniel Ortiz, email: jess.example.org}")),
    Case("'prefers' cannot be 'sms' — use one of: phone, email, text",
         edit(CHEN, "prefers: text}", "prefers: sms}")),
    # activities and the daily budget
    Case("there is no activity 'spoon-scoping' in docs/activities/ (did you mean 'spoon-scooping'?) — check the "
         "spelling, or add docs/activities/spoon-scoping.md",
         edit(RIVERA, "- id: spoon-scooping", "- id: spoon-scoping")),
    Case("'putty-pinch-and-find' is in the plan twice (also on line 28) — keep one entry and put all its days in it",
         edit(RIVERA, "- id: rainbow-tracing-shapes", "- id: putty-pinch-and-find")),
    Case("'minutes' must be a whole number of minutes from 1 to 30, not '45' — write e.g. 'minutes: 2'",
         edit(RIVERA, PUTTY, PUTTY.replace("minutes: 2", "minutes: 45"))),
    Case("Monday, Wednesday and Friday each add up to 5 minutes (big-button-practice 2, spoon-scooping 1, "
         "rainbow-tracing-shapes 2), more than daily_minutes: 3 — shorten an activity's minutes or move one to another "
         "day", edit(RIVERA, "daily_minutes: 5", "daily_minutes: 3")),
    Case("'wendsday' is not a day (did you mean 'wed'?) — use mon, tue, wed, thu, fri, sat, sun, or the words daily, "
         "weekdays or weekends", edit(RIVERA, "days: [mon, wed, fri, sat]", "days: [mon, wendsday, fri, sat]")),
    Case("'Mon, Wed' is several days written as one piece of text — write them as a list: days: [mon, wed]",
         edit(RIVERA, "days: [mon, wed, fri, sat]", 'days: "Mon, Wed"')),
    # the child's age
    Case("'putty-pinch-and-find' is for ages 3–10, and Mateo is 2 — check it suits this child, or pick another "
         "activity ('handbook library --age 2' lists those that fit)", edit(RIVERA, "age: 4", "age: 2")),
    Case("a birth date does not belong in the plan — write only the age in whole years, e.g. 'age: 5': a birth date "
         "identifies a child, and the plan needs only the age to check the activities fit",
         edit(RIVERA, "age: 4", "birthday: 2022-05-03")),
    Case("'age' must be the child's age in whole years, not '48' — write e.g. 'age: 5' (years, not months)",
         edit(RIVERA, "age: 4", "age: 48")),
    # times, dates and rewards
    Case("practice_time '6:30pm' is not a time of day — write it as 24-hour hours and minutes in quotes, e.g. "
         "practice_time: \"18:30\"", edit(RIVERA, "daily_minutes: 5", "daily_minutes: 5\npractice_time: 6:30pm")),
    Case("routine 'after bath' has no time, so the calendar gives no reminder for it — add it to 'routines:', …",
         edit(RIVERA, "routine: at breakfast", "routine: after bath")),
    Case("no activity has the routine 'after bathtime' (did you mean 'after bath'?) — write the routine exactly as in "
         "the activities' 'routine:' lines, or delete this time",
         both(edit(RIVERA, "routine: at breakfast", "routine: after bath"),
              edit(RIVERA, '  at breakfast: "07:15"', '  after bathtime: "19:00"'))),
    Case("the plan has no 'log:' id, so the star chart is kept under the link, and a new link would leave it behind "
         "— run 'handbook check --fix' to add one", edit(RIVERA, "log: BTtQ9ha3G6z7IG2G\n", "")),
    Case("the star chart id is the same as in families/rivera.yaml, so both families would share one star chart "
         "(this plan has had it for less time, so it looks like the copy) — delete this 'log:' line, then run "
         "'handbook check --fix' to add one", copied_plan),
    Case("the check-in on 2026-12-10 is in the past — change it to the next check-in's date, or delete it",
         today("2026-12-11", edit(RIVERA, "child: Mateo", "child: Mateo"))),
    Case("the review (2027-03-11) comes before the plan starts (2027-04-01) — check both dates: 'starts:' is the "
         "plan's first day", edit(RIVERA, "review: 2027-03-11", "starts: 2027-04-01\nreview: 2027-03-11")),
    Case("'2027-02-30' is not a real date — write it as year-month-day, e.g. 2027-01-14",
         edit(RIVERA, "review: 2027-03-11", "review: 2027-02-30")),
    Case("a save-up reward needs a goal — add 'goal: {stars: 20, reward: ...}' under rewards, or use 'style: "
         "small-and-often'", edit(RIVERA, "  goal: {stars: 20, reward: Trip to the playground with Dad}\n", "")),
    Case("a small-and-often reward needs 'small:' — add e.g. 'small: a sticker on the chart' under rewards",
         edit(RIVERA, "  style: save-up\n  small: a dinosaur sticker on the chart\n", "  style: small-and-often\n")),
]


@contextmanager
def sample_project() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield copy_project(Path(folder) / "project")


def said(case: Case, scratch: Path) -> list[str]:
    """What the handbook prints for ``case``, run on a fresh copy of the sample project in ``scratch``."""
    root = copy_project(scratch / "project")
    today_before = os.environ.get("HANDBOOK_TODAY")
    try:
        command = case.make(root)
        if command == ["--outside--"]:
            empty = scratch / "elsewhere"
            empty.mkdir()
            return handbook(empty, "check").output.splitlines()[:1]
        return [line.strip() for line in handbook(root, *command).output.splitlines() if line.startswith("  ")]
    finally:
        if today_before is None:
            os.environ.pop("HANDBOOK_TODAY", None)
        else:
            os.environ["HANDBOOK_TODAY"] = today_before
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True, exist_ok=True)


def without_place(line: str) -> str:
    """A problem without its ``file:line: `` (plan messages are listed without it)."""
    head, sep, rest = line.partition(": ")
    return rest if sep and (head.endswith(".yaml") or ":" in head) and " " not in head else line


def main() -> None:
    os.environ.setdefault("HANDBOOK_TODAY", "2026-12-01")
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            print(f"{case.message}\n    " + "\n    ".join(said(case, Path(folder) / "case")) + "\n")


if __name__ == "__main__":
    main()
