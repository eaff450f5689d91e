"""HTML: the typeset print document with its CSS, fonts and images, as files."""

from __future__ import annotations

from bulletin_press.document import Document


def render_html(document: Document) -> dict[str, bytes]:
    """Relative file name → content, for a folder that opens in a browser."""
    files = {page.name: page.html.encode("utf-8") for page in document.pages}
    files.update(document.resources)
    return files
