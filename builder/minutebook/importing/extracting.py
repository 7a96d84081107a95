"""One input file → its lines of text, whatever kind of file it is (.txt, .md, .docx, .pdf).

Everything after this step reads lines: a Word file's paragraphs and tables, a PDF's lines with
their columns kept apart by tabs, a text file as saved. Tables become tab-separated lines, as a
text file copied out of a word processor has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from minutebook.importing.decoding import decode_text

KINDS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
KINDS |= {".docx": "word", ".pdf": "pdf"}
MIB = 1024 * 1024
MAX_DOCUMENT_BYTES = 50 * MIB  # a Word or PDF file: most of it is layout and pictures
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


@dataclass(frozen=True, slots=True)
class Extracted:
    lines: tuple[str, ...]  # the document's lines; line n of the source is lines[n - 1]
    kind: str  # text, markdown, word, pdf
    encoding: str | None = None  # for text and Markdown files
    problem: str | None = None  # why nothing could be read (the input is then skipped)
    notes: tuple[str, ...] = ()  # what the reader of the report should know about the reading


# Characters that break lines for YAML or a reader but not for us, and other control
# characters, are spaces in the meeting file: a name or a title stays on its one line.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")


def tidy(lines: Iterable[str]) -> tuple[str, ...]:
    return tuple(_CONTROLS.sub(" ", line) for line in lines)


def kind_of(path: Path) -> str | None:
    return KINDS.get(path.suffix.lower())


def extract(path: Path, max_text_bytes: int) -> Extracted:
    """The lines of `path`, or the reason it cannot be read. Never raises for the file's sake."""
    kind = kind_of(path)
    if kind is None:
        return Extracted((), "unknown", problem=f"'{path.suffix}' files are not imported")
    limit = max_text_bytes if kind in {"text", "markdown"} else MAX_DOCUMENT_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            return Extracted(
                (), kind, problem=f"it is {size // MIB} MiB; at most {limit // MIB} MiB is read"
            )
        data = path.read_bytes()
    except OSError as exc:
        return Extracted((), kind, problem=f"it cannot be read ({exc.strerror or exc})")
    if not data.strip():
        return Extracted((), kind, problem="the file is empty")
    if kind == "word":
        from minutebook.importing.documents import word_lines

        return _tidied(word_lines(data))
    if kind == "pdf":
        from minutebook.importing.documents import pdf_lines

        return _tidied(pdf_lines(data))
    decoded = decode_text(data)
    if decoded.text is None:
        return Extracted((), kind, problem=decoded.problem)
    lines = decoded.text.split("\n")
    if kind == "markdown":
        lines = atx_headings(without_front_matter(lines))
    notes = () if decoded.encoding == "utf-8" else (f"read as {decoded.encoding} text",)
    if not any(line.strip() for line in lines):
        return Extracted((), kind, decoded.encoding, problem="the file holds no text")
    return Extracted(tidy(lines), kind, decoded.encoding, notes=notes)


def _tidied(extracted: Extracted) -> Extracted:
    return replace(extracted, lines=tidy(extracted.lines))


_FRONT_MATTER_TITLE = re.compile(r"^title\s*:\s*(?P<title>.+?)\s*$", re.IGNORECASE)


def without_front_matter(lines: list[str]) -> list[str]:
    """A website's Markdown page starts with front matter (`---`, `layout:`, `title:`,
    `date:`…, `---`): its title is kept as the page's first line, the rest becomes blank
    lines (so line numbers still point at the source). Its `date` is the page's publication
    date, which is never taken for the meeting's."""
    if not lines or lines[0].strip() != "---":
        return lines
    close = next((i for i in range(1, min(len(lines), 60)) if lines[i].strip() == "---"), None)
    if close is None:
        return lines
    out = [""] * (close + 1) + lines[close + 1 :]
    for index in range(1, close):
        title = _FRONT_MATTER_TITLE.match(lines[index])
        if title:
            out[index] = "# " + title.group("title").strip("'\"")
    return out


def atx_headings(lines: list[str]) -> list[str]:
    """Underlined (setext) headings written as `#` headings, keeping one line per source line:
    the underline becomes a blank line, so line numbers still point at the source."""
    out = list(lines)
    for index in range(1, len(out)):
        match = _SETEXT.match(out[index])
        previous = out[index - 1].strip()
        if match and previous and not previous.startswith(("#", "-", "*", "|")):
            level = "#" if match.group(1)[0] == "=" else "##"
            out[index - 1], out[index] = f"{level} {previous}", ""
    return out
