"""YAML text → nodes with positions, refusing what a manuscript has no use for.

A manuscript is plain data: mappings, lists and text.  So that a small file
can never ask for much work, anchors and aliases are refused before anything
is expanded (an alias bomb of a few hundred bytes would otherwise walk billions
of nodes), nesting is bounded, tags other than the core schema's are errors
(``!!python/object`` is not silently ignored), and so are control characters,
whether typed or written as escapes (``"\\x1c"``).  Every refusal is located.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from bulletin_press.clreq.chars import CONTROL_CHARACTERS

_CORE = "tag:yaml.org,2002:"
CORE_TAGS = frozenset(_CORE + name for name in
                      ("str", "int", "float", "bool", "null", "seq", "map", "timestamp"))
# Tab and line feed are fine, in the file and as escapes in a value; a CR only
# before a LF, and those are turned into LFs before composing.
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


class Refusal(Exception):
    """What the YAML asks for that a manuscript may not; at a place in the file."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def describe(char: str) -> str:
    """U+001B (a control character), U+2028 (LINE SEPARATOR)."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')})"


class _Composer(yaml.SafeLoader):
    def __init__(self, text: str, max_depth: int):
        super().__init__(text)
        self.max_depth = max_depth
        self.depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 (PyYAML's signature)
        event = self.peek_event()
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise Refusal(mark.line + 1, mark.column + 1,
                          f"YAML aliases ('*{event.anchor}') are not allowed in manuscripts: "
                          "write the value out")
        if getattr(event, "anchor", None):
            raise Refusal(mark.line + 1, mark.column + 1,
                          f"YAML anchors ('&{event.anchor}') are not allowed in manuscripts")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in CORE_TAGS:
            raise Refusal(mark.line + 1, mark.column + 1,
                          f"the YAML tag '{tag}' is not allowed: a manuscript holds text, "
                          "lists and mappings only")
        self.depth += 1
        if self.depth > self.max_depth:
            raise Refusal(mark.line + 1, mark.column + 1,
                          f"nested more than {self.max_depth} levels deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose(text: str, max_depth: int) -> yaml.Node | None:
    """One YAML document's node tree; raises :class:`Refusal`, or PyYAML's errors for syntax."""
    text = text.replace("\r\n", "\n")
    found = _CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        col = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        raise Refusal(line, col, f"the character {describe(found.group())} cannot be "
                                 "printed: remove it (it often comes with text pasted from "
                                 "other programs)")
    loader = _Composer(text, max_depth)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is not None:
        _check_values(node)
    return node


def _check_values(node: yaml.Node) -> None:
    """Keys are names, and values hold no control characters (from escapes)."""
    if isinstance(node, yaml.ScalarNode):
        found = _CONTROL.search(node.value)
        if found:
            mark = node.start_mark
            raise Refusal(mark.line + 1, mark.column + 1,
                          f"the text holds the character {describe(found.group())}, "
                          "which cannot be printed")
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                mark = key.start_mark
                raise Refusal(mark.line + 1, mark.column + 1,
                              "a key must be a name, not a list or a mapping")
            _check_values(key)
            _check_values(value)
    else:
        for item in node.value:
            _check_values(item)


def explain(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """A YAML syntax error in the editor's words: (line, column, message)."""
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    opened = error.context_mark or mark
    line_text = text.replace("\r\n", "\n").split("\n")[mark.line] if mark else ""
    if problem.startswith("found character '\\t'"):
        message = "a tab here: YAML is indented with spaces, never tabs; type spaces instead"
    elif problem == "mapping values are not allowed here":
        if ": " in line_text[:mark.column] or line_text[:mark.column].rstrip().endswith(":"):
            message = ("a second ': ' on this line: YAML takes it for a new field. Put the whole "
                       "value in quotes (\"…\"), or write the full-width '：' in Chinese text")
        else:
            message = ("this line is indented more than the field before it: a field starts "
                       "in the same column as the fields beside it")
    elif problem.startswith("expected <block end>, but found"):
        message = ("this line does not line up with the lines before it: indent it like the "
                   "other fields, or list items, of its level")
    elif context == "while scanning a quoted scalar":
        mark = opened
        message = "this quotation mark is never closed"
    elif problem.startswith("expected ',' or ']'"):
        mark = opened
        message = "this list ('[') is never closed, or a ',' is missing between its items"
    elif problem.startswith("expected ',' or '}'"):
        mark = opened
        message = "this '{' is never closed, or a ',' is missing between its fields"
    else:
        message = f"YAML: {problem or context}"
    return (mark.line + 1, mark.column + 1, message) if mark else (0, 0, message)
