"""The published JSON Schemas (Draft 2020-12) of the meeting front matter and of minutebook.yaml.

They live in schemas/ inside the package, so editors with the YAML language server can complete
fields and underline mistakes while a clerk types (`minutebook schema meeting` prints one). The
checker stays the authority: tests/unit/test_schemas.py shows the two agree on every fixture, and
lists what a schema cannot say (a field given twice, files that must exist, names in the
vocabulary).
"""

from __future__ import annotations

from importlib import resources

SCHEMAS = ("meeting", "config")


def schema_text(name: str) -> str:
    """The schema called `name` ("meeting" or "config"), as shipped."""
    if name not in SCHEMAS:
        raise ValueError(f"there is no schema called {name!r}; there are {', '.join(SCHEMAS)}")
    return (resources.files("minutebook") / "schemas" / f"{name}.schema.json").read_text("utf-8")
