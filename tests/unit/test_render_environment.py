"""The theme's Jinja environment reads the pages' dicts by key first (a fifth of the rendering
time went on the exception Jinja's attribute-first lookup raises), and nothing else changes."""

from __future__ import annotations

from pathlib import Path

import jinja2
import markupsafe
import pytest

from minutebook.output.render import make_environment


@pytest.fixture
def env(tmp_path: Path) -> jinja2.Environment:
    (tmp_path / "templates").mkdir()
    return make_environment([tmp_path])


def render(env: jinja2.Environment, source: str, **context: object) -> str:
    return env.from_string(source).render(**context)


def test_a_key_of_a_page_dict_is_read_and_escaped(env: jinja2.Environment) -> None:
    page = {"title": "Alcohol & <drugs>"}
    assert render(env, "{{ page.title }}", page=page) == "Alcohol &amp; &lt;drugs&gt;"


def test_a_dicts_methods_still_work_when_no_key_has_their_name(env: jinja2.Environment) -> None:
    out = render(env, "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", d={"a": 1})
    assert out == "a=1;"


def test_a_missing_key_is_still_an_error_naming_it(env: jinja2.Environment) -> None:
    with pytest.raises(jinja2.UndefinedError, match="nothing"):
        render(env, "{{ page.nothing }}", page={"title": "x"})


def test_objects_are_read_by_attribute_as_before(env: jinja2.Environment) -> None:
    class Item:
        title = "Budget"

    assert render(env, "{{ item.title }}", item=Item()) == "Budget"


def test_what_a_template_shows_is_escaped_as_markupsafe_escapes_it(env: jinja2.Environment) -> None:
    # `{{ … }}` escapes plain strings without markupsafe's Markup wrapper: the same text.
    hostile = "<script>alert(\"x\")</script> & 'quotes' \u00e9"
    assert render(env, "{{ v }}", v=hostile) == str(markupsafe.escape(hostile))
    assert render(env, "{{ v }}", v=markupsafe.Markup("<b>kept</b>")) == "<b>kept</b>"
    assert render(env, "{{ v }}", v=42) == "42"
    macro = "{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}{{ m(v) }}"
    assert render(env, macro, v="<b>") == "<i>&lt;b&gt;</i>"
    assert render(env, "{% set s %}{{ v }}{% endset %}{{ s }}", v="<b>") == "&lt;b&gt;"
