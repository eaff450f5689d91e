"""What an editor receives, read into blocks: plain text and Markdown (Word is in word.py).

A source becomes a list of :class:`Block` — a paragraph or headline line of text
with its inline markup (``**…**``), or a picture — and notes for the report.
Nothing here decides what is a story: plain text marks no headlines, so
:mod:`bulletin_press.editing.stories` finds them; Markdown and Word mark them.
Text is normalised on the way in: line breaks of every kind, invisible
characters removed, other spaces made plain, paragraph indents stripped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_press.diagnostics import Location
from bulletin_press.manuscript.files import Limits, Refused, read_confined
from bulletin_press.clreq.chars import CONTROL_CHARACTERS
from bulletin_press.text.paragraphs import join_lines
from bulletin_press.text.source import SourceLine


class NotImported(Exception):
    """The source cannot be imported; the message says why, for the editor."""


@dataclass
class Picture:
    data: bytes  # PNG or JPEG, decoded whole
    extension: str  # ".png" or ".jpg"
    description: str  # the alt text the document gives, or ""
    origin: str  # where it was in the source, for the report
    caption: str = ""


@dataclass
class Block:
    text: str = ""  # with inline markup
    level: int = 0  # 0 a paragraph; 1, 2 a headline line the source marks as one
    title: bool = False  # the source marks it as the title
    centred: bool = False
    caption: bool = False  # the source marks it as a caption
    picture: Picture | None = None


@dataclass
class Source:
    kind: str  # "plain text", "Markdown", "Word document"
    blocks: list[Block]
    encoding: str | None = None  # of a text file, as assumed
    notes: list[str] = field(default_factory=list)  # what was left out, and why
    invisible: int = 0  # invisible characters removed

    @property
    def marks_headlines(self) -> bool:
        return any(block.level for block in self.blocks)

    def find_title(self) -> None:
        """One top-level heading, before second-level ones, is the issue's title."""
        headings = [block for block in self.blocks if block.level]
        levels = [block.level for block in headings]
        if levels.count(1) == 1 and levels[0] == 1 and 2 in levels:
            headings[0].level, headings[0].title = 0, True


TEXT_SUFFIXES = {".txt": "plain text", ".text": "plain text", ".md": "Markdown",
                 ".markdown": "Markdown"}

# Zero-width characters and the byte-order mark come with text pasted from web pages and
# chat programs; the fonts lack them, and they print nothing.
_INVISIBLE = re.compile(f"[\u200b-\u200d\u2060\ufeff\u00ad{CONTROL_CHARACTERS}]")
_SPACES = re.compile("[\t\u00a0\u2000-\u200a\u202f\u205f]")
# Decodings that land outside Chinese text: private-use characters, kana, bopomofo, box
# drawing, and the replacement character — signs that the bytes were read wrong.
_UNLIKELY = re.compile("[\ue000-\uf8ff\u3040-\u30ff\u3100-\u312f\u2500-\u257f\ufffd]")
_BINARY_SIGNATURES = {b"PK\x03\x04": "a zip archive (a Word file is imported as .docx)",
                      b"%PDF": "a PDF file", b"\x89PNG": "a PNG picture",
                      b"\xff\xd8\xff": "a JPEG picture",
                      b"\xd0\xcf\x11\xe0": "an old Word file (.doc): save it as .docx"}


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of the file named on the command line, and of nothing else."""
    if not path.exists() and not path.is_symlink():
        raise NotImported("no such file")
    real = Path(path).resolve()
    try:
        return read_confined(real, real.parent, limit)
    except Refused as refusal:
        hint = " (a larger file is not a story)" if "limit" in str(refusal) else ""
        raise NotImported(f"{refusal}{hint}") from None


def decode(data: bytes) -> tuple[str, str]:
    """The text of a text file and the encoding assumed: UTF-8 (with or without a byte-order
    mark) or UTF-16 with one, else GB18030 or Big5, whichever reads as Chinese."""
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise NotImported(f"this is not text but {what}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise NotImported("this is not text: it starts like UTF-16 but is not") from None
    if b"\x00" in data:
        raise NotImported("this is not text (it holds NUL bytes: a binary file?)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 with a byte-order mark"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    readings = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        readings.append((len(_UNLIKELY.findall(text)), encoding, text))
    if not readings:
        raise NotImported("this is not text in UTF-8, GB18030 or Big5")
    unlikely, encoding, text = min(readings, key=lambda reading: reading[0])
    if unlikely > len(text) // 20:
        raise NotImported("this is not text in UTF-8, GB18030 or Big5")
    return text, {"gb18030": "GB18030", "big5": "Big5"}[encoding] + " (it is not UTF-8)"


def normalise(text: str) -> tuple[list[str], int]:
    """Lines of ``text``, stripped (a paragraph indent of ideographic spaces too), with
    invisible characters removed; and how many were removed."""
    lines, removed = [], 0
    for line in text.splitlines():  # every kind of line break, U+2028 and U+0085 too
        line, count = _INVISIBLE.subn("", line)
        removed += count
        lines.append(_SPACES.sub(" ", line).strip())
    return lines, removed


def read_text(data: bytes, kind: str) -> Source:
    text, encoding = decode(data)
    lines, removed = normalise(text)
    if not any(lines):
        raise NotImported("there is no text in this file")
    if kind == "Markdown":
        source = _markdown(lines)
    else:
        source = Source(kind, [Block(line) for line in _joined_wraps(lines)])
    source.encoding, source.invisible = encoding, removed
    return source


def read_source(path: Path, limits: Limits) -> Source:
    """The file named on the command line, read by its kind."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from bulletin_press.editing.word import read_docx

        return read_docx(read_file(path, limits.image_bytes), limits)
    if suffix not in TEXT_SUFFIXES:
        raise NotImported(f"cannot import a '{suffix or path.name}' file: give a .txt, .md or "
                          ".docx file")
    return read_text(read_file(path, limits.file_bytes), TEXT_SUFFIXES[suffix])


# Plain text ----------------------------------------------------------------------------

# A line that ends inside a sentence (on a comma or an opening bracket) was wrapped: the
# next line goes on with it.  Pasted Chinese text otherwise has a paragraph per line.
_OPEN_ENDING = re.compile("[，、“‘（《「『]$")


def _joined_wraps(lines: list[str]) -> list[str]:
    out: list[str] = []
    carry = False
    for line in lines:
        if not line:
            continue
        if carry and out:
            out[-1] = join_text([out[-1], line])
        else:
            out.append(line)
        carry = bool(_OPEN_ENDING.search(line))
    return out


def join_text(lines: list[str]) -> str:
    """Lines joined as the manuscript format joins them: no space beside Chinese."""
    here = Location(Path("."))
    return join_lines([SourceLine(line, here) for line in lines]).text


# Markdown ------------------------------------------------------------------------------

_ATX = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(=+|-+)$")
_RULE = re.compile(r"^([-*_])(\s*\1){2,}$")
_ITEM = re.compile(r"^(?:[-*+]|(\d{1,3})[.)])\s+")
_FENCE = re.compile(r"^(```|~~~)")
_PICTURE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_CODE = re.compile(r"`+([^`]+)`+")
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# '*' emphasises inside a word too (Chinese has no spaces); '_' only between words.
_EMPHASIS = re.compile(r"(?<![\\*])(\*)(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)"
                       r"|(?<![\\\w])(_)(?=\S)(.+?)(?<=\S)_(?!\w)")
# Markdown's escapes the manuscript format does not need; \* \{ \} \| \\ mean the same there.
_PLAIN_ESCAPE = re.compile(r"\\([!\"#$%&'()+,\-./:;<=>?@\[\]^_`~])")


def _markdown(lines: list[str]) -> Source:
    source = Source("Markdown", [])
    paragraph: list[str] = []

    def flush() -> None:
        text = _inlines(join_text(paragraph), source) if paragraph else ""
        if text:
            source.blocks.append(Block(text))
        paragraph.clear()

    fenced = False
    start = _front_matter_end(lines)
    for index, line in enumerate(lines[start:], start):
        if _FENCE.match(line):
            flush()
            fenced = not fenced
        elif fenced:
            if line:
                source.blocks.append(Block(line))
        elif heading := _ATX.match(line):
            flush()
            _heading(source, len(heading.group(1)), heading.group(2))
        elif paragraph and len(paragraph) == 1 and _SETEXT.match(line):
            text = paragraph.pop()
            _heading(source, 1 if line[0] == "=" else 2, text)
        elif not line or _RULE.match(line):
            flush()
        else:
            line = re.sub(r"^(>\s?)+", "", line)
            item = _ITEM.match(line)
            if item:  # a list item is a paragraph of its own; Chinese numbers with '．'
                flush()
                line = (f"{item.group(1)}．" if item.group(1) else "") + line[item.end():]
            if line:
                paragraph.append(line)
    flush()
    source.find_title()
    return source


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0] == "---" and "---" in lines[1:]:
        return lines.index("---", 1) + 1
    return 0


def _heading(source: Source, level: int, text: str) -> None:
    text = _inlines(text, source).replace("**", "")
    if level <= 2:
        source.blocks.append(Block(text, level=level))
    elif text:  # a subheading inside a story: a paragraph of its own, emphasised
        source.blocks.append(Block(f"**{text}**"))


def _inlines(text: str, source: Source) -> str:
    """Markdown's inline markup as the manuscript's: emphasis of any kind as ``**…**``,
    links as their text; pictures cannot be imported (they are files elsewhere)."""
    for match in _PICTURE.finditer(text):
        source.notes.append(f"picture '{match.group(2)}' ({match.group(1) or 'no description'}) "
                            "not imported: a Markdown picture is a file of its own; copy it into "
                            "images/ and add it to the story")
    text = _PICTURE.sub("", text)
    for match in _LINK.finditer(text):
        source.notes.append(f"link '{match.group(2)}' kept as its text '{match.group(1)}' only")
    text = _LINK.sub(r"\1", _AUTOLINK.sub(r"\1", text))
    text = _CODE.sub(r"\1", _TAG.sub("", text))
    for pattern in (_STRONG, _EMPHASIS):  # marked with NUL, which no text holds, until done
        text = pattern.sub(lambda match: f"\0{match.group(2) or match.group(4)}\0", text)
    return _PLAIN_ESCAPE.sub(r"\1", text).replace("\0", "**").strip()
