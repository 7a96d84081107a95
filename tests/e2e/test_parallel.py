"""Parsing and rendering over forked workers give the same bytes and the same problems as -j1."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import build_site, files_in, make_site, rendered
from minutebook.archive.pages import planner
from minutebook.commands.check import check_site
from minutebook.core import workers

COUNT = 230  # above the worker threshold for both meeting files and pages


def big_site(tmp_path: Path, *, with_mistakes: bool) -> Path:
    files = ["-- minutebook.yaml --\ntitle: Busy\ntopics:\n  - name: Funding\n"]
    day = dt.date(2001, 1, 3)
    for number in range(COUNT):
        extra = "presnt: []\n" if with_mistakes and number % 50 == 7 else ""
        files.append(
            f"-- content/board/{day.isoformat()}.md --\n---\norganisation: Board {number % 3}\n"
            f"date: {day.isoformat()}\n{extra}---\n## {number + 1}. Funding review\n\nText.\n"
        )
        day += dt.timedelta(days=17)
    return make_site(tmp_path, "".join(files))


pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="needs fork()")


def test_two_workers_build_the_same_bytes_as_one(tmp_path, monkeypatch):
    shared = workers._shared
    apart: list[int] = []  # how many batches each build left to workers on standby

    def spy(*args: Any) -> Any:
        if args[-1] is workers._run_apart:
            apart.append(sum(args[-2]))
        return shared(*args)

    monkeypatch.setattr(workers, "_shared", spy)
    root = big_site(tmp_path, with_mistakes=False)
    # Without a cache, every meeting is held whole and the worker inherits them all; with one
    # (cold, then warm), the worker on standby reads the meetings of its pages from the cache.
    one = build_site(root, output=tmp_path / "one", jobs=1, use_cache=False)
    two = build_site(root, output=tmp_path / "two", jobs=2, use_cache=False)
    cold = build_site(root, output=tmp_path / "cold", jobs=2)
    warm = build_site(root, output=tmp_path / "warm", jobs=2)
    assert all(report.published for report in (one, two, cold, warm))
    assert one.pages == two.pages == cold.pages == warm.pages > 200
    # The batches of meeting pages (each with its data file, see Planner.plan_with_files)
    # alone, in the cold and warm builds: render_all sends batches of 64.
    refs = planner(check_site(root, drafts=False).archive).plan_with_files()
    batches = [refs[start : start + 64] for start in range(0, len(refs), 64)]
    alone = sum(all(r.kind in {"meeting", "meeting_data"} for r in b) for b in batches)
    assert apart == [alone, alone]
    assert alone >= 4
    made = files_in(tmp_path / "one")
    for other in ("two", "cold", "warm"):
        assert files_in(tmp_path / other) == made


def test_two_workers_report_the_same_problems_as_one(tmp_path):
    root = big_site(tmp_path, with_mistakes=True)
    one = rendered(build_site(root, jobs=1).diagnostics)
    two = rendered(build_site(root, jobs=2).diagnostics)
    assert len(one) == 5
    assert all("unknown field 'presnt'" in line for line in one)
    assert one == two
    assert not (root / "output").exists()


def test_the_parent_process_takes_a_share_of_the_work():
    """One process fewer holding a copy of the archive: with two jobs, one worker is forked and
    the parent does every other batch itself, in order."""

    def slow(_: None, n: int) -> tuple[int, int]:
        time.sleep(0.002)  # long enough for both processes to take batches
        return n, os.getpid()

    results = list(workers.ordered_map(slow, None, list(range(640)), jobs=2, parent_works=True))
    assert [n for n, _ in results] == list(range(640))
    here = [n for n, pid in results if pid == os.getpid()]
    assert 160 <= len(here) <= 480
    assert len({pid for _, pid in results}) == 2


def whose(state: str, n: int) -> tuple[int, int, str]:
    time.sleep(0.002)  # long enough for both processes to take batches
    return n, os.getpid(), state


def test_workers_on_standby_get_their_own_state_and_only_the_batches_they_can_take():
    """The meeting pages' workers are forked before the archive is loaded (they would copy it)
    and take only meeting pages; the parent makes the rest with what it holds."""
    with workers.standby(2) as spare:
        assert spare is not None
        apart = workers.Apart(spare, "the worker's", lambda n: n < 320)
        items = list(range(640))
        results = list(
            workers.ordered_map(
                whose, "the parent's", items, jobs=2, parent_works=True, apart=apart
            )
        )
    assert [n for n, _, _ in results] == items
    by_worker = [n for n, pid, _ in results if pid != os.getpid()]
    assert by_worker and max(by_worker) < 320
    assert all(state == "the worker's" for _, pid, state in results if pid != os.getpid())
    assert all(state == "the parent's" for _, pid, state in results if pid == os.getpid())
    assert len({pid for _, pid, _ in results}) == 2


@pytest.mark.parametrize("use_cache", [True, False])
def test_a_template_failing_in_a_worker_is_reported_as_a_problem(tmp_path, use_cache):
    """The worker's exception comes back to the parent pickled: it must still name the
    template and line, as with one job."""
    root = big_site(tmp_path, with_mistakes=False)
    theme = root / "themes" / "default" / "templates"
    theme.mkdir(parents=True)
    (theme / "meeting.html").write_text(
        "{% extends 'base.html' %}{% block main %}\n{{ meeting.nowhere.at_all }}\n{% endblock %}\n"
    )
    one = rendered(build_site(root, jobs=1, use_cache=use_cache).diagnostics)
    assert len(one) == 1 and "themes/default/templates/meeting.html:2" in one[0]
    # In a process of its own, with a time limit: when this went wrong, the build waited
    # forever for the worker's answer.
    command = [sys.executable, "-m", "minutebook", "build", str(root), "--jobs", "2"]
    two = subprocess.run(
        [*command, *([] if use_cache else ["--no-cache"])],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert two.returncode != 0
    assert one[0] in two.stdout + two.stderr
    assert "Traceback" not in two.stderr
    assert not (root / "output").exists()
