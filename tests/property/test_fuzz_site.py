"""Fuzzing whole builds: mutated copies of the sample minutes (bytes changed, inserted and
deleted, lines deleted, duplicated and swapped, hostile snippets spliced in) either build or are
reported as diagnostics: never a traceback, and never a byte written outside the output folder."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO_ROOT, build_site

SAMPLES = sorted((REPO_ROOT / "content/safer-halton-partnership").glob("*.md"))
CONFIG = (REPO_ROOT / "minutebook.yaml").read_bytes()
SNIPPETS = [
    b"---",
    b"\t",
    b": ",
    b"- ",
    b"## ",
    b"### ",
    b"&a ",
    b"*a",
    b"!!python/object/apply:os.system ['true']",
    b"!custom ",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"\xef\xbb\xbf",
    b"\r\n",
    b"\r",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"\xe2\x80\xa8",
    b"Exempt: paragraph 3",
    b"Exempt: paragraph 9",
    b"Topics: ",
    b"Action: ",
    b"status: draft",
    b"confidential: true",
    b"<script>alert(1)</script>",
    b"[x](javascript:alert(1))",
    b"[r](report.pdf)",
    b"[a](#item-shp41)",
    b"![c](chart.png)",
    b"[m](2011-02-15.md#x)",
    b"[s](/papers/)",
    b"file: ../../minutebook.yaml",
    b"file: report?.pdf",
    b"slug: ",
    b"date: 2011-02-30",
    b"```",
    b'"',
    b"'",
]

OPERATIONS = st.one_of(
    st.tuples(st.just("replace-byte"), st.floats(0, 1), st.integers(0, 255)),
    st.tuples(
        st.just("insert"),
        st.floats(0, 1),
        st.sampled_from(SNIPPETS) | st.binary(min_size=1, max_size=6),
    ),
    st.tuples(st.just("delete-bytes"), st.floats(0, 1), st.integers(1, 40)),
    st.tuples(st.just("delete-line"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("duplicate-line"), st.floats(0, 1), st.integers(1, 3)),
    st.tuples(st.just("swap-lines"), st.floats(0, 1), st.floats(0, 1)),
)


def mutate(data: bytes, operations: list[tuple]) -> bytes:
    for kind, where, arg in operations:
        at = int(where * len(data))
        lines = data.split(b"\n")
        line = min(int(where * len(lines)), len(lines) - 1)
        if kind == "replace-byte" and data:
            data = data[:at] + bytes([arg]) + data[at + 1 :]
        elif kind == "insert":
            data = data[:at] + arg + data[at:]
        elif kind == "delete-bytes":
            data = data[:at] + data[at + arg :]
        elif kind == "delete-line":
            data = b"\n".join(lines[:line] + lines[line + 1 :])
        elif kind == "duplicate-line":
            data = b"\n".join(lines[: line + 1] + [lines[line]] * arg + lines[line + 1 :])
        elif kind == "swap-lines":
            other = min(int(arg * len(lines)), len(lines) - 1)
            lines[line], lines[other] = lines[other], lines[line]
            data = b"\n".join(lines)
    return data


def state_of(folder: Path, skip: Path) -> dict[str, str]:
    """Every entry under `folder` except `skip` and the build cache: its kind and content hash."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path == skip or skip in path.parents or ".minutebook-cache" in path.parts:
            continue
        kind = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
        found[path.relative_to(folder).as_posix()] = kind
    return found


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.lists(OPERATIONS, max_size=4), min_size=len(SAMPLES), max_size=len(SAMPLES)))
def test_a_build_of_mutated_sample_minutes_reports_problems_and_writes_only_its_output(changes):
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        root = tmp / "site"
        meetings = root / "content/safer-halton-partnership"
        meetings.mkdir(parents=True)
        (root / "minutebook.yaml").write_bytes(CONFIG)
        for sample, operations in zip(SAMPLES, changes, strict=False):
            (meetings / sample.name).write_bytes(mutate(sample.read_bytes(), operations))
        output = root / "output"
        before = state_of(tmp, output)
        report = build_site(root)  # any exception fails the test: that would be a traceback
        errors = [d for d in report.diagnostics if d.severity.value == "error"]
        assert report.published == (not errors)
        for diagnostic in report.diagnostics:
            assert diagnostic.message
            assert not diagnostic.span.path.startswith("/")
        assert state_of(tmp, output) == before
        if report.published:
            assert (output / "index.html").is_file()
        else:
            assert not output.exists()
