"""Word documents (.docx) read into blocks: paragraphs, headlines by style, bold, pictures.

A .docx is a zip of XML parts and pictures, and it comes from outside: before
python-docx opens it, the archive's own index is checked against limits (how
many members, how large each says it is unpacked, and all of them together), so
that a small file cannot unpack into gigabytes — zipfile never unpacks a member
beyond the size the index gives it.  python-docx parses XML without resolving
entities.  Pictures are decoded whole with Pillow, bounded in pixels; PNG and
JPEG are kept as they are, GIF, BMP and TIFF become PNG, and drawings in
Windows' metafile formats (EMF, WMF), which Pillow cannot draw, are named in
the report and left out.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile

from bulletin_press.editing.sources import Block, NotImported, Picture, Source, normalise
from bulletin_press.manuscript.files import PICTURE_FORMATS, Limits, open_picture

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_V = "{urn:schemas-microsoft-com:vml}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

MEMBERS = 10_000
# Unpacked, a document holds its text many times over in XML, and its pictures.
UNPACKED_FACTOR = 2  # all members together: at most this many times the picture limit

# Containers whose runs are part of the paragraph's text (links, tracked insertions,
# content controls, fields); deleted and moved-away text is not.
_WRAPPERS = {f"{_W}{name}" for name in ("hyperlink", "ins", "smartTag", "sdt", "sdtContent",
                                        "fldSimple", "moveTo", "customXml", "dir", "bdo")}
_HEADING = re.compile(r"^(?:heading|标题|標題)\s*(\d)$", re.IGNORECASE)
_TITLES = {"title", "标题", "標題"}
_CAPTIONS = {"caption", "题注", "題注"}
# Names Word gives a picture by itself: they describe nothing.
_GENERIC_DESCRIPTION = re.compile(r"^(?:图片|圖片|图像|圖像|picture|image|graphic|img)\s*\d*$"
                                  r"|\.(?:png|jpe?g|gif|bmp|tiff?|emf|wmf)$", re.IGNORECASE)
_FALSE = {"0", "false", "off"}


def check_archive(data: bytes, limits: Limits) -> None:
    """Refuse an archive that would unpack into more than the limits allow."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise NotImported("this is not a Word document (.docx): it is not a zip archive") \
            from None
    members = archive.infolist()
    if len(members) > MEMBERS:
        raise NotImported(f"the archive has {len(members):,} members; a Word document has a "
                          f"few dozen (refused above {MEMBERS:,})")
    total = sum(member.file_size for member in members)
    bound = UNPACKED_FACTOR * limits.image_bytes
    if total > bound:
        raise NotImported(f"the archive says it unpacks into {total:,} bytes, more than the "
                          f"limit of {bound:,}: refused as a possible zip bomb")
    if "[Content_Types].xml" not in archive.namelist():  # every Office Open XML file has it
        raise NotImported("this is a zip archive but not a Word document (.docx)")


def read_docx(data: bytes, limits: Limits) -> Source:
    check_archive(data, limits)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise NotImported(f"this is not a Word document python-docx can read ({error})") \
            from None
    except Exception as error:  # noqa: BLE001  lxml and zipfile fail in many ways on damage
        raise NotImported(f"the Word document is damaged ({type(error).__name__}: {error})") \
            from None
    reader = _Reader(document, limits)
    reader.body(document.element.body)
    if not any(block.title for block in reader.source.blocks):
        reader.source.find_title()
    return reader.source


class _Reader:
    def __init__(self, document, limits: Limits):  # noqa: ANN001 (python-docx's Document)
        self.document = document
        self.limits = limits
        self.source = Source("Word document", [])
        self.pictures = 0
        self.styles: dict = {}
        self.paragraphs = 0

    def body(self, element) -> None:  # noqa: ANN001
        for child in element:
            if child.tag == f"{_W}p":
                self.paragraphs += 1
                if self.paragraphs > MAX_PARAGRAPHS:
                    raise NotImported(f"more than {MAX_PARAGRAPHS:,} paragraphs: more than an "
                                      "issue of a bulletin holds; import the document in parts")
                self.paragraph(child)
            elif child.tag == f"{_W}tbl":
                rows = len(child.findall(f"{_W}tr"))
                self.source.notes.append(f"a table of {rows} row(s) not imported: add what it "
                                         "says to the story by hand")
            elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
                self.body(child)

    def paragraph(self, p) -> None:  # noqa: ANN001
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.text.paragraph import Paragraph

        paragraph = Paragraph(p, self.document)
        paragraph_style = self._style(p.style, paragraph)
        level, title = self._level(p, paragraph_style)
        style = (paragraph_style.name if paragraph_style is not None else "") or ""
        caption = style.strip().lower() in _CAPTIONS
        alignment = paragraph.alignment
        if alignment is None and paragraph_style is not None:
            alignment = paragraph_style.paragraph_format.alignment
        centred = alignment == WD_ALIGN_PARAGRAPH.CENTER
        segments: list[tuple[str, bool]] = []
        for item in self._items(p, paragraph):
            if isinstance(item, Picture):
                self._text(segments, level, title, centred, caption)
                segments = []
                self.source.blocks.append(Block(picture=item))
            else:
                segments.append(item)
        self._text(segments, level, title, centred, caption)

    def _style(self, style_id, item):  # noqa: ANN001, ANN202
        """A paragraph's or run's style, looked up once per style: python-docx searches the
        styles part on every ``.style`` (milliseconds, for every paragraph)."""
        key = (type(item).__name__, style_id)
        if key not in self.styles:
            self.styles[key] = item.style
        return self.styles[key]

    def _level(self, p, style) -> tuple[int, bool]:  # noqa: ANN001
        """The headline level a paragraph's style gives it (0: body text), and whether it
        is the document's title."""
        name = (style.name if style is not None else "") or ""
        if name.strip().lower() in _TITLES:
            return 1, True
        if name.strip().lower() == "subtitle":
            return 2, False
        heading = _HEADING.match(name.strip())
        if heading:
            return int(heading.group(1)), False
        outline = p.find(f"{_W}pPr/{_W}outlineLvl")
        value = outline.get(f"{_W}val", "") if outline is not None else ""
        if value.isdigit() and int(value) < 9:  # level 9 is Word's "body text"
            return int(value) + 1, False
        return 0, False

    def _items(self, element, paragraph):  # noqa: ANN001
        """The paragraph's text, as (text, bold) pieces, and its pictures, in order."""
        from docx.text.run import Run

        for child in element:
            if child.tag == f"{_W}r":
                run = Run(child, paragraph)
                bold = run.bold
                run_style = self._style(child.style, run) if bold is None else None
                if run_style is not None and run_style.font.bold is not None:
                    bold = run_style.font.bold
                for part in child:
                    tag = part.tag
                    if tag == f"{_W}t":
                        yield (part.text or "", bool(bold))
                    elif tag in (f"{_W}tab", f"{_W}ptab"):
                        yield (" ", False)
                    elif tag == f"{_W}br" and part.get(f"{_W}type") not in ("page", "column") \
                            or tag == f"{_W}cr":
                        yield ("\n", False)
                    elif tag == f"{_W}noBreakHyphen":
                        yield ("-", bool(bold))
                    elif tag in (f"{_W}drawing", f"{_W}pict", f"{_MC}AlternateContent"):
                        yield from self._pictures(part)
            elif child.tag in _WRAPPERS:
                yield from self._items(child, paragraph)

    def _text(self, segments: list[tuple[str, bool]], level: int, title: bool,
              centred: bool, caption: bool) -> None:
        """Blocks from the paragraph's pieces: a line break starts a new block."""
        lines: list[list[tuple[str, bool]]] = [[]]
        for text, bold in segments:
            for index, piece in enumerate(text.split("\n")):
                if index:
                    lines.append([])
                lines[-1].append((piece, bold))
        for line in lines:
            text = _marked(line)
            normalised, removed = normalise(text)
            self.source.invisible += removed
            text = " ".join(part for part in normalised if part)
            if level and text:
                text = text.replace("**", "")  # a headline is bold anyway
            if text:
                self.source.blocks.append(Block(text, level=level if level <= 2 else 0,
                                                title=title, centred=centred, caption=caption))
                if level > 2:  # a subheading inside a story: a paragraph, emphasised
                    self.source.blocks[-1].text = f"**{text}**"

    def _pictures(self, element):  # noqa: ANN001
        if element.tag == f"{_MC}AlternateContent":
            # the same picture twice: a modern drawing and a fallback for older readers
            choice = element.find(f"{_MC}Choice")
            found = list(self._pictures_in(choice)) if choice is not None else []
            if not found:
                fallback = element.find(f"{_MC}Fallback")
                found = list(self._pictures_in(fallback)) if fallback is not None else []
            yield from found
        else:
            yield from self._pictures_in(element)

    def _pictures_in(self, element):  # noqa: ANN001
        if element.find(f".//{_W}txbxContent") is not None:
            self.source.notes.append("a text box not imported: add what it says to the story "
                                     "by hand")
        for frame in element.iter(f"{_WP}inline", f"{_WP}anchor"):
            properties = frame.find(f"{_WP}docPr")
            description = (properties.get("descr") or "") if properties is not None else ""
            for blip in frame.iter(f"{_A}blip"):
                yield from self._picture(blip.get(f"{_R}embed"), blip.get(f"{_R}link"),
                                         description)
        for image in element.iter(f"{_V}imagedata"):
            shape = image.getparent()
            description = (shape.get("alt") or "") if shape is not None else ""
            yield from self._picture(image.get(f"{_R}id"), None, description)

    def _picture(self, embedded: str | None, linked: str | None, description: str):
        self.pictures += 1
        where = f"picture {self.pictures}"
        if not embedded:
            if linked:
                self.source.notes.append(f"{where} not imported: it is linked to a file outside "
                                         "the document, not inside it")
            return
        part = self.document.part.related_parts.get(embedded)
        if part is None or not hasattr(part, "blob"):
            self.source.notes.append(f"{where} not imported: the document does not hold it")
            return
        name = str(getattr(part, "partname", "")).rsplit("/", 1)[-1]
        where = f"{where} ({name})" if name else where
        try:
            data, extension = picture_data(part.blob, self.limits.image_pixels)
            if len(data) > self.limits.image_bytes:
                raise NotImported(f"{len(data):,} bytes, more than a manuscript's picture may "
                                  f"have ({self.limits.image_bytes:,})")
        except NotImported as refusal:
            self.source.notes.append(f"{where} not imported: {refusal}")
            return
        description = " ".join(description.split())
        if _GENERIC_DESCRIPTION.search(description):
            description = ""
        yield Picture(data, extension, description, where)


def _marked(pieces: list[tuple[str, bool]]) -> str:
    """Text with its bold runs as ``**…**``; asterisks typed as text are escaped."""
    merged: list[list] = []
    for text, bold in pieces:
        text = re.sub(r"([\\*])", r"\\\1", text)
        if merged and merged[-1][1] == bold:
            merged[-1][0] += text
        else:
            merged.append([text, bold])
    out = []
    for text, bold in merged:
        core = text.strip()
        if bold and core:
            start = text.index(core)
            out.append(f"{text[:start]}**{core}**{text[start + len(core):]}")
        else:
            out.append(text)
    return "".join(out)


def picture_data(data: bytes, max_pixels: int) -> tuple[bytes, str]:
    """PNG or JPEG bytes of a picture, decoded whole, and their file ending."""
    from PIL import ImageFile

    # WeasyPrint, once imported, lets Pillow load truncated pictures for the whole process
    # (weasyprint/images.py); a damaged picture must not pass for a whole one here.
    truncated, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        return _decoded(data, max_pixels)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated


MAX_PARAGRAPHS = 20_000  # a year of a bulletin is a few thousand

# what a Word document's pictures may be: converted to PNG where not PNG or JPEG; metafiles
# are recognised to be named in the report
WORD_PICTURE_FORMATS = PICTURE_FORMATS + ("GIF", "BMP", "TIFF", "WEBP", "WMF")


def _decoded(data: bytes, max_pixels: int) -> tuple[bytes, str]:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            # the size is checked below against our own limit, before anything is decoded
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with open_picture(data, WORD_PICTURE_FORMATS) as picture:
                kind = picture.format
                if kind in ("WMF", "EMF"):
                    raise NotImported(f"it is a Windows metafile ({kind}), a drawing Pillow "
                                      "cannot render: save it as PNG and add it by hand")
                width, height = picture.size
                if width * height > max_pixels:
                    raise NotImported(f"{width} × {height} pixels, more than the limit of "
                                      f"{max_pixels:,}")
                picture.load()
                if kind in ("JPEG", "MPO"):
                    return data, ".jpg"
                if kind == "PNG":
                    return data, ".png"
                if kind not in ("GIF", "BMP", "TIFF", "WEBP"):
                    raise NotImported(f"a {kind or 'unknown'} picture; PNG or JPEG is needed")
                converted = picture.convert("RGBA" if "A" in picture.getbands()
                                            or "transparency" in picture.info else "RGB")
                out = io.BytesIO()
                converted.save(out, "PNG")
                return out.getvalue(), ".png"
    except NotImported:
        raise
    except Image.DecompressionBombError:
        raise NotImported(f"more pixels than the limit of {max_pixels:,}") from None
    # Pillow reports damaged files through many exception types (OSError, SyntaxError,
    # ValueError, struct.error, …); any of them means the same here.
    except Exception:  # noqa: BLE001
        raise NotImported("not a picture Pillow can read (damaged, or of an unknown kind)") \
            from None
