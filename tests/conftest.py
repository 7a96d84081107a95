"""Shared helpers: whole sites written inline (Hugo txtar style), builds, rendered diagnostics."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from minutebook.commands.build import build
from minutebook.core.diagnostics import Diagnostic
from minutebook.core.model import Meeting
from minutebook.output.options import BuildOptions, BuildReport
from minutebook.reading.config import parse_config
from minutebook.reading.meeting import parse_meeting
from minutebook.reading.sources import split_source
from minutebook.reading.vocabulary import Lexicon

# 2026-01-01T00:00:00Z: every build in the test run sees the same "today".
SOURCE_DATE_EPOCH = "1767225600"

REPO_ROOT = Path(__file__).resolve().parents[1]
# The commands the tests run (python -m minutebook …) use this checkout's code too.
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(REPO_ROOT / "builder"), os.environ.get("PYTHONPATH")])
)
FIXTURES = REPO_ROOT / "tests" / "fixtures"
DEFAULT_CONFIG = "title: Test minutes\n"

_HEADER = re.compile(r"^-- (?P<path>\S.*?) --$")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/sample-site/ from a fresh build of the sample site",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Set before collection, so module-level code in tests sees it too.
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    # The cache's signing key lives in the user's cache folder: keep the tests' apart, so that
    # tests which move HOME see no file appear there.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="minutebook-test-cache-")


@pytest.fixture(scope="session", autouse=True)
def fixed_build_date():
    """Builds honour SOURCE_DATE_EPOCH; keep it fixed for the whole session."""
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    yield SOURCE_DATE_EPOCH


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def parse_txtar(files: str) -> dict[str, str]:
    """`-- path --` header lines, each followed by that file's content (Hugo's txtar style).

    The whole text is dedented first, so sites can be written indented inside a test.
    """
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in textwrap.dedent(files).strip("\n").split("\n"):
        header = _HEADER.match(line.strip())
        if header:
            current = found.setdefault(header.group("path").strip(), [])
            continue
        if current is None:
            if line.strip():
                raise ValueError(f"text before the first '-- path --' header: {line!r}")
            continue
        current.append(line)
    return {path: "\n".join(lines).strip("\n") + "\n" for path, lines in found.items()}


def make_site(tmp_path: Path, files: str) -> Path:
    """Write a site into tmp_path/site; a minutebook.yaml with a title is added if absent."""
    root = tmp_path / "site"
    root.mkdir(parents=True, exist_ok=True)
    contents = parse_txtar(files)
    contents.setdefault("minutebook.yaml", DEFAULT_CONFIG)
    for relative, text in contents.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# Minutes that link to a council's draft minutes (the link shows as plain text until they are
# published).
LINKING_TO_A_DRAFT = """
-- content/shp/2011-02-15.md --
---
organisation: SHP
date: 2011-02-15
---

## 1. Welcome

See the [council's meeting](../hbc/2011-04-20.md).
-- content/hbc/2011-04-20.md --
---
organisation: HBC
date: 2011-04-20
status: draft
---

## 1. Welcome
"""


def build_site(root: Path, **options: object) -> BuildReport:
    """Build `root` into root/output with one job (options override BuildOptions fields)."""
    settings: dict[str, object] = {"site_root": root, "output": root / "output", "jobs": 1}
    settings.update(options)
    return build(BuildOptions(**settings))  # type: ignore[arg-type]


def rendered(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """What a clerk reads first: `path:line:col: severity: message`, one per problem."""
    return [d.headline() for d in diagnostics]


def parse_text(
    text: str | bytes,
    path: str = "content/safer-halton-partnership/2011-02-15.md",
    config: str = DEFAULT_CONFIG,
) -> tuple[Meeting | None, list[str]]:
    """One meeting file, parsed without touching the disk: (meeting, rendered diagnostics)."""
    site_config, problems = parse_config(config)
    assert site_config is not None, rendered(problems)
    data = text.encode("utf-8") if isinstance(text, str) else text
    source, diagnostics = split_source(path, data)
    meeting = None
    if source is not None:
        meeting, found = parse_meeting(
            source, Lexicon.of(site_config), allow_html=site_config.allow_html
        )
        diagnostics += found
    return meeting, rendered(diagnostics)


def copy_site(folder: Path, tmp_path: Path) -> Path:
    """A fixture site copied to tmp_path/site, without its expected.txt (and ruff.toml)."""
    root = tmp_path / "site"
    shutil.copytree(folder, root, ignore=shutil.ignore_patterns("expected.txt", "ruff.toml"))
    return root


def expected_lines(folder: Path, root: Path) -> list[str]:
    """A fixture site's expected.txt, one diagnostic headline a line ({site}: the site folder)."""
    text = (folder / "expected.txt").read_text("utf-8").replace("{site}", str(root))
    return text.splitlines()


def assert_diagnostics(report: BuildReport, expected: list[str]) -> None:
    assert rendered(report.diagnostics) == expected


MEETING = """\
-- content/safer-halton-partnership/2011-02-15.md --
---
organisation: Safer Halton Partnership
date: 2011-02-15
present:
  - D. Parr
---

## SHP38 Welcome & introductions

David Parr welcomed everyone.
"""


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes, except Minutebook's own build cache."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".minutebook-cache" not in p.relative_to(folder).parts
    }


def generated_site(root: Path, meetings: int, seed: int, profile: str = "classic") -> Path:
    """A synthetic archive shaped like real minutes, from the benchmarks' generator: `classic`
    (every organisation and topic in the config), or `realistic` (most attending organisations
    and many topics unlisted, second meetings of a day, links to missing papers)."""
    generator = REPO_ROOT / "benchmarks" / "generate.py"
    command = [sys.executable, str(generator), str(meetings), str(root), "--seed", str(seed)]
    command += ["--profile", profile]
    subprocess.run(command, check=True, capture_output=True)
    return root


def respell_an_organisation(site: Path, path: Path, rng: random.Random) -> str:
    """One organisation a meeting file writes (the body that met, or someone's), written another
    way that resolves to the same entry: another of its names in minutebook.yaml, or the same
    name in other letter cases. Only the meeting's own page shows what changed (the organisation
    as written); every list, index and count stays as it was. Returns the new spelling."""
    config, _ = parse_config((site / "minutebook.yaml").read_text("utf-8"))
    assert config is not None
    vocabulary = Lexicon.of(config).organisations
    text = path.read_text("utf-8")
    line = rng.choice(re.findall(r"(?m)^(?:    )?organisation: .+$", text))
    key, _, value = line.partition(": ")
    written = str(yaml.safe_load(value))
    slug = vocabulary.resolve(written)
    names = next((o.names() for o in config.organisations if o.slug == slug), ())
    others = [name for name in names if name != written]
    spelling = rng.choice(others) if others else written.swapcase()
    path.write_text(text.replace(line, f"{key}: {json.dumps(spelling)}", 1), "utf-8")
    return spelling


def set_fields(path: Path, **fields: str) -> None:
    """Front matter fields set (each written once, at the end of the front matter)."""
    text = path.read_text("utf-8")
    for name in fields:
        text = re.sub(rf"(?m)^{name}:.*\n(?:(?:  |- ).*\n)*", "", text, count=1)
    lines = "".join(f"{name}: {value}\n" for name, value in fields.items())
    path.write_text(text.replace("\n---\n", f"\n{lines}---\n", 1), "utf-8")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(html: str) -> str:
    """What a reader sees of some HTML: its text, without the tags, spaces collapsed."""
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def sh_line(document: Path, section: str) -> str:
    """The one command line of the `sh` block under a heading of a Markdown document (the
    README's quick start, the release steps): tests run what the documents say, word for
    word."""
    text = document.read_text("utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"^ *```sh\n(.*?)^ *```$", body, re.MULTILINE | re.DOTALL)
    assert block is not None, f"no sh block under '## {section}' in {document.name}"
    (line,) = block.group(1).splitlines()
    return line.strip()


@pytest.fixture
def without_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sites built in this process have no search unless their config asks for it: for the
    tests of the quick build, which hands any meeting edit to the full build while search is on
    (the index is made whole). tests/e2e/test_quick_rebuild.py holds that, with search, an edit
    still gives a full build's bytes."""
    import functools

    from minutebook.core.model import SearchConfig
    from minutebook.reading import config

    monkeypatch.setattr(config, "SearchConfig", functools.partial(SearchConfig, enabled=False))
