"""The front matter's quick read (yamlnodes._plainly_shallow): texts it lets skip the checks of
the event stream and of the tree are read exactly as the full checks read them, and can hold
no alias, no tag and no collection nested more than MAX_DEPTH deep."""

from __future__ import annotations

from unittest import mock

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.reading import yamlnodes
from minutebook.reading.yamlnodes import MAX_DEPTH, Positions, compose

SETTINGS = settings(max_examples=400, deadline=None, database=None)
POSITIONS = Positions("content/shp/2011-02-15.md", 2)

# Pieces of block and flow YAML, so that random texts are often valid and sometimes deep, and
# the characters the quick read must leave to the full checks.
BLOCK = ["- ", "? ", ": ", "a: ", "b:", "x", " ", "  ", "\n", "\n ", "\n  "]
FLOW = ["[", "]", "{", "}", ", ", "'", '"']
TRAPS = ["*a", "&a ", "!t ", "\t", "#"]
PIECES = st.lists(st.sampled_from(BLOCK + FLOW + TRAPS), max_size=80).map("".join)
LEAVES = st.text(alphabet="ab -:", max_size=4)
DATA = st.recursive(
    LEAVES,
    lambda children: (
        st.lists(children, min_size=1, max_size=3)
        | st.dictionaries(st.text(alphabet="abc", min_size=1, max_size=3), children, min_size=1)
    ),
    max_leaves=40,
)


def dumped(data: object, flow: bool | None, indent: int) -> str:
    return yaml.safe_dump(data, default_flow_style=flow, indent=indent, width=1000)


def collection_depth(text: str) -> int | None:
    """How deep the text's collections nest, from the event stream; None if not YAML."""
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return deepest


def read_in_full(text: str) -> tuple[object, list[object]]:
    with mock.patch.object(yamlnodes, "_plainly_shallow", lambda _: False):
        return compose(text, POSITIONS)


def assert_read_alike(text: str) -> None:
    quick, quick_problems = compose(text, POSITIONS)
    full, full_problems = read_in_full(text)
    assert quick_problems == full_problems
    assert repr(quick) == repr(full)


@SETTINGS
@given(PIECES)
def test_a_text_read_quickly_is_read_as_the_full_checks_read_it(text):
    assert_read_alike(text)
    if yamlnodes._plainly_shallow(text):
        assert "*" not in text and "!" not in text
        depth = collection_depth(text)
        assert depth is None or depth <= MAX_DEPTH


@SETTINGS
@given(DATA, st.sampled_from([False, None, True]), st.integers(min_value=2, max_value=5))
def test_nested_data_read_quickly_is_never_too_deep(data, flow, indent):
    text = dumped(data, flow, indent)
    assert_read_alike(text)
    if yamlnodes._plainly_shallow(text):
        depth = collection_depth(text)
        assert depth is not None and depth <= MAX_DEPTH


def one_space_deeper(levels: int) -> str:
    """Mappings each one space to the right of the last, and sequences under them without
    indentation: the most levels YAML can nest in the fewest columns."""
    lines = []
    for level in range(levels):
        column = level // 2
        lines.append(" " * column + ("k:" if level % 2 == 0 else "-"))
    return "\n".join(lines) + " x\n"


@given(st.integers(min_value=1, max_value=45))
def test_the_narrowest_nesting_is_refused_past_the_limit_and_read_quickly_well_within(levels):
    text = one_space_deeper(levels)
    depth = collection_depth(text)
    assert depth is not None
    _, problems = compose(text, POSITIONS)
    assert (depth > MAX_DEPTH) == any("nested more than" in p.message for p in problems)
    if depth <= MAX_DEPTH // 2:
        assert yamlnodes._plainly_shallow(text)


def test_a_real_front_matter_is_read_quickly():
    text = (
        "organisation: Safer Halton Partnership\ndate: 2011-02-15\ntopics: [Crime, Drugs]\n"
        "present:\n  - name: Dwayne Johnson\n    organisation: Halton Borough Council\n"
        "    chair: true\napologies:\n- A. Person\nnext_meeting:\n  date: 2011-04-20\n"
    )
    assert yamlnodes._plainly_shallow(text)
    assert_read_alike(text)
