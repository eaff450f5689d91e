"""The web edition: its page, stylesheet and pictures as files, each font cut to the text
the page sets in it and compressed as WOFF2, and the cover rasterised (with a thumbnail
for the site's index)."""

from __future__ import annotations

import io

import lxml.html

from bulletin_press import fonts
from bulletin_press.backends import media_type, screen_image
from bulletin_press.document import COVER_IMAGE, THUMBNAIL, Document
from bulletin_press.faces import characters_by_face

THUMBNAIL_WIDTH = 300  # px: shown 8–10 em wide, sharp on a phone's screen


def render_web(document: Document) -> dict[str, bytes]:
    """Relative file name → content, for the edition's folder of the site."""
    from bulletin_press.backends.cover import render_cover

    files = {page.name: page.html.encode("utf-8") for page in document.pages}
    stylesheets = {name: content.decode("utf-8") for name, content in document.resources.items()
                   if media_type(name) == "text/css"}
    for name, content in document.resources.items():
        kind = media_type(name)
        if kind.startswith("image/"):
            files[name] = screen_image(content)
        elif not kind.startswith("font/"):
            files[name] = content
    files.update(web_fonts(document, stylesheets))
    if document.cover is not None:
        cover = render_cover(document.cover)
        files[COVER_IMAGE] = cover
        files[THUMBNAIL] = thumbnail(cover)
    return files


def web_fonts(document: Document, stylesheets: dict[str, str]) -> dict[str, bytes]:
    """Each font of the document, cut to what its pages set in it (the cascade of
    :mod:`bulletin_press.faces`), as WOFF2; a face no text uses keeps its file, nearly
    empty, so that every URL of the stylesheet leads to one."""
    css = "\n".join(stylesheets.values())
    used = characters_by_face((lxml.html.document_fromstring(page.html.encode("utf-8")), css)
                              for page in document.pages)
    return {name: fonts.woff2(fonts.subset(content, used.get(name, set())))
            for name, content in document.resources.items()
            if media_type(name).startswith("font/")}


def thumbnail(cover: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(cover)) as image:
        small = image.convert("RGB")
        small.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 2), Image.LANCZOS)
        out = io.BytesIO()
        small.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()
