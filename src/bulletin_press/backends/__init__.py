"""Backends: a typeset document → the bytes of one output format."""

import io
import mimetypes

mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("image/svg+xml", ".svg")


def media_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


class RenderError(Exception):
    """A backend could not produce its output."""


IMAGE_LONGEST_SIDE = 1600  # px


def screen_image(data: bytes) -> bytes:
    """A picture sized for screens: longest side at most 1600 px, re-encoded, no metadata."""
    from PIL import Image, ImageOps

    from bulletin_press.manuscript.files import open_picture

    with open_picture(data) as original:
        kind = "JPEG" if original.format == "MPO" else original.format
        # the camera's orientation tag is applied, since its metadata is dropped below
        picture = ImageOps.exif_transpose(original)
        picture.thumbnail((IMAGE_LONGEST_SIDE, IMAGE_LONGEST_SIDE), Image.LANCZOS)
        out = io.BytesIO()
        if kind == "JPEG":
            picture.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
        else:
            picture.save(out, "PNG", optimize=True)
    return out.getvalue()
