"""What a build is asked to do (BuildOptions), where its output goes, and what it did
(BuildReport): shared by the full build, the quick build and the commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from minutebook.core import cache
from minutebook.core.diagnostics import Diagnostic
from minutebook.core.model import SiteConfig
from minutebook.reading.loading import Progress


@dataclass(frozen=True, slots=True)
class BuildOptions:
    site_root: Path
    output: Path | None = None  # default: the config's `output`, relative to the site root
    drafts: bool = False
    base_url: str | None = None
    jobs: int = 0  # 0: one per core
    strict: bool = False
    use_cache: bool = True
    store: cache.Store | None = None  # default: the site's cache on disk (when use_cache)
    progress: Progress | None = None  # told (stage, done, total) as work goes on
    force: bool = False  # adopt a non-empty output folder that Minutebook did not write
    # The output is this process's alone (serve's, in the cache folder): between its builds,
    # nobody else writes, edits or deletes a file of it (see _write_pages).
    own_output: bool = False
    # Make the search index (if the config has search on). The preview (`serve`) does not: it
    # would make every edit a full build, as the index is made whole (see quick_build).
    search_index: bool = True


@dataclass(frozen=True, slots=True)
class BuildReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    output: Path | None = None
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    published: bool = False

    def summary(self) -> str:
        files = self.written + self.unchanged
        return (
            f"{files} files ({self.pages} pages): {self.written} written, "
            f"{self.unchanged} unchanged, {self.removed} removed, in {self.seconds:.2f} s"
        )


def output_folder(options: BuildOptions, config: SiteConfig) -> Path:
    """--output, or the config's `output` relative to the site root; `~` is the home folder."""
    if options.output is not None:
        return options.output.expanduser()
    return options.site_root / Path(config.output).expanduser()
