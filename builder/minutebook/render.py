"""RENDER: PageSpec → bytes, through the theme's Jinja templates (autoescaped, strict).

A site's own `themes/<name>/` overrides the bundled theme file by file.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from minutebook import workers
from minutebook.diagnostics import Diagnostic, SourceSpan, error
from minutebook.pages import PageRef, PageSpec, Planner
from minutebook.sources import leads_out


def bundled_themes() -> Path:
    """Themes inside the installed package, or at the top of a source checkout."""
    installed = Path(__file__).parent / "themes"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[2] / "themes"


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


def make_environment(dirs: Sequence[Path]) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d / "templates") for d in dirs]),
        autoescape=True,  # every template is HTML or XML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


@dataclass(frozen=True, slots=True)
class Rendered:
    output: str
    data: bytes


class TemplateProblem(Exception):
    """A theme template failed: reported as a Diagnostic naming the template and line."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def render_page(env: jinja2.Environment, spec: PageSpec) -> Rendered:
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


def _render_one(state: tuple[Planner, Sequence[Path]], ref: PageRef) -> Rendered:
    planner, dirs = state
    return render_page(_environment_for(dirs), planner.make(ref))


_ENVIRONMENTS: dict[tuple[Path, ...], jinja2.Environment] = {}


def _environment_for(dirs: Sequence[Path]) -> jinja2.Environment:
    """One environment per process (templates compile once in each forked worker)."""
    key = tuple(dirs)
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = make_environment(dirs)
    return _ENVIRONMENTS[key]


def render_all(
    planner: Planner, dirs: Sequence[Path], refs: Sequence[PageRef], jobs: int
) -> Iterator[Rendered]:
    """Make and render every page, in order; the pages are planned inside the workers, which
    inherit the archive through fork, so only page refs and bytes travel between processes."""
    return workers.ordered_map(_render_one, (planner, list(dirs)), refs, jobs=jobs, batch=64)
