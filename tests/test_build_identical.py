"""`handbook build` makes, for every family, exactly the files a plain `FAMILY=x mkdocs build` makes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLE_TOKENS, site_files


def test_each_family_is_byte_identical_to_a_plain_mkdocs_build(built: Path, tmp_path: Path) -> None:
    # `built` came from `handbook build`: the first family in this process, the others in forked workers.
    plain = tmp_path / "plain"
    env = dict(os.environ, HANDBOOK_OUTPUT=str(plain), PYTHONDONTWRITEBYTECODE="1", NO_MKDOCS_2_WARNING="1")
    runs = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=built,
                             env=dict(env, FAMILY=family), stderr=subprocess.PIPE, text=True)
            for family in SAMPLE_TOKENS]
    for run in runs:
        _, errors = run.communicate(timeout=120)
        assert run.returncode == 0, errors
    for family, token in SAMPLE_TOKENS.items():
        ours, theirs = site_files(built / "site" / token), site_files(plain / token)
        assert sorted(ours) == sorted(theirs), family
        different = [name for name in ours if ours[name] != theirs[name]]
        assert different == [], f"{family}: {different}"
