"""A copy of this checkout as a fresh clone would hold it once committed: the files git tracks,
and new ones it does not ignore, as they are now (so a test sees the edits being made)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def copy_checkout(destination: Path) -> Path:
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = REPO / name
        if source.is_symlink() or not source.is_file():  # deleted, or a link (node_modules)
            continue
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return destination
