"""relative_name: the name of a file in every message, by string, as pathlib would give it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from minutebook.reading.sources import relative_name

PART = st.text(st.characters(blacklist_characters="/\0"), min_size=1, max_size=8).filter(
    lambda part: part not in (".", "..")
)


@given(
    parts=st.lists(PART, min_size=1, max_size=4), root=st.sampled_from([".", "/srv/site", "site"])
)
def test_relative_names_are_what_pathlib_gives(parts: list[str], root: str):
    site = Path(root)
    path = site.joinpath(*parts)
    assert relative_name(site, path) == path.relative_to(site).as_posix()
