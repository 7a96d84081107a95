"""Who is who does not depend on the order the archive's files are read in: the same names in
any order give the same people, the same links and the same warnings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.archive.people import index_people, people_listed
from minutebook.core.model import OrganisationSlug, PeopleConfig, PersonEntry
from unit.test_people import held

NAMES = [
    "D. Parr",
    "David Parr",
    "Dave Parr",
    "D Parr",
    "Derek Parr",
    "Cllr S Osborne",
    "Councillor Stan Osborne",
    "S. Osborne",
    "Mr Parr",
    "P. Smith",
]
CONFIGS = [
    PeopleConfig(),
    PeopleConfig(entries=(PersonEntry("David Parr", aliases=("Dave Parr", "D. Parr")),)),
    PeopleConfig(
        entries=(PersonEntry("Derek Parr", aliases=("D. Parr",), bodies=(OrganisationSlug("b"),)),)
    ),
]
meetings = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]), st.lists(st.sampled_from(NAMES), max_size=4, unique=True)
    ),
    min_size=1,
    max_size=6,
)


def groups(config: PeopleConfig, listed: list[tuple[str, list[str]]]) -> tuple[object, object]:
    """Who is who when the meetings are held in this order: each person with the spellings
    (and bodies) they are written as, and how many warnings there are (which of two names a
    warning speaks of, and where, is the later one's: that depends on the days)."""
    meetings = [held(body, n + 1, *names) for n, (body, names) in enumerate(listed)]
    people, diagnostics = index_people(config, map(people_listed, meetings))
    found = {
        slug: sorted({(a.meeting.partition("/")[0], a.written) for a in person.record})
        for slug, person in people.persons.items()
    }
    return found, len(diagnostics)


@settings(max_examples=200, deadline=None)
@given(meetings, st.sampled_from(CONFIGS), st.randoms())
def test_any_order_of_the_same_meetings_gives_the_same_people(listed, config, random):
    shuffled = [(body, random.sample(names, len(names))) for body, names in listed]
    random.shuffle(shuffled)
    assert groups(config, shuffled) == groups(config, listed)
