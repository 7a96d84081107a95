"""An item's lines → its Markdown text, with the owners of its actions taken out.

Sub-items (`a) Performance Management`, `- a) **Alcohol** : report noted.`) become `###`
sub-headings; runs of tab-separated lines become Markdown tables; `Action: JB` lines and an
Action column's initials become the item's `Action:` line. What Markdown would misread is
escaped: `- 1) That…` (a list inside a list), a `#` at the start of a line of plain text, a
line of dashes under a paragraph (a heading), indentation (code). A paragraph broken in two by
a page or a copy (the second half starting in lower case) is joined again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SUB_ITEM = re.compile(
    r"^(?:[-*•]\s+)?\(?(?P<letter>[a-z])\)\s+(?:\*\*(?P<bold>[^*]+)\*\*\s*[:\-–]?\s*(?P<rest>.*)"
    r"|(?P<title>.+))$"
)
_ACTION_LINE = re.compile(r"^\**\s*actions?(?:\s+by)?\s*\**\s*[:\-–]\s*\**(?P<who>.+?)\**$", re.I)
ACTION_HEADER = re.compile(r"^\**\s*(?:actions?|action\s+by|owner|who)\s*\**:?$", re.IGNORECASE)
_INITIALS = r"[A-Z]{1,4}(?:\s*[/,&]\s*[A-Z]{1,4})*"
_OWNERS = re.compile(rf"^\s*(?P<who>{_INITIALS}|all|All|ALL)\s*$")
_LIST_NUMBER = re.compile(r"^(?P<lead>\s*[-*+]\s+)(?P<n>\d+)(?P<p>[.)])\s")
_RULE = re.compile(r"^\s*[-=_*~]{3,}\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[(?P<text>[^\]]+)\]:\s*<?(?P<target>[^\s>]+)>?")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)")


@dataclass
class Body:
    lines: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    doubts: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


def item_body(lines: list[tuple[int, str]], is_markdown: bool, has_action_column: bool) -> Body:
    """`lines`: (0-based source line, text) from under the item's heading to the next item."""
    body = Body()
    expected = "a"
    rows: list[tuple[int, list[str]]] = []
    for index, raw in lines:
        text = raw if is_markdown else raw.strip()
        if "\t" in text and not is_markdown:
            cells = [cell.strip() for cell in text.split("\t")]
            if has_action_column and len(cells) > 1 and _OWNERS.match(cells[-1]):
                body.actions.append(cells[-1])
                cells = cells[:-1]
            if len([c for c in cells if c]) > 1:
                rows.append((index, cells))
                continue
            text = " ".join(c for c in cells if c)
        _flush_table(body, rows)
        stripped = text.strip()
        action = _ACTION_LINE.match(stripped)
        if action:
            body.actions.append(action.group("who").strip())
            continue
        if ACTION_HEADER.match(stripped):
            continue
        if has_action_column and _OWNERS.match(stripped) and stripped not in {"AOB"}:
            body.actions.append(stripped)
            continue
        sub = _SUB_ITEM.match(stripped)
        if sub and sub.group("letter") == expected and _is_sub_heading(sub):
            expected = chr(ord(expected) + 1)
            _add_sub_item(body, sub)
            continue
        if is_markdown:
            heading = re.match(r"^#{1,6}\s+(.*)$", stripped)
            if heading:
                body.lines += ["", f"### {heading.group(1).strip()}", ""]
                continue
        body.lines.append(_escaped(text, is_markdown, body, index))
    _flush_table(body, rows)
    body.lines = _joined(_trimmed(body.lines))
    return body


def _is_sub_heading(sub: re.Match[str]) -> bool:
    if sub.group("bold"):
        return True
    title = sub.group("title") or ""
    return len(title.split()) <= 8 and not title.rstrip().endswith((".", ";", ","))


def _add_sub_item(body: Body, sub: re.Match[str]) -> None:
    title = (sub.group("bold") or sub.group("title") or "").strip().rstrip(":")
    body.lines += ["", f"### {sub.group('letter')}) {title}", ""]
    rest = (sub.group("rest") or "").strip()
    if rest:
        body.lines += [rest, ""]


def _escaped(text: str, is_markdown: bool, body: Body, index: int) -> str:
    if not is_markdown:
        if _RULE.match(text):
            return ""
        if text.startswith("#"):
            text = "\\" + text
    text = _LIST_NUMBER.sub(lambda m: f"{m['lead']}{m['n']}\\{m['p']} ", text)
    if is_markdown and _RULE.match(text):
        return ""  # a rule under a paragraph would make it a heading, and so an item
    reference = _REFERENCE.match(text)
    if reference and _is_meeting_file(reference.group("target")):
        _kept_as_text(body, index, reference.group("target"))
        return f"[{reference.group('text')}]: #"  # the link's text stays; it leads nowhere
    return _LINK.sub(lambda m: _link(m, body, index), text)


def _link(match: re.Match[str], body: Body, index: int) -> str:
    """Links to the web are kept; one to another Markdown file that is not in the archive
    would be an error in `minutebook check`, so its text is kept and the clerk told."""
    target = match.group("target")
    if _is_meeting_file(target):
        _kept_as_text(body, index, target)
        return match.group("text")
    return match.group(0)


def _is_meeting_file(target: str) -> bool:
    """A link to another Markdown file: `minutebook check` would find no such meeting file."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("#"):
        return False
    return target.split("#")[0].lower().endswith((".md", ".markdown"))


def _kept_as_text(body: Body, index: int, target: str) -> None:
    message = f"the link to '{target}' is kept as text: link the meeting file once it is there"
    body.doubts.append((index + 1, message))


def _flush_table(body: Body, rows: list[tuple[int, list[str]]]) -> None:
    if not rows:
        return
    if len(rows) == 1:
        body.lines.append("  ".join(cell for cell in rows[0][1] if cell))
    else:
        width = max(len(cells) for _, cells in rows)
        table = [cells + [""] * (width - len(cells)) for _, cells in rows]
        escape = [[cell.replace("|", "\\|") for cell in row] for row in table]
        body.lines += ["", "| " + " | ".join(escape[0]) + " |"]
        body.lines.append("|" + "---|" * width)
        body.lines += ["| " + " | ".join(row) + " |" for row in escape[1:]]
        body.lines.append("")
    rows.clear()


def _trimmed(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line.rstrip())
    while out and not out[-1].strip():
        out.pop()
    return out


def _joined(lines: list[str]) -> list[str]:
    """A blank line between half-sentences (the second starting in lower case) is removed."""
    out: list[str] = []
    for index, line in enumerate(lines):
        if (
            not line.strip()
            and out
            and index + 1 < len(lines)
            and re.match(r"^[a-z]", lines[index + 1])
            and not out[-1].rstrip().endswith((".", ":", ";", "!", "?", ")", "|"))
            and not out[-1].lstrip().startswith(("#", "-", "*", "|"))
        ):
            continue
        out.append(line)
    return out
