"""YAML as positioned nodes: raw scalar text, file lines, duplicate keys, and the YAML 1.1 traps.

`yaml.safe_load` turns `time: 14:00` into 840 and `organisation: NO` into False, and keeps only the
last of two equal keys. Composing keeps the text as the clerk typed it and where they typed it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from minutebook.core.diagnostics import Diagnostic, SourceSpan, error

MAX_DEPTH = 20
NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
NULLS = frozenset(("", "~", "null", "Null", "NULL"))  # YAML 1.1's null, written plain
STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)

# libyaml's wording, in words a clerk can act on.
PLAIN_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    (
        "mapping values are not allowed",
        "a value contains ': ' where YAML does not expect it",
        'put the whole value in double quotes, e.g.  title: "Item 5: Budget"',
    ),
    (
        "tab character",
        "a tab character is used for indentation",
        "indent with spaces instead of tabs",
    ),
    (
        "found character '\\t'",
        "a tab character is used for indentation",
        "indent with spaces instead of tabs",
    ),
    (
        "found undefined alias",
        "'*' starts a YAML alias here",
        "put the value in double quotes if it starts with '*'",
    ),
    (
        "did not find expected key",
        "the indentation of this line does not match the lines around it",
        "line the field up with the others at the same level",
    ),
    (
        "did not find expected '-' indicator",
        "a list item is indented differently from the ones before it",
        "start every item of a list with '- ' at the same indentation",
    ),
    (
        "found unexpected end of stream",
        "a quote is opened but never closed",
        "close the quotes on the same line",
    ),
)


_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextLoader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """Every value is text as typed, or null: the model reads the text itself (a time is not
    840, NO is not False), so telling ints, bools and dates apart is wasted work, 117 regular
    expressions tried per meeting. It also keeps `=` and `<<` plain text, where YAML 1.1 gives
    them tags of their own (value, merge) that check_tree would refuse."""

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return NULL_TAG if implicit[0] and value in NULLS else STR_TAG
        return SEQ_TAG if kind is SequenceNode else MAP_TAG


LOADER: type[yaml.SafeLoader] = _TextLoader


@dataclass(frozen=True, slots=True)
class Positions:
    """Maps node marks (0-based, relative to the YAML text) to file positions."""

    path: str
    first_line: int  # the 1-based file line on which the YAML text starts
    what: str = "the front matter"  # how messages name the YAML text, e.g. "minutebook.yaml"

    def span(self, node: Node) -> SourceSpan:
        mark = node.start_mark
        return SourceSpan(self.path, self.first_line + mark.line, mark.column + 1)

    def at(self, line0: int, column0: int) -> SourceSpan:
        return SourceSpan(self.path, self.first_line + line0, column0 + 1)


# Characters YAML refuses, or counts as line breaks when the clerk's editor does not.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_YAML_ONLY_BREAKS = re.compile(r"[\x85\u2028\u2029]")


def compose(text: str, positions: Positions) -> tuple[Node | None, list[Diagnostic]]:
    """Parse YAML text into a node tree, or explain in plain words why it cannot be read."""
    text, diagnostics = _clean(text, positions)
    if diagnostics:
        return None, diagnostics
    deep = _too_deep_bracket(text)
    if deep is not None:  # before libyaml, whose own limit and wording vary by version
        return None, [_depth_diagnostic(positions.at(*deep), positions.what)]
    plain = _plainly_shallow(text)
    try:
        # libyaml's composer recurses once per level and crashes on deep nesting, so the
        # (iterative) event stream is checked first: depth, aliases and tags.
        diagnostics = [] if plain else _check_events(text, positions)
        if diagnostics:
            return None, diagnostics
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_diagnostic(exc, text, positions)]
    except yaml.YAMLError as exc:  # unmarked errors are rare; still the clerk's text
        message = " ".join(str(exc).split())
        span = SourceSpan(positions.path, positions.first_line)
        return None, [error(span, f"{positions.what} cannot be read: {message}")]
    if root is None or (is_null(root) and not str(root.value)):
        return None, []  # no document, or only a '---' line: nothing written
    return root, [] if plain else check_tree(root, positions)


# A line's start: its indentation and the block indicators ('- ', '? ', ': ') before its text.
_LINE_START = re.compile(r"^(?:[ ]|[-?:](?= |$))*", re.MULTILINE)
# An '&' where a value starts, which would make it an anchor (not the '&' of "Fire & Rescue").
_ANCHOR = re.compile(r"(?:^|[-?:,\[{])[ ]*&", re.MULTILINE)


def _plainly_shallow(text: str) -> bool:
    """True when the text can hold no alias ('*'), anchor ('&' where a value starts), tag ('!')
    or collection nested more than MAX_DEPTH deep, so neither the event stream nor the tree
    need checking (together about half the cost of reading a meeting's front matter). (Without
    anchors and aliases, composing finds the same mistakes in the same order as the events.)

    Depth: a block collection starting at column c is at most 2c + 2 deep (a sequence, 2c + 1
    for a mapping): its children start further right, except a mapping's sequence, which may
    start at the mapping's own column; every collection starts where a line's text starts,
    after its indicators. Flow collections add at most one level per bracket. Tabs are left to
    the full check (they are not indentation, and libyaml counts each as one column).
    """
    if "*" in text or "!" in text or "\t" in text or ("&" in text and _ANCHOR.search(text)):
        return False
    brackets = text.count("[") + text.count("{")
    if brackets > MAX_DEPTH:
        return False
    widest = max((len(match.group()) for match in _LINE_START.finditer(text)), default=0)
    return 2 * widest + 2 + brackets <= MAX_DEPTH


def _clean(text: str, positions: Positions) -> tuple[str, list[Diagnostic]]:
    """Refuse invisible control characters where they are; make YAML-only line breaks spaces.

    YAML 1.1 counts U+0085, U+2028 and U+2029 as line breaks (they arrive by copy and paste);
    editors do not, so every later line number would be off. As spaces, lines stay true.
    """
    diagnostics: list[Diagnostic] = []
    for line0, line in enumerate(text.split("\n")):
        for match in _CONTROL.finditer(line):
            diagnostics.append(
                error(
                    positions.at(line0, match.start()),
                    f"the line holds an invisible control character (U+{ord(match.group()):04X})",
                    "delete it: retype the end of this line (it often comes from pasting)",
                )
            )
    return _YAML_ONLY_BREAKS.sub(" ", text), diagnostics


def _check_events(text: str, positions: Positions) -> list[Diagnostic]:
    depth = 0
    for event in yaml.parse(text, Loader=LOADER):
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            return [
                _alias_diagnostic(
                    positions.at(mark.line, mark.column) if mark else positions.at(0, 0)
                )
            ]
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return [
                    _depth_diagnostic(
                        positions.at(mark.line, mark.column) if mark else positions.at(0, 0),
                        positions.what,
                    )
                ]
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return []


def _alias_diagnostic(span: SourceSpan) -> Diagnostic:
    return error(
        span,
        "YAML anchors and aliases ('&' and '*') are not supported",
        "write the value out in full instead of referring to it with '*'",
    )


def _depth_diagnostic(span: SourceSpan, what: str) -> Diagnostic:
    return error(
        span,
        f"{what} is nested more than {MAX_DEPTH} levels deep",
        "minutes never need this much nesting; flatten the structure",
    )


def _too_deep_bracket(text: str) -> tuple[int, int] | None:
    """(line, column), 0-based, of the first '[' or '{' nested more than MAX_DEPTH deep in flow
    style, skipping quoted text and comments; None if there is none."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None  # too few to nest that deep: no need to look at each character
    depth, quote = 0, ""
    for line0, line in enumerate(text.split("\n")):
        for column0, character in enumerate(line):
            if quote:
                quote = "" if character == quote else quote
            elif character in "'\"":
                quote = character
            elif character == "#" and (column0 == 0 or line[column0 - 1] in " \t"):
                break
            elif character in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return line0, column0
            elif character in "]}":
                depth = max(0, depth - 1)
    return None


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, text: str, positions: Positions) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return error(SourceSpan(positions.path, positions.first_line), f"{exc}")
    lines = text.split("\n")
    line0, column0 = mark.line, mark.column
    if line0 >= len(lines):  # the end of a text without a final line break: its last line
        line0, column0 = len(lines) - 1, len(lines[-1])
    span = positions.at(line0, column0)
    line = lines[line0]
    problem = exc.problem or str(exc)
    if line[: column0 + 1].strip(" ").startswith("\t") or "\t" in line[: column0 + 1]:
        # libyaml words a tab in many ways ("cannot start any token"…); say what it is.
        tab = line.index("\t")
        return error(
            positions.at(line0, tab),
            "a tab character is used for indentation",
            "indent with spaces instead of tabs",
        )
    if "nesting depth" in problem:  # newer libyaml builds stop at their own limit
        return _depth_diagnostic(span, positions.what)
    if "expected <document start>" in problem:
        return error(
            span,
            "the first field is indented, or a line is indented less than the first one",
            "start every top-level field at the beginning of its line, with no spaces before it",
        )
    for needle, message, fix in PLAIN_PROBLEMS:
        if needle in problem:
            return error(span, message, fix)
    return error(span, f"{positions.what} is not valid YAML: {problem}", _generic_fix(problem))


def _generic_fix(problem: str) -> str:
    if "expected <block end>" in problem or "expected ',' or" in problem:
        return "check the indentation and the brackets on this line and the one before"
    return "check this line: values with ':', '#', '*', '&', '!' or quotes are safest in quotes"


def check_tree(root: Node, positions: Positions) -> list[Diagnostic]:
    """Refuse what clerks never need and attackers love: aliases, custom tags, deep nesting."""
    diagnostics: list[Diagnostic] = []
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            diagnostics.append(_alias_diagnostic(positions.span(node)))
            return diagnostics  # one is enough: an alias bomb would repeat this forever
        seen.add(id(node))
        if depth > MAX_DEPTH:
            diagnostics.append(_depth_diagnostic(positions.span(node), positions.what))
            return diagnostics
        if node.tag not in STANDARD_TAGS and not _is_plain_tag(node):
            diagnostics.append(
                error(
                    positions.span(node),
                    f"the YAML tag '{node.tag}' is not allowed",
                    "remove the '!' tag; write plain text, lists and fields only",
                )
            )
        for child in children(node):
            stack.append((child, depth + 1))
    return diagnostics


def _is_plain_tag(node: Node) -> bool:
    # A non-specific '!' tag on a scalar resolves to str: harmless.
    return node.tag in ("!", "tag:yaml.org,2002:str")


def children(node: Node) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, SequenceNode):
        yield from node.value


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG


def is_blank(node: Node) -> bool:
    """Nothing written: an empty value, or only quotes or spaces (`organisation: ""`)."""
    return is_null(node) or (isinstance(node, ScalarNode) and not scalar_text(node))


def scalar_text(node: ScalarNode) -> str:
    """The value as the clerk typed it (without quotes), whitespace-trimmed."""
    return str(node.value).strip()


@dataclass(frozen=True, slots=True)
class Pair:
    key: str
    key_node: ScalarNode
    value: Node


def mapping_pairs(
    node: MappingNode, positions: Positions, where: str = ""
) -> tuple[list[Pair], list[Diagnostic]]:
    """The key/value pairs in order; a key given twice is reported, and the first one kept."""
    pairs: list[Pair] = []
    diagnostics: list[Diagnostic] = []
    first_seen: dict[str, ScalarNode] = {}
    for key_node, value in node.value:
        if not isinstance(key_node, ScalarNode):
            diagnostics.append(
                error(
                    positions.span(key_node),
                    f"a field name{_in(where)} must be a plain word",
                    "write field names as 'name: value'",
                )
            )
            continue
        key = scalar_text(key_node)
        if key in first_seen:
            first_line = positions.span(first_seen[key]).line
            diagnostics.append(
                error(
                    positions.span(key_node),
                    f"'{key}'{_in(where)} is given twice (first on line {first_line})",
                    f"keep one '{key}' and delete the other",
                    field=_join(where, key),
                )
            )
            continue
        first_seen[key] = key_node
        pairs.append(Pair(key, key_node, value))
    return pairs, diagnostics


def _in(where: str) -> str:
    return f" in {where}" if where else ""


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def shape_name(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a set of fields"
    if isinstance(node, SequenceNode):
        return "a list"
    return "a single value"


def plain_value(node: Node) -> object:
    """A node as plain Python data (texts as typed), for the free-form `extra` field."""
    if isinstance(node, MappingNode):
        return {
            scalar_text(k) if isinstance(k, ScalarNode) else str(k): plain_value(v)
            for k, v in node.value
        }
    if isinstance(node, SequenceNode):
        return [plain_value(child) for child in node.value]
    assert isinstance(node, ScalarNode)
    return None if is_null(node) else scalar_text(node)


def yaml_text(value: str) -> str:
    """A value as it can be written after 'field: ': plain when YAML reads it back unchanged
    (a meeting file's text written by `new` and `import`)."""
    try:
        if yaml.safe_load(f"field: {value}") == {"field": value} and value == value.strip():
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def person_lines(
    name: str, organisation: str | None, role: str | None, *, is_chair: bool
) -> list[str]:
    """One person of `present:` as a meeting file writes it: a plain name, or a mapping."""
    details = [
        ("organisation", organisation),
        ("role", role),
        ("chair", "true" if is_chair else None),
    ]
    written = [(key, value) for key, value in details if value]
    if not written:
        return [f"  - {yaml_text(name)}"]
    return [
        f"  - name: {yaml_text(name)}",
        *(f"    {key}: {value if key == 'chair' else yaml_text(value)}" for key, value in written),
    ]
