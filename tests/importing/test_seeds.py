"""The two seed minutes import to files equivalent to the sample archive's content/, which was
made from them by hand: the same body, date, place, attendance (organisations, roles, the
chair), apologies, items (numbers and titles), RESOLVED text, actions and next meeting."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO_ROOT, parse_text
from minutebook.commands.cli import main
from minutebook.core.model import Meeting, Status

SEEDS = REPO_ROOT / "tests" / "fixtures" / "import" / "seeds"
CONFIG = (REPO_ROOT / "minutebook.yaml").read_text("utf-8")
SAMPLES = {
    "shp-2011-02-15-minutes.txt": "content/safer-halton-partnership/2011-02-15.md",
    "shp-2019-10-16-action-points.txt": "content/safer-halton-partnership/2019-10-16.md",
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    shutil.copy(REPO_ROOT / "minutebook.yaml", site / "minutebook.yaml")
    assert main(["import", str(SEEDS), "--site", str(site)]) == 0
    return site


def read(path: Path) -> Meeting:
    meeting, problems = parse_text(path.read_text("utf-8"), config=CONFIG)
    assert meeting is not None, problems
    assert not [p for p in problems if ": error:" in p], problems
    return meeting


def people(meeting: Meeting, field: str) -> list[tuple[object, ...]]:
    return [
        (p.name, p.organisation, p.organisation_as_written, p.role, p.is_chair)
        for p in getattr(meeting, field)
    ]


def title(text: str) -> str:
    return text.rstrip(":").casefold()  # imported capitals are in sentence case


@pytest.mark.parametrize("seed", sorted(SAMPLES))
def test_a_seed_imports_to_the_minutes_the_sample_made_of_it(imported: Path, seed: str):
    sample = read(REPO_ROOT / SAMPLES[seed])
    made = read(imported / SAMPLES[seed])
    assert made.status is Status.DRAFT
    assert (made.organisation, made.date) == (sample.organisation, sample.date)
    assert (made.location, made.time) == (sample.location, sample.time)
    assert people(made, "present") == people(sample, "present")
    assert [p.name for p in made.apologies] == [p.name for p in sample.apologies]
    assert [(i.number, title(i.title)) for i in made.items] == [
        (i.number, title(i.title)) for i in sample.items
    ]
    assert [i.actions for i in made.items] == [i.actions for i in sample.items]
    assert [[s.title for s in i.subheadings] for i in made.items] == [
        [s.title for s in i.subheadings] for i in sample.items
    ]
    assert made.next_meeting == sample.next_meeting


@pytest.mark.parametrize("seed", sorted(SAMPLES))
def test_every_resolution_is_kept_word_for_word(imported: Path, seed: str):
    def resolutions(path: Path) -> list[str]:
        lines = path.read_text("utf-8").splitlines()
        kept = [line.strip() for line in lines if re.match(r"^(RESOLVED|\s*- \d+\\\))", line)]
        return [" ".join(line.split()) for line in kept]

    sample = resolutions(REPO_ROOT / SAMPLES[seed])
    assert resolutions(imported / SAMPLES[seed]) == sample
    assert len(sample) > 10 or "2019" in seed


def test_the_source_is_named_at_the_top_of_each_file(imported: Path):
    for seed, relative in SAMPLES.items():
        text = (imported / relative).read_text("utf-8")
        assert text.startswith(f"---\n# Imported from {seed} by minutebook import")
