"""The manuscript format: every field of an issue, a story and an image, with its rules.

Each field is declared once, with the reader that checks and converts its YAML
node; the same declarations produce the JSON Schema that editors' tools use.
Readers report problems at the node's position and go on, so that one run
shows every problem of a manuscript.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import difflib
import hashlib
import io
import math
import re
import warnings
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import yaml

from bulletin_press.diagnostics import CODES, Location, Report
from bulletin_press.layouts import Layout
from bulletin_press.manuscript.files import Limits, Refused, open_picture, read_confined
from bulletin_press.manuscript.model import EDITIONS, LANGUAGES, GlossaryEntry, Image
from bulletin_press.manuscript.nodes import node_location, source_text
from bulletin_press.text.convert import QUOTE_STYLES
from bulletin_press.text.markup import MARKUP, RUBY, parse_line, parse_paragraphs
from bulletin_press.text.paragraphs import split_paragraphs
from bulletin_press.text.source import SourceLine, SourceText

_NULL = "tag:yaml.org,2002:null"
_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
IMAGE_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
_EXTENSIONS = {"PNG": ".png", "JPEG": ".jpg"}


@dataclass
class Context:
    path: Path  # the file being read
    folder: Path  # the issue folder
    report: Report
    layouts: frozenset[str]
    limits: Limits = dataclass_field(default_factory=Limits)
    layout: Layout | None = None  # the issue's, for checks that measure against its page

    def at(self, node: yaml.Node) -> Location:
        return node_location(self.path, node)

    def error(self, node: yaml.Node, message: str) -> None:
        self.report.error(self.at(node), message)


class Invalid(Exception):
    """A field's value is wrong; already reported."""


Reader = Callable[[yaml.Node, Context, str], Any]


@dataclass(frozen=True)
class Field:
    name: str
    read: Reader
    json: dict
    doc: str
    required: bool = False
    printed: bool = False  # its text is set in the layout's fonts
    nested: list["Field"] | None = None  # the fields of each item of a list of mappings


def read_mapping(node: yaml.Node, fields: list[Field], what: str, context: Context) -> dict | None:
    """Read a mapping against its declared fields; ``None`` if anything was wrong."""
    values, ok = read_fields(node, fields, what, context)
    return values if ok else None


def read_fields(node: yaml.Node, fields: list[Field], what: str,
                context: Context) -> tuple[dict, bool]:
    """The fields that could be read, and whether all of the mapping was right."""
    if not isinstance(node, yaml.MappingNode):
        context.error(node, f"{what} must be a mapping of fields ('name: value'), not {_kind(node)}")
        return {}, False
    by_name = {field.name: field for field in fields}
    values: dict[str, Any] = {}
    ok = True
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        field = by_name.get(name)  # type: ignore[arg-type]
        if field is None:
            hint = difflib.get_close_matches(str(name), by_name, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else \
                f" (the fields are: {', '.join(by_name)})"
            context.error(key, f"'{name}' is not {_field_of(what)}{suggestion}")
            ok = False
            continue
        if value.tag == _NULL:
            if field.required:
                context.error(value if value.start_mark.line == key.start_mark.line else key,
                              f"'{name}' is empty")
                ok = False
            continue
        try:
            values[name] = field.read(value, context, name)
        except Invalid:
            ok = False
    for field in fields:
        if field.required and field.name not in values and \
                not any(getattr(k, "value", None) == field.name for k, _ in node.value):
            context.report.error(context.at(node) if node.value else Location(context.path, 1, 1),
                                 f"{what} needs '{field.name}' ({field.doc})")
            ok = False
    return values, ok


def _field_of(what: str) -> str:
    return {"an issue": "an issue field", "a story": "a story field",
            "an image": "an image field"}.get(what, f"a field of {what}")


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'"


# Readers ----------------------------------------------------------------------

def scalar(node: yaml.Node, context: Context, name: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        context.error(node, f"'{name}' must be text, not {_kind(node)}")
        raise Invalid
    if node.tag == _NULL:
        context.error(node, f"'{name}' has an empty item ('{node.value or '~'}' is YAML's null)")
        raise Invalid
    value = node.value.strip()
    if not value:
        context.error(node, f"'{name}' is empty")
        raise Invalid
    return value


def _short(node: yaml.Node, context: Context, name: str, limit: int | None = None) -> None:
    """A field printed on one line (a title, a caption) is bounded: a stray paste of a whole
    text into one would run off the page."""
    value = scalar(node, context, name)
    limit = limit or context.limits.line_chars
    if len(value) > limit:
        context.error(node, f"'{name}' is {len(value)} characters long; a field printed on one "
                            f"line takes at most {limit}")
        raise Invalid


def line(node: yaml.Node, context: Context, name: str) -> str:
    """Plain text on one line (no markup): line breaks are joined as in body text."""
    _short(node, context, name)
    return " ".join(joined.text for joined in split_paragraphs(source_text(context.path, node)))


def text(node: yaml.Node, context: Context, name: str) -> tuple:
    scalar(node, context, name)
    errors = len(context.report.errors)
    paragraphs = parse_paragraphs(source_text(context.path, node), context.report)
    if len(context.report.errors) > errors:
        raise Invalid
    return paragraphs


def inline_line(node: yaml.Node, context: Context, name: str,
                markup: frozenset[str] = MARKUP) -> tuple:
    """Text with inline markup on one line (a caption)."""
    _short(node, context, name)
    errors = len(context.report.errors)
    inlines = parse_line(source_text(context.path, node), context.report, markup, name)
    if len(context.report.errors) > errors:
        raise Invalid
    return inlines


def title(node: yaml.Node, context: Context, name: str) -> tuple:
    """A line set on its own, with emphasis and ruby (the issue's title)."""
    return inline_line(node, context, name)


def names(node: yaml.Node, context: Context, name: str) -> tuple:
    """A line of names (a byline, a credit): ruby may give a name's reading; emphasis, no."""
    return inline_line(node, context, name, frozenset({RUBY}))


def plain_line(node: yaml.Node, context: Context, name: str) -> tuple:
    """A printed line without markup: the masthead name and the issue's number, which the
    running foot repeats as text, and the lines of record (publisher, copyright)."""
    return inline_line(node, context, name, frozenset())


def headline(node: yaml.Node, context: Context, name: str) -> tuple:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if not items:
        context.error(node, f"'{name}' is an empty list")
        raise Invalid
    return tuple(inline_line(item, context, name) for item in items)


def boolean(node: yaml.Node, context: Context, name: str) -> bool:
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
        context.error(node, f"'{name}' must be true or false, not {_kind(node)}")
        raise Invalid
    return node.value.lower() in ("true", "yes", "on")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def date(node: yaml.Node, context: Context, name: str) -> datetime.date:
    value = scalar(node, context, name)
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        context.error(node, f"'{name}' must be a date written YYYY-MM-DD, not '{value}'")
        raise Invalid
    year, month, day = (int(part) for part in value.split("-"))
    if not 1900 <= year <= 2999:  # EPUB dates (dcterms:modified) need four-digit years
        context.error(node, f"'{name}': {value} is not a bulletin's date: give a year from "
                            "1900 to 2999")
        raise Invalid
    try:
        return datetime.date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            reason = f"there is no month {month}"
        elif year == 0:
            reason = "there is no year 0"
        else:
            days = calendar.monthrange(year, month)[1]
            reason = f"{_MONTHS[month - 1]} {year} has {days} days"
        context.error(node, f"'{name}': {value} is not a date: {reason}")
        raise Invalid from None


def _choice(choices: tuple[str, ...]) -> Reader:
    def read(node: yaml.Node, context: Context, name: str) -> str:
        value = scalar(node, context, name)
        if value not in choices:
            context.error(node, f"'{name}' must be one of {', '.join(choices)}, not '{value}'")
            raise Invalid
        return value
    return read


def paragraph_number(node: yaml.Node, context: Context, name: str) -> int:
    """A paragraph of the story, counted from 1 (whether the story has it is checked with
    its body: :func:`check_paragraph_numbers`)."""
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:int" \
            or not node.value.isdigit() or int(node.value) < 1:
        context.error(node, f"'{name}' must be a paragraph's number, counted from 1, "
                            f"not {_kind(node) if not isinstance(node, yaml.ScalarNode) else repr(node.value)}")
        raise Invalid
    return int(node.value)


def check_paragraph_numbers(root: yaml.Node, paragraphs: int, context: Context) -> bool:
    """Every paragraph number of a story (an image's ``after``, ``quote-after``) names one
    of its ``paragraphs``; errors where one does not."""
    ok = True

    def check(node: yaml.Node, name: str) -> None:
        nonlocal ok
        if isinstance(node, yaml.ScalarNode) and node.value.isdigit() \
                and int(node.value) > paragraphs:
            context.error(node, f"'{name}': the story has {paragraphs} paragraph"
                                f"{'s' if paragraphs != 1 else ''}, not {node.value}")
            ok = False

    for key, value in getattr(root, "value", ()):
        if getattr(key, "value", None) == "quote-after":
            check(value, "quote-after")
        elif getattr(key, "value", None) == "images" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                for image_key, image_value in getattr(item, "value", ()):
                    if getattr(image_key, "value", None) == "after":
                        check(image_value, "after")
    return ok


PLACEMENTS = ("top", "bottom", "inline", "span")
WIDTHS = ("column", "half", "page")
SPANS = ("columns",)

language = _choice(LANGUAGES)
edition = _choice(EDITIONS)


def editions(node: yaml.Node, context: Context, name: str) -> tuple[str, ...]:
    codes = [edition(item, context, name) for item in _list(node, context, name, empty=False)]
    return tuple(dict.fromkeys(codes))


def layout(node: yaml.Node, context: Context, name: str) -> str:
    value = scalar(node, context, name)
    if value not in context.layouts:
        hint = difflib.get_close_matches(value, context.layouts, n=1)
        context.error(node, f"no layout '{value}'" + (f" (did you mean '{hint[0]}'?)" if hint else
                            f" (the layouts are: {', '.join(sorted(context.layouts))})"))
        raise Invalid
    return value


def stems(node: yaml.Node, context: Context, name: str) -> tuple[tuple[str, yaml.Node], ...]:
    seen: dict[str, yaml.Node] = {}
    for item in _list(node, context, name, empty=False):
        stem = scalar(item, context, name)
        if stem.endswith((".yaml", ".yml")):
            context.error(item, f"write the story's name without the file ending: "
                                f"'{stem.rsplit('.', 1)[0]}', not '{stem}'")
            raise Invalid
        if not _STEM.match(stem):
            context.error(item, f"'{stem}' is not a story name: give the file name in stories/ "
                                "without '.yaml' (letters, digits, '-', '_', '.')")
            raise Invalid
        if stem in seen:
            context.error(item, f"story '{stem}' is listed twice")
            raise Invalid
        seen[stem] = item
    return tuple(seen.items())


def url(node: yaml.Node, context: Context, name: str) -> str:
    """A web address; or a path, which the site's ``base_url`` (site.yaml) completes."""
    _short(node, context, name, context.limits.url_chars)
    value = scalar(node, context, name)
    unsafe = not value or any(c.isspace() or c in '"<>\\^`{|}' for c in value)
    if not unsafe and ":" not in value.split("/")[0] and not value.startswith("//"):
        return value  # a relative path
    return absolute_url(node, context, name)


def absolute_url(node: yaml.Node, context: Context, name: str) -> str:
    _short(node, context, name, context.limits.url_chars)
    value = scalar(node, context, name)
    try:
        parts = urlsplit(value)
    except ValueError:  # an unclosed IPv6 bracket: http://[::1
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc or \
            any(c.isspace() or c in '"<>\\^`{|}' for c in value):
        context.error(node, f"'{name}' must be a web address starting with https:// or http://, "
                            f"not '{value}'")
        raise Invalid
    return value


def glossary(node: yaml.Node, context: Context, name: str) -> tuple[GlossaryEntry, ...]:
    """``term: form`` (every other edition) or ``term: {edition: form, …}``."""
    if not isinstance(node, yaml.MappingNode):
        context.error(node, f"'{name}' must map each term to its form in the editions, "
                            f"not {_kind(node)}")
        raise Invalid
    if len(node.value) > context.limits.glossary_terms:
        context.error(node, f"the glossary has {len(node.value)} terms; the limit is "
                            f"{context.limits.glossary_terms}")
        raise Invalid
    entries, ok = [], True
    for key, value in node.value:
        try:
            term = scalar(key, context, "a glossary term")
            if len(term) > context.limits.term_chars:
                context.error(key, f"a glossary term of {len(term)} characters: terms are names, "
                                   f"places and offices, at most {context.limits.term_chars} "
                                   "characters")
                raise Invalid
            if isinstance(value, yaml.MappingNode):
                forms = tuple((_glossary_edition(k, context), _term(v, context, term))
                              for k, v in value.value)
            else:
                forms = (("*", _term(value, context, term)),)
            entries.append(GlossaryEntry(term, forms, context.at(key)))
        except Invalid:
            ok = False
    if not ok:
        raise Invalid
    return tuple(entries)


def _term(node: yaml.Node, context: Context, name: str) -> str:
    """A glossary form, as short as a term: a form cannot make a text a thousand times longer."""
    form = scalar(node, context, name)
    if len(form) > context.limits.term_chars:
        context.error(node, f"a glossary form of {len(form)} characters: forms are names, places "
                            f"and offices, at most {context.limits.term_chars} characters")
        raise Invalid
    return form


def _glossary_edition(node: yaml.Node, context: Context) -> str:
    code = scalar(node, context, "glossary")
    if code not in EDITIONS:
        context.error(node, f"a glossary form is for an edition: {', '.join(EDITIONS)}, not '{code}'")
        raise Invalid
    return code


def quotes(node: yaml.Node, context: Context, name: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(node, yaml.MappingNode):
        context.error(node, f"'{name}' must map editions to a style (curly or corner), "
                            f"not {_kind(node)}")
        raise Invalid
    styles = []
    for key, value in node.value:
        style = scalar(value, context, name)
        if style not in QUOTE_STYLES:
            context.error(value, f"quotation marks are 'curly' (“ ” ‘ ’) or 'corner' (「 」 『 』), "
                                 f"not '{style}'")
            raise Invalid
        styles.append((edition(key, context, name), style))
    return tuple(styles)


CHECK_CODES = tuple(CODES)


def check_codes(node: yaml.Node, context: Context, name: str) -> tuple[str, ...]:
    codes = []
    for item in _list(node, context, name):
        code = scalar(item, context, name)
        if code not in CHECK_CODES:
            hint = difflib.get_close_matches(code, CHECK_CODES, n=1)
            context.error(item, f"no check '{code}'" + (f" (did you mean '{hint[0]}'?)" if hint
                                else f" (the checks are: {', '.join(CHECK_CODES)})"))
            raise Invalid
        codes.append(code)
    return tuple(codes)


def check_settings(node: yaml.Node, context: Context, name: str) -> dict:
    fields = read_mapping(node, CHECK_FIELDS, "'check'", context)
    if fields is None:
        raise Invalid
    return fields


def conversion(node: yaml.Node, context: Context, name: str) -> dict:
    fields = read_mapping(node, CONVERSION_FIELDS, "'conversion'", context)
    if fields is None:
        raise Invalid
    return fields


def images(node: yaml.Node, context: Context, name: str) -> tuple[Image, ...]:
    result, ok = [], True
    for item in _list(node, context, name):
        fields = read_mapping(item, IMAGE_FIELDS, "an image", context)
        if fields is None:
            ok = False
            continue
        source = fields.pop("src")
        if "after" in fields and fields.setdefault("placement", "inline") != "inline":
            context.error(_value_of(item, "after"), f"'after' places an inline picture, and this "
                                                    f"one's placement is {fields['placement']}")
            ok = False
            continue
        image = Image(**source, **fields, origin=context.at(_value_of(item, "src")))
        if context.layout is not None:
            _check_resolution(_value_of(item, "src"), image, context.layout, context)
        result.append(image)
    if not ok:
        raise Invalid
    return tuple(result)


def image_source(node: yaml.Node, context: Context, name: str) -> dict:
    """The picture's bytes, read once from inside the issue folder and fully decoded, and the
    name outputs give it (from its content, never from the path as written)."""
    href = scalar(node, context, name)
    kind = IMAGE_TYPES.get(Path(href).suffix.lower())
    if "://" in href or href.startswith(("/", "\\")) or ".." in Path(href).parts:
        context.error(node, f"'{href}': an image must be a file inside the issue folder, "
                            "given relative to it (e.g. images/photo.jpg)")
        raise Invalid
    if kind is None:
        context.error(node, f"'{href}': images must be PNG or JPEG files (.png, .jpg, .jpeg)")
        raise Invalid
    try:
        data = read_confined(context.folder / href, context.folder, context.limits.image_bytes)
    except Refused as refusal:
        hint = _did_you_mean(context.folder, href) if "no such file" in str(refusal) else ""
        context.error(node, f"'{href}': {refusal}{hint}")
        raise Invalid from None
    problem = _decode_problem(data, kind, context.limits.image_pixels)
    if problem:
        context.error(node, f"'{href}': {problem}")
        raise Invalid
    digest = hashlib.sha256(data).hexdigest()[:20]
    return {"data": data, "name": digest + _EXTENSIONS[kind], "href": href}


_EXIF_ORIENTATION, _TURNED = 0x0112, {5, 6, 7, 8}  # a quarter turn: width and height swap


def _value_of(mapping: yaml.Node, name: str) -> yaml.Node:
    return next(value for key, value in mapping.value if getattr(key, "value", None) == name)


def _check_resolution(node: yaml.Node, image: Image, layout: Layout, context: Context) -> None:
    """A picture prints as wide as the layout sets it (its ``width``); too few pixels for
    that print soft."""
    problem = resolution_problem(image, layout)
    if problem:
        context.report.warning(context.at(node), problem, "image-resolution")


def resolution_problem(image: Image, layout: Layout, setting: str = "min-ppi") -> str | None:
    """What is wrong with a picture's pixels for the width it prints at, against the layout's
    ``print: picture:`` ``min-ppi`` (any print) or ``press-ppi`` (the print shop), or None."""
    printed = layout.picture_width(image.span)
    needed = (layout.settings.get("print", {}).get("picture") or {}).get(setting)
    if not printed or not needed:
        return None
    with open_picture(image.data) as picture:
        width, height = picture.size
        if picture.getexif().get(_EXIF_ORIENTATION) in _TURNED:
            width = height
    ppi = width / (printed / 72)
    if ppi >= needed:
        return None
    purpose = "print" if setting == "min-ppi" else "the print shop (--profile press)"
    return (f"'{image.href}' is {width} pixels wide and prints {printed / 72 * 2.54:.1f} cm wide "
            f"in layout '{layout.name}': {int(ppi)} ppi, and {purpose} needs {needed} (a picture "
            f"at least {math.ceil(needed * printed / 72)} pixels wide)")


def _did_you_mean(folder: Path, href: str) -> str:
    """A file whose name is close to the one ``href`` names, in the same folder, as a hint."""
    written = PurePosixPath(href)
    try:
        names = [child.name for child in (folder / written.parent).iterdir()]
    except OSError:
        return ""
    hint = difflib.get_close_matches(written.name, names, n=1)
    return f" (did you mean '{written.parent / hint[0]}'?)" if hint else ""


def _decode_problem(data: bytes, kind: str, max_pixels: int) -> str | None:
    """What keeps the picture from being printed: not the format its name says, too many
    pixels, or damaged data anywhere in the file (decoded whole, not just its header)."""
    from PIL import Image as PILImage

    too_many = f"more pixels than the limit of {max_pixels:,}: scale the picture down"
    try:
        with warnings.catch_warnings():
            # the size is checked below, against our own limit, before anything is decoded
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with open_picture(data) as picture:
                # a camera's multi-picture JPEG (MPO) is a JPEG with more after it
                if picture.format != kind and not (kind == "JPEG" and picture.format == "MPO"):
                    return f"not a {kind} image"
                width, height = picture.size
                if width * height > max_pixels:
                    return f"{width} × {height} pixels, " + too_many
                picture.verify()
            with open_picture(data) as picture:
                picture.load()
    except PILImage.DecompressionBombError:
        return too_many
    # Pillow reports damaged files through many exception types (OSError, SyntaxError,
    # ValueError, struct.error, …); any of them means the same here.
    except Exception:  # noqa: BLE001
        return f"not a readable {kind} image (the file is damaged or not a picture)"
    return None


def _list(node: yaml.Node, context: Context, name: str, empty: bool = True) -> list[yaml.Node]:
    if not isinstance(node, yaml.SequenceNode):
        context.error(node, f"'{name}' must be a list, not {_kind(node)}")
        raise Invalid
    if not node.value and not empty:
        context.error(node, f"'{name}' is an empty list")
        raise Invalid
    return node.value


# The format -------------------------------------------------------------------

_STRING = {"type": "string"}
_STRINGS = {"type": "array", "items": _STRING}

ISSUE_FIELDS = [
    Field("title", title, _STRING, "the issue's title", required=True, printed=True),
    Field("publication", plain_line, _STRING, "the masthead name of the bulletin, without "
          "emphasis or ruby", required=True, printed=True),
    Field("number", plain_line, _STRING, "free text, e.g. 2022年第12期; no emphasis or ruby",
          printed=True),
    Field("date", date, {"type": "string", "format": "date"}, "publication date, YYYY-MM-DD",
          required=True),
    Field("publisher", plain_line, _STRING, "who publishes the bulletin; no emphasis or ruby",
          printed=True),
    Field("language", language, {"enum": list(LANGUAGES)}, "the script the manuscript is written "
          "in: zh-Hans or zh-Hant", required=True),
    Field("editions", editions, {"type": "array", "items": {"enum": list(EDITIONS)}},
          "the editions to produce; default: the manuscript's language"),
    Field("layout", layout, _STRING, "the layout folder under layouts/; default newsletter"),
    Field("lead", text, _STRING, "the lead paragraph(s) under the masthead", printed=True),
    Field("stories", stems, _STRINGS, "story file names in order; default all stories/*.yaml"),
    Field("url", url, {"type": "string", "format": "uri-reference"},
          "the online edition, printed as a QR code: a web address, or a path under the "
          "base_url of site.yaml (without url: the issue's web edition there)",
          printed=True),
    Field("rights", plain_line, _STRING, "the copyright line; no emphasis or ruby", printed=True),
    Field("vertical", boolean, {"type": "boolean"}, "set the EPUB of the Traditional editions "
          "vertically, top to bottom and right to left; default false"),
    Field("glossary", glossary, {"type": "object", "additionalProperties": {"oneOf": [
        _STRING, {"type": "object", "propertyNames": {"enum": list(EDITIONS)},
                  "additionalProperties": _STRING}]}},
          "terms (names, places, offices) and their form in each edition, kept from the converter"),
    Field("conversion", conversion, {"type": "object", "properties": {
        "phrases": {"type": "boolean"}}, "additionalProperties": False},
          "phrases: true also converts vocabulary for Taiwan (软件→軟體)"),
    Field("quotes", quotes, {"type": "object", "propertyNames": {"enum": list(EDITIONS)},
                             "additionalProperties": {"enum": list(QUOTE_STYLES)}},
          "quotation marks per edition: curly (“ ”) or corner (「 」); default curly for zh-Hans, "
          "corner for the Traditional editions"),
    Field("check", check_settings, {"type": "object", "properties": {"ignore": {
        "type": "array", "items": {"enum": list(CHECK_CODES)}}}, "additionalProperties": False},
          "ignore: the warnings (by code) not to report for this issue"),
]

CHECK_FIELDS = [
    Field("ignore", check_codes, {"type": "array", "items": {"enum": list(CHECK_CODES)}},
          "the codes of the warnings not to report for this issue (docs/checks.md)"),
]

CONVERSION_FIELDS = [
    Field("phrases", boolean, {"type": "boolean"}, "convert vocabulary too (s2twp, tw2sp)"),
]

IMAGE_FIELDS = [
    Field("src", image_source, _STRING, "the picture file, relative to the issue folder",
          required=True),
    Field("alt", line, _STRING, "what the picture shows, for readers who cannot see it",
          required=True),
    Field("caption", inline_line, _STRING, "the caption printed under it", printed=True),
    Field("credit", names, _STRING, "the photographer or source, kept on one line; ruby "
          "({base|annotation}) but no emphasis", printed=True),
    Field("placement", _choice(PLACEMENTS), {"enum": list(PLACEMENTS)},
          "where it stands: top (above the headline), bottom (after the text; the default), "
          "inline (after the paragraph 'after', else the middle one), span (across the "
          "columns, above the story)"),
    Field("width", _choice(WIDTHS), {"enum": list(WIDTHS)},
          "how wide: column (the default), half (half a column, the text beside it), page "
          "(the text's whole width, across the columns)"),
    Field("after", paragraph_number, {"type": "integer", "minimum": 1},
          "the paragraph (from 1) an inline picture follows"),
]

STORY_FIELDS = [
    Field("headline", headline, {"oneOf": [_STRING, _STRINGS]},
          "one line of text, or a list of lines", required=True, printed=True),
    Field("byline", names, _STRING, "the author or reporter; ruby ({base|annotation}) but no "
          "emphasis", printed=True),
    Field("body", text, _STRING, "the story's text; paragraphs separated by blank lines",
          required=True, printed=True),
    Field("images", images, {"type": "array", "items": {"$ref": "#/$defs/image"}},
          "pictures: src, alt, caption, credit", nested=IMAGE_FIELDS),
    Field("quote", text, _STRING, "a pull quote, set large among the story's text",
          printed=True),
    Field("quote-after", paragraph_number, {"type": "integer", "minimum": 1},
          "the paragraph (from 1) the pull quote follows; default the middle one"),
    Field("span", _choice(SPANS), {"enum": list(SPANS)},
          "columns: the headline stands across the columns, above the story's text"),
]


def printed_texts(node: yaml.Node, fields: list[Field],
                  context: Context) -> Iterator[tuple[Field, SourceText]]:
    """Every printed text value in a mapping (a headline line, a body), with its field."""
    if not isinstance(node, yaml.MappingNode):
        return
    by_name = {field.name: field for field in fields}
    for key, value in node.value:
        field = by_name.get(getattr(key, "value", None))
        if field is None or not (field.printed or field.nested):
            continue
        for item in value.value if isinstance(value, yaml.SequenceNode) else [value]:
            if field.nested:
                yield from printed_texts(item, field.nested, context)
            elif isinstance(item, yaml.ScalarNode) and item.tag != "tag:yaml.org,2002:null":
                # a title, a headline, a byline: set on a line of its own
                display = field.read in (headline, title, names, plain_line)
                text = source_text(context.path, item)
                yield field, dataclasses.replace(text, lines=tuple(
                    dataclasses.replace(source, display=display, field=field.name)
                    for source in text.lines))


def json_schema(kind: str) -> dict:
    """JSON Schema of ``issue.yaml`` (kind "issue"), of a story file ("story") or of
    ``site.yaml`` ("site")."""
    from bulletin_press.manuscript.site import SITE_FIELDS

    def mapping(fields: list[Field]) -> dict:
        return {"type": "object", "additionalProperties": False,
                "required": [f.name for f in fields if f.required],
                "properties": {f.name: {**f.json, "description": f.doc} for f in fields}}
    fields = {"issue": ISSUE_FIELDS, "story": STORY_FIELDS, "site": SITE_FIELDS}[kind]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"bulletin-press {kind}",
        **mapping(fields),
        **({"$defs": {"image": mapping(IMAGE_FIELDS)}} if kind != "site" else {}),
    }
