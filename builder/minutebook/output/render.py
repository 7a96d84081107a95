"""RENDER: PageSpec → bytes, through the theme's Jinja templates (autoescaped, strict).

A site's own `themes/<name>/` overrides the bundled theme file by file. The interface words come
from the theme's `strings/<language>.yaml`, available to every template as `t`.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
import string
import traceback
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

import jinja2
import markupsafe
from markupsafe import Markup, escape
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from minutebook.archive.pages import PageRef, Planner
from minutebook.archive.views import PageSpec, Strings
from minutebook.core import cache, workers
from minutebook.core.diagnostics import Diagnostic, SourceSpan, error
from minutebook.output import formats
from minutebook.reading.sources import leads_out
from minutebook.reading.yamlnodes import Positions, compose, is_null, mapping_pairs, scalar_text


def bundled_themes() -> Path:
    """Themes inside the installed package, or at the top of a source checkout."""
    installed = Path(__file__).parents[1] / "themes"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[3] / "themes"


def theme_dirs(site_root: Path, theme: str) -> list[Path]:
    """Where theme files are looked up, most specific first, without repeats."""
    candidates = [
        site_root / "themes" / theme,
        bundled_themes() / theme,
        bundled_themes() / "default",
    ]
    found: list[Path] = []
    for candidate in candidates:
        if candidate.is_dir() and all(candidate.resolve() != f.resolve() for f in found):
            found.append(candidate)
    return found


def check_theme(site_root: Path, theme: str) -> list[Diagnostic]:
    own = site_root / "themes" / theme
    if own.is_dir():
        return _theme_links(site_root, own)
    if theme == "default" or (bundled_themes() / theme).is_dir():
        return []
    return [
        error(
            SourceSpan("minutebook.yaml"),
            f"the theme '{theme}' does not exist",
            f"create the folder themes/{theme}/ or write  theme: default",
            "theme",
        )
    ]


def _theme_links(site_root: Path, theme: Path) -> list[Diagnostic]:
    """A site's theme file that is a link leading out of its theme folder would publish
    whatever it points at (a template is shown as text): such links are errors."""
    inside = theme.resolve()
    diagnostics: list[Diagnostic] = []
    for folder, folders, files in os.walk(theme):
        for name in sorted([*folders, *files]):
            path = Path(folder) / name
            if path.is_symlink() and leads_out(path, inside):
                diagnostics.append(
                    error(
                        SourceSpan(path.relative_to(site_root).as_posix()),
                        "this theme file is a link to a file outside the theme folder",
                        "copy the file into the theme instead of linking to it",
                    )
                )
    return diagnostics


# -- the interface words -------------------------------------------------------------------------

STRINGS = "strings"
FALLBACK_LANGUAGE = "en"


def language_chain(language: str) -> list[str]:
    """Which strings files to look for, best first: en-GB → [en-gb, en]; cy → [cy, en]."""
    tags = [language, language.split("-", 1)[0], FALLBACK_LANGUAGE]
    return list(dict.fromkeys(tag.lower() for tag in tags if tag))


def strings_file(theme: Path, tag: str) -> Path | None:
    """themes/<name>/strings/<tag>.yaml, the tag matched in any case (en-GB.yaml or en-gb.yaml)."""
    folder = theme / STRINGS
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("*.yaml")):
        if path.stem.lower() == tag and path.is_file():
            return path
    return None


def is_override(theme: Path) -> bool:
    """A site's own copy of a bundled theme: it may change that theme's words, not add new ones."""
    bundled = bundled_themes() / theme.name
    return bundled.is_dir() and bundled.resolve() != theme.resolve()


def load_strings(dirs: Sequence[Path], language: str) -> tuple[Strings, list[Diagnostic]]:
    """The words for `language`: every strings file that applies, merged key by key.

    The least specific file comes first (the bundled English), then each better one on top: the
    site's override of a file beats the bundled file, and a closer language beats English. So a
    translation or an override needs only the keys it changes.
    """
    found = [
        path
        for tag in language_chain(language)
        for theme in dirs
        if (path := strings_file(theme, tag)) is not None
    ]
    merged: dict[str, Any] = {}
    diagnostics: list[Diagnostic] = []
    for path in reversed(found):
        shown = _short(str(path))
        root, problems = compose(path.read_text("utf-8"), Positions(shown, 1))
        diagnostics.extend(problems)
        if root is None or problems:
            continue
        strict = bool(merged) and is_override(path.parent.parent)
        value, problems = _merge_strings(merged, root, Positions(shown, 1), "", strict)
        diagnostics.extend(problems)
        if isinstance(value, dict):
            merged = value
    return merged, diagnostics


def _merge_strings(
    base: Any, node: Node, positions: Positions, where: str, strict: bool
) -> tuple[Any, list[Diagnostic]]:
    """`node` read on top of `base` (the words so far), checked against it."""
    span = positions.span(node)
    if isinstance(node, MappingNode):
        if base is not None and not isinstance(base, dict):
            return base, [_shape_problem(span, where, base)]
        merged = dict(base or {})
        pairs, diagnostics = mapping_pairs(node, positions, where)
        for pair in pairs:
            key = f"{where}.{pair.key}" if where else pair.key
            if not pair.key.isidentifier():
                diagnostics.append(
                    error(
                        positions.span(pair.key_node),
                        f"the key '{key}' is not a plain word",
                        "use letters, digits and _ only, e.g.  skip_link",
                        key,
                    )
                )
                continue
            if strict and pair.key not in merged:
                close = difflib.get_close_matches(pair.key, sorted(merged), n=1, cutoff=0.6)
                diagnostics.append(
                    error(
                        positions.span(pair.key_node),
                        f"unknown string '{key}'"
                        + (f" (did you mean '{close[0]}'?)" if close else ""),
                        f"rename it to '{close[0]}'"
                        if close
                        else "the keys you can use here are: " + ", ".join(sorted(merged)),
                        key,
                    )
                )
                continue
            merged[pair.key], problems = _merge_strings(
                merged.get(pair.key), pair.value, positions, key, strict
            )
            diagnostics.extend(problems)
        return merged, diagnostics
    if isinstance(node, SequenceNode):
        if base is not None and not isinstance(base, (list, tuple)):
            return base, [_shape_problem(span, where, base)]
        texts = tuple(
            scalar_text(n) for n in node.value if isinstance(n, ScalarNode) and not is_null(n)
        )
        if len(texts) != len(node.value) or (base is not None and len(texts) != len(base)):
            count = len(base) if base is not None else len(node.value)
            return base, [
                error(
                    span,
                    f"'{where}' should be a list of {count} texts",
                    "write the texts between [ ] separated by commas, one for each",
                    where,
                )
            ]
        return texts, []
    if not isinstance(node, ScalarNode) or is_null(node) or not scalar_text(node):
        return base, [error(span, f"'{where}' is empty", "write the words, or leave the key out")]
    if base is not None and not isinstance(base, str):
        return base, [_shape_problem(span, where, base)]
    text = scalar_text(node)
    names, problem = _placeholders(text)
    if problem:
        return base, [
            error(
                span,
                f"'{where}' has a {{ or }} that is not a plain {{mark}}",
                "write marks as {name}; write {{ or }} to show a brace",
                where,
            )
        ]
    allowed, _ = _placeholders(base) if base is not None else (names, "")
    extra = sorted(names - allowed)
    if extra:
        return base, [
            error(
                span,
                f"'{where}' uses {{{extra[0]}}}, which this text cannot fill in",
                "the marks you can use here are: "
                + (", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"),
                where,
            )
        ]
    return text, []


def _placeholders(text: str) -> tuple[set[str], str]:
    """The {marks} of a text, or why it cannot be filled in (unmatched braces, {0}, {n:>3})."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        return set(), str(exc)
    for _, name, spec, conversion in parts:
        if name is not None and (not name.isidentifier() or spec or conversion):
            return set(), f"{{{name}}} is not a plain mark"
    return {name for _, name, _, _ in parts if name}, ""


def _shape_problem(span: SourceSpan, where: str, base: Any) -> Diagnostic:
    if isinstance(base, dict):
        shape = "a set of keys"
    elif isinstance(base, (list, tuple)):
        shape = "a list"
    else:
        shape = "a single text"
    return error(span, f"'{where}' should be {shape}", "keep the shape of the English file", where)


@functools.lru_cache(maxsize=4096)
def _pieces(text: str) -> tuple[tuple[str, str | None], ...]:
    """A strings text split once into (escaped words, mark or None) pieces."""
    return tuple((str(escape(words)), name) for words, name, _, _ in string.Formatter().parse(text))


def fill(text: str, **values: Any) -> Markup:
    """A strings text with its {marks} filled in; the text is escaped, and values are escaped
    unless they are markup already (a link or a <time> made by the template). Joined as plain
    strings: adding Markup to Markup escapes and copies at each step (a list of 500 meetings
    fills a text for each)."""
    return Markup(
        "".join(
            words + (str(_escape(values[name])) if name is not None else "")
            for words, name in _pieces(text)
        )
    )


def plural(forms: Words, n: int) -> Markup:
    """{{ t.counts.meetings | plural(3) }} → 3 meetings."""
    return fill(forms.one if n == 1 else forms.other, n=n)


class Words(SimpleNamespace):
    """The strings as templates see them: t.meeting.agenda is a plain attribute (quick for
    Jinja, which tries attributes before keys)."""


def words_for_templates(value: Any) -> Any:
    if isinstance(value, Mapping):
        return Words(**{key: words_for_templates(item) for key, item in value.items()})
    return value


_CSS_UNSAFE = re.compile(r"[^A-Za-z0-9 ,.:;_\-/()!?&'=+#%@*]")


def css_string(text: str) -> Markup:
    """A quoted CSS string for any text, e.g. a page title in a print header: every character
    that could end the string, the rule or the <style> element is written as a hex escape."""
    return Markup('"' + _CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group()):06x}", text) + '"')


# markupsafe's escape() wraps each escaped value in a new Markup (a copy of the text, made in
# Python): a quarter of the time of a long list page. What `{{ … }}` escapes goes straight into
# the page, so a plain string escaped the same way (markupsafe's own escaping, in C) will do;
# anything else goes to escape() as before.
_escape_inner: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)


def _escape(value: Any) -> str:
    if _escape_inner is not None and type(value) is str:
        return _escape_inner(value)
    return escape(value)


class _Template(jinja2.Template):
    """Templates whose `{{ … }}` escape with `_escape` (same output, less time). The hook is
    Jinja's own, if private: were it gone, templates would simply escape as before."""

    @classmethod
    def _from_namespace(
        cls,
        environment: jinja2.Environment,
        namespace: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> jinja2.Template:
        namespace["escape"] = _escape  # the name the compiled template calls for autoescape
        template: jinja2.Template = super()._from_namespace(environment, namespace, globals)
        return template


class _Environment(jinja2.Environment):
    """Jinja, reading `page.title` from the pages' dicts directly.

    Jinja reads `x.y` as the attribute y, then the item: on a dict the first always fails,
    raising an exception that is caught, about a fifth of a page's rendering time. A dict's
    keys come first here; its methods (`d.items()`) still work unless a key has their name.
    """

    template_class = _Template

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def make_environment(dirs: Sequence[Path], strings: Strings | None = None) -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(d / "templates") for d in dirs]),
        autoescape=True,  # every template is HTML or XML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.globals["t"] = words_for_templates(strings or {})  # globals reach imported macros too
    env.filters["fill"] = fill
    env.filters["plural"] = plural
    env.filters["css_string"] = css_string
    env.filters["json_ld"] = lambda data: Markup(formats.json_ld(data))
    return env


@dataclass(frozen=True, slots=True)
class Rendered:
    output: str
    data: bytes


class TemplateProblem(Exception):
    """A theme template failed: reported as a Diagnostic naming the template and line."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic

    def __reduce__(self) -> tuple[type, tuple[Diagnostic]]:
        # Raised in a worker, it reaches the parent pickled: by its diagnostic, not its
        # message (unpickling it by the message alone failed, and the build waited forever).
        return (type(self), (self.diagnostic,))


def render_page(env: jinja2.Environment, spec: PageSpec) -> Rendered:
    writer = formats.WRITERS.get(spec.template)
    if writer is not None:  # a feed, a calendar, a data file: see output/formats.py
        return Rendered(spec.output, writer(spec.context))
    try:
        text = env.get_template(spec.template).render(spec.context)
    except Exception as exc:  # any failure inside a theme template is the theme's, not ours
        raise TemplateProblem(_template_diagnostic(exc, spec)) from exc
    return Rendered(spec.output, text.encode("utf-8"))


def _template_diagnostic(exc: Exception, spec: PageSpec) -> Diagnostic:
    """Name the template file and line: Jinja rewrites tracebacks to point into templates."""
    filename = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None) or 0
    if filename is None:
        frames = [
            f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html")
        ]
        if frames:
            filename, line = frames[-1].filename, frames[-1].lineno or 0
    return error(
        SourceSpan(_short(filename or spec.template), line),
        f"the template {spec.template} failed while making {spec.output}: "
        f"{type(exc).__name__}: {exc}",
        "fix the template (or remove your override of it to use the default theme's)",
    )


def _short(filename: str) -> str:
    path = Path(filename)
    parts = path.parts
    return "/".join(parts[parts.index("themes") :]) if "themes" in parts else filename


T = TypeVar("T")
# What becomes of a rendered page (its output path and bytes), in the process that rendered it.
Stage = Callable[[str, bytes], T]
RenderState = tuple[Planner, Sequence[Path], str, Stage[T]]


def _render_one(state: RenderState[T], ref: PageRef) -> T:
    planner, dirs, theme_key, stage = state
    page = render_page(_environment_for(dirs, planner.strings, theme_key), planner.make(ref))
    return stage(page.output, page.data)


def theme_digest(dirs: Sequence[Path]) -> str:
    """What the themes' templates and words say: every page depends on it."""
    return cache.digest_files(
        path
        for folder in dirs
        for part in ("templates", "strings")
        for path in (folder / part).rglob("*")
        if path.is_file()
    )


_ENVIRONMENTS: dict[tuple[tuple[Path, ...], str], jinja2.Environment] = {}


def _environment_for(dirs: Sequence[Path], strings: Strings, theme_key: str) -> jinja2.Environment:
    """One environment per process and theme (templates compile once in each forked worker).
    Keyed by what the templates and words say, not only where they are: the parent renders
    too, and in `serve` it outlives an edit to a template (which jinja, told not to look at
    the files again, would never notice)."""
    key = (tuple(dirs), theme_key)
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = make_environment(dirs, strings)
    return _ENVIRONMENTS[key]


def render_all(
    planner: Planner,
    dirs: Sequence[Path],
    refs: Sequence[PageRef],
    jobs: int,
    stage: Stage[T],
    meeting_pages: tuple[workers.Standby, Planner] | None = None,
) -> Iterator[T]:
    """Make, render and `stage` every page, in order; the pages are planned inside the
    workers, which inherit the archive through fork, and written there too: only page refs,
    names and digests travel between processes.

    `meeting_pages`: workers on standby, and a planner of the meeting pages alone that reads
    the meetings as it needs them (see commands/build.py): those workers, which share none of this
    process's memory, make meeting pages only, and this process makes the rest.

    The theme's words are loaded first: a mistake in a strings file stops the build before any
    page is made, as a problem naming the file and line."""
    planner = with_strings(planner, dirs)
    strings = planner.strings
    # The words chosen (by language) and what the theme's files say: both shape every page.
    theme_key = cache.digest_of(json.dumps(strings, sort_keys=True), theme_digest(dirs))
    state: RenderState[T] = (planner, list(dirs), theme_key, stage)
    apart = None
    if meeting_pages is not None:
        spare, alone = meeting_pages
        own: RenderState[T] = (replace(alone, strings=strings), *state[1:])
        apart = workers.Apart(spare, own, _is_meeting_page)
    return workers.ordered_map(
        _render_one, state, refs, jobs=jobs, batch=64, parent_works=True, apart=apart
    )


def with_strings(planner: Planner, dirs: Sequence[Path]) -> Planner:
    """The planner with the theme's words for the site's language (a mistake in a strings file:
    TemplateProblem, naming the file and line)."""
    strings, problems = load_strings(dirs, planner.archive.config.language)
    if problems:
        raise TemplateProblem(min(problems, key=Diagnostic.sort_key))
    return replace(planner, strings=strings)


def _is_meeting_page(ref: PageRef) -> bool:
    """A meeting's page or its data file: both made from the meeting whole (see
    Planner.plan_with_files)."""
    return ref.kind in {"meeting", "meeting_data"}
