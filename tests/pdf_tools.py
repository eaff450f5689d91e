"""Reading built PDFs in tests: text in drawing order, embedded fonts, page images."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pypdf
from fontTools.ttLib import TTFont

FOOT = 20 * 72 / 25.4  # the newsletter's bottom margin, in pt


def body_text(pdf: Path | bytes) -> str:
    """All text above the running foot, in drawing order, without white space."""
    reader = pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    parts: list[str] = []

    def visit(text, cm, tm, font, size):
        y = cm[5] + tm[5] * cm[3]
        if y > FOOT or y == 0:
            parts.append(text)

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return re.sub(r"\s+", "", "".join(parts))


@dataclass(frozen=True)
class EmbeddedFont:
    base_font: str
    embedded: bool
    postscript_name: str | None  # from the embedded font program's own name table


def embedded_fonts(pdf: Path | bytes) -> list[EmbeddedFont]:
    reader = pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    fonts: dict[str, EmbeddedFont] = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor_owner = font["/DescendantFonts"][0].get_object() \
                if "/DescendantFonts" in font else font
            descriptor = descriptor_owner["/FontDescriptor"].get_object()
            stream = next((descriptor[key].get_object() for key in
                           ("/FontFile3", "/FontFile2", "/FontFile") if key in descriptor), None)
            name = None
            if stream is not None:
                data = stream.get_data()
                if data[:4] in (b"OTTO", b"\0\1\0\0", b"true"):
                    name = TTFont(io.BytesIO(data))["name"].getDebugName(6)
            fonts[str(font["/BaseFont"])] = EmbeddedFont(str(font["/BaseFont"]), stream is not None,
                                                         name)
    return list(fonts.values())


def page_image(pdf: Path | bytes, index: int = 0, scale: float = 1.0):
    """A page as a PIL image (pypdfium2), ``scale`` pixels per pt."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    return document[index].render(scale=scale).to_pil().convert("RGB")


def drawn_glyphs(pdf: Path | bytes) -> list[tuple[str, str, int]]:
    """Each glyph drawn, in drawing order: its text, its font's name (less the subset tag)
    and its glyph id (WeasyPrint's CID fonts draw glyph ids, kept as in the font)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    drawn: list[tuple[str, str, int]] = []

    class Glyphs(PDFPageAggregator):
        def render_char(self, matrix, font, fontsize, scaling, rise, cid, *args):
            drawn.append((font.to_unichr(cid), font.fontname.split("+")[-1], cid))
            return super().render_char(matrix, font, fontsize, scaling, rise, cid, *args)

    resources = PDFResourceManager()
    device = Glyphs(resources)
    interpreter = PDFPageInterpreter(resources, device)
    data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
    for page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(page)
    return drawn
