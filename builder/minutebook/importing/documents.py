"""Word and PDF files → lines of text.

Word through python-docx (kept by the python-openxml project; pure Python on lxml): paragraphs
and tables in document order, headings as `#` lines, bold paragraphs as `**…**`, and the
numbers Word draws for numbered lists (they are not in the text) written out.
PDF through pdfminer.six (kept by its community, pure Python): it gives each line's position
on the page, so lines on one row are joined with tabs (columns stay apart, as a table does in
a text file) and a wider gap between rows becomes a blank line (paragraphs stay apart).
Both libraries raise many kinds of error on damaged files: any of them means "not readable".
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from minutebook.importing.extracting import Extracted

_PAGE_FURNITURE = re.compile(r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|-?\s*\d{1,3}\s*-?)\s*$", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word_lines(data: bytes) -> Extracted:
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, docx.table.Table):
                lines += ["", *_table_lines(block), ""]
            else:
                lines += _paragraph_lines(block, numbering)
    except Exception as exc:
        return Extracted(
            (), "word", problem=f"it is not a Word file that can be read ({exc!r:.80})"
        )
    if not any(line.strip() for line in lines):
        return Extracted((), "word", problem="the Word file holds no text")
    return Extracted(tuple(lines), "word")


def _paragraph_lines(paragraph: Any, numbering: _Numbering) -> list[str]:
    text = paragraph.text.replace("\xa0", " ")
    if not text.strip():
        return [""]
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    level = re.match(r"^(?:Heading\s*(\d)|Title)$", style)
    style_element = paragraph.style.element if paragraph.style is not None else None
    prefix = numbering.label(paragraph._p, style_element)
    if level:
        return ["", "#" * int(level.group(1) or 1) + " " + f"{prefix}{text.strip()}", ""]
    runs = [run for run in paragraph.runs if run.text.strip()]
    if runs and all(run.bold for run in runs) and "\n" not in text.strip():
        text = f"**{text.strip()}**"
    first, *rest = text.split("\n")
    return [f"{prefix}{first}", *rest, ""]


class _Numbering:
    """The numbers Word draws before list paragraphs (decimal "1.", letters "a)", …)."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, str], tuple[str, str]] = {}
        self.counters: dict[tuple[str, str], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            source = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            for lvl in source.iter(f"{_W}lvl") if source is not None else ():
                fmt, text = lvl.find(f"{_W}numFmt"), lvl.find(f"{_W}lvlText")
                key = (num.get(f"{_W}numId") or "", lvl.get(f"{_W}ilvl") or "0")
                self.formats[key] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "%1.",
                )

    def label(self, p: Any, style: Any = None) -> str:
        num_id, level = p.find(f".//{_W}numId"), p.find(f".//{_W}ilvl")
        if num_id is None and style is not None:  # numbered by its style ("List Number")
            num_id, level = style.find(f".//{_W}numId"), style.find(f".//{_W}ilvl")
        if num_id is None:
            return ""
        key = (num_id.get(f"{_W}val") or "", level.get(f"{_W}val") if level is not None else "0")
        fmt, pattern = self.formats.get(key, ("decimal", "%1."))
        if fmt in {"bullet", "none"}:
            return "- "
        count = self.counters.get(key, 0) + 1
        self.counters[key] = count
        for deeper in [k for k in self.counters if k[0] == key[0] and k[1] > key[1]]:
            del self.counters[deeper]  # a new item restarts its sub-items' letters
        shown = _counter(count, fmt)
        return re.sub(r"%\d", shown, pattern, count=1).replace("%", "") + " "


def _counter(count: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        letter = chr(ord("a") + (count - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in {"lowerRoman", "upperRoman"}:
        roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][(count - 1) % 10]
        return roman.upper() if fmt == "upperRoman" else roman
    return str(count)


def _table_lines(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[Any] = []
        for cell in row.cells:  # a merged cell is given once per column it spans
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        yield "\t".join(" ".join(cell.text.split()) for cell in cells)


def pdf_lines(data: bytes) -> Extracted:
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams

        lines: list[str] = []
        for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
            lines += _page_lines(page)
    except Exception as exc:
        return Extracted((), "pdf", problem=f"it is not a PDF file that can be read ({exc!r:.80})")
    if not any(line.strip() for line in lines):
        return Extracted(
            (),
            "pdf",
            problem="the PDF has no text layer (a scanned image?): run it through OCR first, "
            "or type the minutes in",
        )
    return Extracted(tuple(lines), "pdf")


def _page_lines(page: Any) -> list[str]:
    from pdfminer.layout import LTTextContainer, LTTextLine

    pieces: list[tuple[float, float, float, str]] = []  # top, bottom, left, text
    for element in page:
        if not isinstance(element, LTTextContainer):
            continue
        for line in element if not isinstance(element, LTTextLine) else [element]:
            if isinstance(line, LTTextLine) and line.get_text().strip():
                pieces.append((line.y1, line.y0, line.x0, line.get_text().strip()))
    rows: list[list[tuple[float, float, float, str]]] = []
    for piece in sorted(pieces, key=lambda p: (-p[0], p[2])):
        if rows and abs(rows[-1][0][0] - piece[0]) < 0.5 * (piece[0] - piece[1]):
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines: list[str] = []
    previous_bottom: float | None = None
    for row in rows:
        top, bottom = row[0][0], row[0][1]
        text = "\t".join(p[3] for p in sorted(row, key=lambda p: p[2]))
        if _PAGE_FURNITURE.match(text):
            continue
        if previous_bottom is not None and previous_bottom - top > 0.6 * (top - bottom):
            lines.append("")
        lines.append(text)
        previous_bottom = bottom
    return [*lines, ""]
