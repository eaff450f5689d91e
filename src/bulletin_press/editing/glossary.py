"""Adding a term to a glossary file: issue.yaml's ``glossary:``, or the shared glossary.yaml.

The file is edited as text, so that all else in it — comments, the order of keys, quoting,
blank lines, line endings — stays byte for byte: the entry is one line after the glossary's
last term (or one more item in a ``{…}`` mapping), and a missing ``glossary:`` is added at the
end of issue.yaml.  The new file is written beside the old one and read back with the
loader's own reader before it takes the old one's place in one rename; a file that would not
read, or would not give the term its forms, is never put in place.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from bulletin_press.diagnostics import Location, Report
from bulletin_press.manuscript import schema
from bulletin_press.manuscript.files import Limits, replace_file
from bulletin_press.manuscript.load import parse_yaml
from bulletin_press.manuscript.model import EDITIONS, LANGUAGES, GlossaryEntry

_NULL = "tag:yaml.org,2002:null"


class GlossaryError(Exception):
    """Why the term was not added, in the editor's words."""


@dataclass(frozen=True)
class Added:
    location: Location  # of the entry
    entry: str  # as written in the file
    already: bool = False  # the glossary had the term with these forms: nothing was written


def add_term(path: Path, term: str, forms: dict[str, str], shared: bool,
             limits: Limits = Limits()) -> Added:
    """Add ``term`` with its ``forms`` (edition → form) to the glossary in ``path``: the shared
    glossary.yaml when ``shared``, else an issue.yaml.  Raises :class:`GlossaryError`."""
    if not forms:
        raise GlossaryError("give the term's form in at least one edition "
                            "(--zh-Hant, --zh-Hant-HK or --zh-Hans)")
    if not path.exists() and not shared:
        raise GlossaryError("no such file: give an issue folder or its issue.yaml")
    original = path.read_bytes() if path.exists() else b""
    try:
        written = original.decode("utf-8")
    except UnicodeDecodeError:
        raise GlossaryError("the file is not UTF-8 text") from None
    text = written.replace("\r\n", "\n")
    root = _parse(path, text, limits)
    language = None
    if shared:
        node = root
    else:
        if not isinstance(root, yaml.MappingNode):
            raise GlossaryError("issue.yaml is not a mapping of fields")
        language = _value_of(root, "language")
        if language in forms:
            raise GlossaryError(f"the issue is written in {language}: its own edition prints "
                                f"the term as written, so it takes no --{language} form")
        node = _value_of_node(root, "glossary")
    entries = _entries(path, node, limits)
    value, new_forms, own = _value(forms, language, shared)
    new = GlossaryEntry(term, new_forms)
    editions = [e for e in EDITIONS if e != own]  # the term's own edition prints it as written
    for entry in entries:
        if entry.term == term:
            if all(entry.form(e) == new.form(e) for e in editions):
                line = _line(path, text, entry)
                return Added(entry.origin or Location(path), line, already=True)
            given = ", ".join(f"{e}: {entry.form(e)}" for e in editions)
            raise GlossaryError(f"'{term}' is already in the glossary at {entry.origin} with "
                                f"other forms ({given}): change that entry by hand")
    entry_text = f"{_scalar(term)}: {value}"
    position, inserted = _insertion(text, root, node, entry_text, shared)
    changed = text[:position] + inserted + text[position:]
    if "\r\n" in written:
        position = _written_offset(written, position)
        inserted = inserted.replace("\n", "\r\n")
    new_text = written[:position] + inserted + written[position:]
    location = _check(path, changed, term, new, editions, shared, limits, len(entries))
    replace_file(path, new_text.encode("utf-8"))
    return Added(location, entry_text)


def _parse(path: Path, text: str, limits: Limits) -> yaml.Node | None:
    report = Report()
    root = parse_yaml(path, text, report, limits)
    if not report.ok:
        raise GlossaryError("the file does not read: fix it first (bulletin-press check): "
                            + "; ".join(str(d) for d in report.errors))
    return root


def _value_of_node(root: yaml.MappingNode, name: str) -> yaml.Node | None:
    return next((value for key, value in root.value if getattr(key, "value", None) == name),
                None)


def _value_of(root: yaml.MappingNode, name: str) -> str | None:
    value = _value_of_node(root, name)
    return value.value if isinstance(value, yaml.ScalarNode) and value.value in LANGUAGES else None


def _entries(path: Path, node: yaml.Node | None, limits: Limits) -> tuple[GlossaryEntry, ...]:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
        return ()
    if not isinstance(node, yaml.MappingNode):
        raise GlossaryError("the glossary is not a mapping of terms to their forms: fix it first")
    report = Report()
    context = schema.Context(path, path.parent, report, frozenset(), limits)
    try:
        return schema.glossary(node, context, "glossary")
    except schema.Invalid:
        raise GlossaryError("the glossary has errors: fix them first: "
                            + "; ".join(str(d) for d in report.errors)) from None


def _value(forms: dict[str, str], language: str | None,
           shared: bool) -> tuple[str, tuple[tuple[str, str], ...], str | None]:
    """The entry's value as written, its forms as the loader reads them, and the term's own
    script: the issue's language, or in the shared glossary the one edition given no form.

    One form that stands for every edition but the term's own is written alone (``term:
    form``), else a mapping per edition (Hong Kong falls back to zh-Hant, so a zh-Hant form
    alone covers both)."""
    covered = set(forms) | ({"zh-Hant-HK"} if "zh-Hant" in forms else set())
    own = language if language or not shared else \
        next((l for l in LANGUAGES if covered == set(EDITIONS) - {l}), None)
    if len(set(forms.values())) == 1 and own and covered == set(EDITIONS) - {own}:
        form = next(iter(forms.values()))
        return _scalar(form), (("*", form),), own
    return ("{" + ", ".join(f"{e}: {_scalar(forms[e])}" for e in EDITIONS if e in forms) + "}",
            tuple((e, forms[e]) for e in EDITIONS if e in forms), own)


def _scalar(text: str) -> str:
    """``text`` as a YAML value that reads back as itself, in a block or in ``{…}``."""
    plain = text == text.strip() and text and text[0] not in "-?'\"" and \
        not any(char in text for char in ":#{}[],&*!|>%@`\\") and text.isprintable()
    if plain:
        try:
            plain = yaml.safe_load(text) == text
        except yaml.YAMLError:
            plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _insertion(text: str, root: yaml.Node | None, node: yaml.Node | None, entry: str,
               shared: bool) -> tuple[int, str]:
    """Where the entry goes in ``text`` (line feeds only), and the text to put there."""
    if node is None and shared:  # an empty glossary.yaml, or comments only
        return len(text), ("\n" if text and not text.endswith("\n") else "") + entry + "\n"
    if node is None:  # no glossary: in issue.yaml
        if root is not None and root.flow_style:
            raise GlossaryError("issue.yaml is written as one {…} mapping: add 'glossary' by hand")
        return len(text), ("\n" if text and not text.endswith("\n") else "") + \
            f"glossary:\n  {entry}\n"
    if isinstance(node, yaml.ScalarNode):  # glossary: (empty) or glossary: ~
        if node.start_mark.index == node.end_mark.index:
            return _line_end(text, node.start_mark.index), f"  {entry}\n"
        raise GlossaryError(f"the glossary is '{node.value}': replace it with the terms by hand")
    if node.flow_style:
        if not node.value:
            return node.start_mark.index + 1, entry
        return node.value[-1][1].end_mark.index, ", " + entry
    indent = node.value[0][0].start_mark.column
    last = node.value[-1][1].end_mark.index
    at = last if last and text[last - 1] == "\n" else _line_end(text, last)
    return at, ("\n" if at == len(text) and not text.endswith("\n") else "") + \
        " " * indent + entry + "\n"


def _line_end(text: str, index: int) -> int:
    """The start of the line after the one ``index`` is on."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _written_offset(written: str, index: int) -> int:
    """An offset into the text with line feeds, in the text as written with CR LF."""
    crlf, position = [], written.find("\r\n")
    while position >= 0:
        crlf.append(position - len(crlf))  # where each CR LF stands with the CRs taken out
        position = written.find("\r\n", position + 2)
    return index + bisect.bisect_left(crlf, index)


def _check(path: Path, text: str, term: str, new: GlossaryEntry, editions: list[str],
           shared: bool, limits: Limits, before: int) -> Location:
    """Read the new text as the loader will, and return the new entry's place."""
    root = _parse(path, text, limits)
    node = root if shared else _value_of_node(root, "glossary") \
        if isinstance(root, yaml.MappingNode) else None
    entries = _entries(path, node, limits)
    entry = next((e for e in entries if e.term == term), None)
    if entry is None or len(entries) != before + 1 or \
            any(entry.form(e) != new.form(e) for e in editions):
        raise GlossaryError(f"'{term}' could not be written so that it reads back as given; "
                            "the file is unchanged")
    return entry.origin or Location(path)


def _line(path: Path, text: str, entry: GlossaryEntry) -> str:
    if entry.origin is None or entry.origin.line < 1:
        return entry.term
    return text.split("\n")[entry.origin.line - 1].strip()
