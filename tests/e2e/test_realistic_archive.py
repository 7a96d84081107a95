"""An archive as clerks really write them (the benchmarks' realistic profile: most attending
organisations and many topics not in the config, second meetings of a day, links to papers not
in the repository, a few popular topics): every way of building it writes the same bytes and
reports the same problems as one cold build with one worker and no cache."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from conftest import build_site, files_in, generated_site, rendered
from minutebook.archive import periods
from minutebook.core import workers

SEED = 6  # (one with three second meetings of a day)
MEETINGS = 150


@pytest.fixture(scope="module")
def realistic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("realistic") / "site"
    return generated_site(root, MEETINGS, SEED, "realistic")


@pytest.fixture
def site(realistic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Short lists split, so that eras and years of split lists are built too.
    monkeypatch.setattr(periods, "LIST_LIMIT", 40)
    root = tmp_path / "site"
    shutil.copytree(realistic, root)
    return root


def cold(site: Path, tmp_path: Path) -> tuple[dict[str, bytes], list[str]]:
    out = tmp_path / "cold"
    shutil.rmtree(out, ignore_errors=True)
    report = build_site(site, output=out, use_cache=False, jobs=1)
    assert report.published, rendered(report.diagnostics)
    return files_in(out), rendered(report.diagnostics)


def test_the_realistic_archive_has_what_real_archives_have(site: Path):
    content = site / "content"
    texts = [path.read_text("utf-8") for path in content.rglob("*.md")]
    assert any(path.name.endswith("-2.md") for path in content.rglob("*.md"))
    assert any("](papers/" in text for text in texts)
    config = (site / "minutebook.yaml").read_text("utf-8")
    attending = {m for t in texts for m in re.findall(r"\n    organisation: (.+)\n", t)}
    unlisted = {name for name in attending if name not in config}
    assert len(unlisted) > 50, unlisted  # the config lists the 40 bodies that meet
    report = build_site(site)
    assert report.published, rendered(report.diagnostics)
    topics = {p.parent.name for p in (site / "output/topics").glob("*/*/index.html")}
    assert topics, "no topic's list was split"


@pytest.mark.skipif(not workers.can_fork(), reason="needs fork()")
def test_workers_and_the_cache_change_no_byte(site: Path, tmp_path: Path):
    made, problems = cold(site, tmp_path)
    for name, options in {
        "two": {"jobs": 2, "use_cache": False},
        "cache": {"jobs": 2},
        "warm": {"jobs": 2},
    }.items():
        report = build_site(site, output=tmp_path / name, **options)
        assert files_in(tmp_path / name) == made, name
        assert rendered(report.diagnostics) == problems, name


def edit(site: Path, rng: random.Random, step: int) -> str:
    """One edit a clerk might make to one meeting file; says which."""
    files = sorted((site / "content").rglob("*.md"))
    target = rng.choice(files)
    text = target.read_text("utf-8")
    head, _, body = text[4:].partition("\n---\n")
    kind = rng.choice(["text", "title", "guest", "topics", "date", "twin", "paper"])
    if kind == "text":
        body = body.replace("\n\n", f"\n\nA point noted at step {step}.\n\n", 1)
    elif kind == "title":
        head = re.sub(r"(?m)^title: .*\n?", "", head) + f"\ntitle: Special meeting {step}"
    elif kind == "guest":
        group = f"Visiting Group {step % 3}"
        guest = f"present:\n  - name: A. Visitor {step}\n    organisation: {group}\n"
        head = head.replace("present:\n", guest, 1)
    elif kind == "topics":
        topics = rf"\1\n\nTopics: Skate park, Litter {step % 2}"
        body = re.sub(r"(?m)^(## .*)$", topics, body, count=1)
    elif kind == "date":
        head = re.sub(r"(?m)^date: (\d{4})-", lambda m: f"date: {int(m[1]) + 1}-", head, count=1)
    elif kind == "twin":
        twin = target.with_name(target.stem[:10] + f"-{step}.md")
        twin.write_text(text.replace("\n---\n", f"\ntitle: Twin meeting {step}\n---\n", 1))
        return f"{kind} {twin.name}"
    else:
        body += f"\nSee the [paper](papers/missing-{step}.pdf).\n"
    target.write_text("---\n" + head + "\n---\n" + body, "utf-8")
    return f"{kind} {target.name}"


@pytest.mark.parametrize("seed", range(2))
def test_edits_one_after_another_build_what_a_cold_build_does(
    site: Path, tmp_path: Path, seed: int
):
    """After each edit, quick or full, the output and the problems reported are a cold build's."""
    rng = random.Random(seed)
    build_site(site)
    for step in range(6):
        what = edit(site, rng, step)
        report = build_site(site)
        assert report.published, (what, rendered(report.diagnostics))
        made, problems = cold(site, tmp_path)
        assert files_in(site / "output") == made, what
        assert rendered(report.diagnostics) == problems, what
