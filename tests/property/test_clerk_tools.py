"""Properties of the clerk tools: whatever a file holds, `check` ends in a model or diagnostics
(never an exception), config files too, and `new` drafts a file that `check` has nothing to say
about."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hypothesis import LEXICON, SYNTAX, TEXT, meeting_like, valid_meetings

from minutebook.commands.check import check_site
from minutebook.commands.cli import main
from minutebook.reading.config import parse_config
from minutebook.reading.sources import split_source

FAST = settings(max_examples=150, deadline=None, database=None)
SLOW = settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
FIELDS = [
    "organisation", "date", "title", "time", "location", "status", "approved_at", "slug",
    "present", "in_attendance", "apologies", "topics", "next_meeting", "documents", "extra",
    "name", "role", "chair", "file", "url", "presnt",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    st.sampled_from(["14:00", "2011-02-15", "NO", "yes", "", " ", "draft", "Approved", "*x"]),
    TEXT.map(lambda text: text[:30]),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(FIELDS), children, max_size=5),
    ),
    max_leaves=12,
)


@st.composite
def yaml_documents(draw) -> str:
    """Front matter that is real YAML, of any shape, with field names minutebook knows."""
    data = draw(st.dictionaries(st.sampled_from(FIELDS), DOCUMENTS, max_size=8))
    style = draw(st.sampled_from([None, True, False]))  # block, flow or mixed
    dumped = yaml.safe_dump(data, default_flow_style=style, allow_unicode=True, sort_keys=False)
    body = draw(st.one_of(SYNTAX, st.just("## 1. Budget\n\nSee [last time](2011-01-01.md).\n")))
    return f"---\n{dumped}---\n{body}"


def file_lines(text: str) -> int:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def check_one_file(text: str) -> None:
    """A site of one meeting file: check it, in every format, and look at what comes back."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content/shp").mkdir(parents=True)
        (root / "minutebook.yaml").write_text("title: Test minutes\n", "utf-8")
        path = root / "content/shp/2011-02-15.md"
        path.write_bytes(text.encode("utf-8"))
        checked = check_site(root)
        assert checked.archive is not None
        lines = file_lines(text)
        for diagnostic in checked.diagnostics:
            assert diagnostic.span.path == "content/shp/2011-02-15.md"
            assert 1 <= diagnostic.span.line <= lines, (diagnostic.headline(), lines)
        if not checked.archive.meetings:
            assert checked.is_failure(strict=False)  # no meeting: at least one error says why
        for form in ("text", "json", "github"):
            out = io.StringIO()
            with redirect_stdout(out):
                code = main(["check", str(root), "--format", form, "--jobs", "1"])
            assert code == int(checked.is_failure(strict=False))
            if form == "json":
                assert len(json.loads(out.getvalue())) == len(checked.diagnostics)


@SLOW
@given(st.one_of(TEXT, meeting_like(), yaml_documents()))
def test_check_of_any_meeting_file_ends_in_diagnostics_never_an_exception(text):
    check_one_file(text)


@FAST
@given(yaml_documents())
def test_any_yaml_front_matter_gives_a_meeting_or_an_error(text):
    from minutebook.reading.meeting import parse_meeting

    source, problems = split_source("content/shp/2011-02-15.md", text.encode("utf-8"))
    assert source is not None, problems
    meeting, problems = parse_meeting(source, LEXICON)
    if meeting is None:
        assert any(p.severity.value == "error" for p in problems)


CONFIG_FIELDS = [
    "title", "base_url", "language", "description", "theme", "output", "repo_url",
    "organisations", "topics", "name", "short_name", "aliases", "website", "titel",
]  # fmt: skip


@FAST
@given(
    st.one_of(
        TEXT,
        SYNTAX,
        st.dictionaries(
            st.sampled_from(CONFIG_FIELDS),
            st.recursive(
                SCALARS,
                lambda children: st.one_of(
                    st.lists(children, max_size=3),
                    st.dictionaries(st.sampled_from(CONFIG_FIELDS), children, max_size=4),
                ),
                max_leaves=10,
            ),
            max_size=6,
        ).map(lambda data: yaml.safe_dump(data, allow_unicode=True)),
    )
)
def test_any_config_gives_a_config_or_an_error_and_lines_in_the_file(text):
    config, problems = parse_config(text)
    if config is None:
        assert any(p.severity.value == "error" for p in problems)
    for problem in problems:
        assert 0 <= problem.span.line <= file_lines(text)


@SLOW
@given(valid_meetings())
def test_new_drafts_a_file_check_has_nothing_to_say_about(case):
    text, _, date, present, _, _ = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content/body").mkdir(parents=True)
        (root / "minutebook.yaml").write_text("title: Test minutes\n", "utf-8")
        (root / "content/body/meeting.md").write_text(text, "utf-8")
        following = date + dt.timedelta(days=1)
        out = io.StringIO()
        with redirect_stdout(out):
            assert main(["new", following.isoformat(), "--site", str(root)]) == 0
        created = Path(out.getvalue().strip())
        assert created == root / f"content/body/{following.isoformat()}.md"
        relative = created.relative_to(root).as_posix()
        about_it = [d.headline() for d in check_site(root).diagnostics if d.span.path == relative]
        assert about_it == []
        source, _ = split_source(relative, created.read_bytes())
        assert source is not None
        from minutebook.reading.meeting import parse_meeting

        drafted, _ = parse_meeting(source, LEXICON)
        assert drafted is not None
        assert [p.name for p in drafted.present] == present
