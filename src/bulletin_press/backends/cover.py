"""The cover image: the layout's cover page, set by WeasyPrint and rasterised (pypdfium2).

A cover is kept in the user's cache folder by a hash of what it shows (the cover page,
its stylesheet, fonts and pictures, and the code and libraries that draw it): an
e-book whose cover did not change is built without loading WeasyPrint.
"""

from __future__ import annotations

import io

from bulletin_press.cache import document_digest, remembered
from bulletin_press.document import Document

LONGEST_SIDE = 1600  # px: sharp on phones and tablets, small in the book
JPEG_QUALITY = 88


def render_cover(document: Document) -> bytes:
    """A JPEG of the cover page, its longest side 1600 px."""
    key = document_digest(document, "cover", str(LONGEST_SIDE), str(JPEG_QUALITY))
    return remembered(f"cover-{key}.jpg", lambda: _rasterise(document))


def _rasterise(document: Document) -> bytes:
    import pypdfium2

    from bulletin_press.backends.pdf import render_pdf

    pdf = pypdfium2.PdfDocument(render_pdf(document))
    try:
        page = pdf[0]
        width, height = page.get_size()
        image = page.render(scale=LONGEST_SIDE / max(width, height)).to_pil().convert("RGB")
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()
