"""The cover image: the layout's cover page, set by WeasyPrint and rasterised (pypdfium2)."""

from __future__ import annotations

import io

import pypdfium2

from bulletin_press.backends.pdf import render_pdf
from bulletin_press.document import Document

LONGEST_SIDE = 1600  # px: sharp on phones and tablets, small in the book


def render_cover(document: Document) -> bytes:
    """A JPEG of the cover page, its longest side 1600 px."""
    pdf = pypdfium2.PdfDocument(render_pdf(document))
    try:
        page = pdf[0]
        width, height = page.get_size()
        image = page.render(scale=LONGEST_SIDE / max(width, height)).to_pil().convert("RGB")
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, optimize=True, progressive=True)
    return out.getvalue()
