"""The search index's bundle (output/search.py): the same documents give the same bytes, and a
document that cannot be made stops the build with its own error instead of hanging it."""

from __future__ import annotations

import gzip

import pytest

from minutebook.archive.search import SearchDocument
from minutebook.output.search import make_bundle


def documents(n: int) -> list[SearchDocument]:
    """Many values for each filter: Pagefind writes them in a different order each run."""
    return [
        SearchDocument(
            f"/meetings/{i}/",
            f'<html lang="en"><body><h1>Meeting {i}</h1>'
            f'<span data-pagefind-filter="organisation">Body {i % 7}</span>'
            f'<span data-pagefind-filter="year">{2000 + i % 11}</span>'
            f'<span data-pagefind-sort="date">{2000 + i % 11}-01-01</span>'
            f'<h2 id="item-{i}">{i} Skate park</h2><p>Words {i} about the park.</p>'
            "</body></html>",
        )
        for i in range(n)
    ]


def test_the_same_documents_give_the_same_bytes():
    first = make_bundle(documents(60), "en-GB")
    assert make_bundle(documents(60), "en-GB") == first
    assert make_bundle(documents(60), "en-GB") == first
    filters = [name for name in first if name.startswith("filter/")]
    assert len(filters) == 2
    values = gzip.decompress(first[filters[0]])
    assert b"Body 0" in values or b"2000" in values


def test_a_document_that_cannot_be_made_stops_the_index_with_its_error():
    def failing():
        yield from documents(3)
        raise ValueError("a meeting could not be read")

    with pytest.raises(ValueError, match="could not be read"):
        make_bundle(failing(), "en")


def test_only_what_a_reader_needs_is_published():
    names = set(make_bundle(documents(3), "en"))
    assert {"pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"} <= names
    assert not {name for name in names if "ui" in name or "playground" in name}
    assert "wasm.unknown.pagefind" not in names
