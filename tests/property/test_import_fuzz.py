"""Whatever the input, `minutebook import` reports and never raises; whatever it writes,
`minutebook check` reads without an error."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import parse_text
from minutebook.core.model import Organisation, OrganisationSlug, SiteConfig
from minutebook.importing.importer import import_files

CONFIG = SiteConfig(
    title="Test minutes",
    organisations=(Organisation(OrganisationSlug("hbc"), "Halton Borough Council", "HBC"),),
)
CONFIG_TEXT = "title: Test minutes\norganisations:\n  - name: Halton Borough Council\n"
CONFIG_TEXT += "    short_name: HBC\n"
FAST = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Lines in the shapes the recognisers look for, mixed with anything at all.
SHAPES = st.sampled_from(
    [
        "Minutes of the meeting of Halton Borough Council held on 3rd May 2012 at 7pm",
        "Present:",
        "Present\tA. Smith\tHBC (Chair)",
        "\tB. Jones\tHBC Planning",
        "Apologies: C. Brown, D. White and E. Black",
        "1. WELCOME",
        "2) **Apologies**",
        "SHP41 PRESENTATION: UPDATE",
        "Item 3: Budget",
        "14/09/1 Planning",
        "a) Sub item",
        "- 1) That the report be noted",
        "RESOLVED: That",
        "Action",
        "JB/KL",
        "Action: JB",
        "A\tB\tC",
        "## Attendees",
        "# Meeting 2020-01-02",
        "---",
        "===",
        "[link](other.md) and [web](https://example.org)",
        "Date of next meeting: 12/06/2012 at 19:30 in the Hall",
        "Exempt: paragraph 3",
        "",
        "<script>x</script>",
        "Topics: Budget",
    ]
)
LINES = st.lists(st.one_of(SHAPES, st.text(max_size=40)), max_size=40)


def import_text(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        path = site / "in" / name
        path.parent.mkdir()
        path.write_bytes(data)
        [outcome] = import_files([path], site, CONFIG, ())
        assert outcome.status in {"imported", "skipped", "failed"}
        assert (outcome.status == "imported") == (outcome.written is not None)
        if outcome.written:
            text = (site / outcome.written).read_text("utf-8")
            meeting, problems = parse_text(text, outcome.written, CONFIG_TEXT)
            assert meeting is not None and not [p for p in problems if ": error:" in p], problems


@FAST
@given(lines=LINES, name=st.sampled_from(["m.txt", "m.md"]))
def test_minutes_like_text_imports_or_is_reported(lines: list[str], name: str):
    import_text("\n".join(lines).encode("utf-8"), name)


@FAST
@given(data=st.binary(max_size=2000), name=st.sampled_from(["m.txt", "m.md", "m.docx", "m.pdf"]))
def test_any_bytes_are_reported_never_raised(data: bytes, name: str):
    import_text(data, name)
