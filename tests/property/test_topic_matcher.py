"""Topic matching runs for every heading of every meeting against every topic; its word
pre-filter (a set lookup before each regular expression) must never change what is found."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.core.model import Topic, TopicSlug
from minutebook.reading.vocabulary import TopicMatcher

TOPIC_NAMES = st.lists(
    st.text(st.sampled_from([*"abcAB -'_1é"]), min_size=1, max_size=12), min_size=1, max_size=3
)
HEADINGS = st.text(st.sampled_from([*"abcABC -'_1é.,!"]), max_size=40)


@settings(max_examples=500, deadline=None, database=None)
@given(names=st.lists(TOPIC_NAMES, min_size=1, max_size=4), heading=HEADINGS)
def test_the_topic_pre_filter_finds_what_the_patterns_find(
    names: list[list[str]], heading: str
) -> None:
    topics = tuple(
        Topic(TopicSlug(f"t{n}"), each[0], tuple(each[1:])) for n, each in enumerate(names)
    )
    matcher = TopicMatcher.of(topics)
    everything = tuple(slug for slug, pattern in matcher.patterns if pattern.search(heading))
    assert matcher.mentioned_in(heading) == everything
