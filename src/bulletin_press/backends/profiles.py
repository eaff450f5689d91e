"""The PDF's print profiles: what WeasyPrint is asked for, and what is added to its PDF.

- ``screen``: tagged PDF/UA-1 (structure tree, ``/Lang``, alt text on figures), colours
  in sRGB (``/DefaultRGB``), small.
- ``archive``: PDF/A-2u, tagged too, with WeasyPrint's sRGB output intent.
- ``press``: PDF/X-4 with a CMYK output intent (FOGRA39, ``data/FOGRA39L-coated.icc``),
  the RGB content defined as sRGB for the print shop's conversion; bleed and crop marks
  come from the layout's ``print-press.css``.

Every profile gets the same document metadata from the issue (:func:`metadata`), an
outline of the stories (the layout's ``bookmark-level``), and the same bytes from the
same input: the one random value WeasyPrint writes (PDF/X's XMP document id) is replaced
by one derived from the edition's identifier.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from importlib.resources import files
from xml.sax.saxutils import escape

import pydyf

from bulletin_press.document import Document, issue_time

PRESS_PROFILE = "FOGRA39L-coated.icc"
PRESS_CONDITION = "FOGRA39"
PRESS_CONDITION_NAME = "Offset printing, coated paper, ISO 12647-2:2004 (FOGRA39L)"


@dataclass(frozen=True)
class Profile:
    name: str
    variant: str  # WeasyPrint's pdf_variant
    tags: bool
    srgb: bool  # DeviceRGB defined as sRGB by /DefaultRGB
    cmyk_intent: bool  # the press's CMYK output intent


PROFILES = {
    "screen": Profile("screen", "pdf/ua-1", True, True, False),
    "archive": Profile("archive", "pdf/a-2u", True, False, False),
    "press": Profile("press", "pdf/x-4", False, True, True),
}


def _w3c(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def metadata(document: Document) -> dict:
    """The PDF's document metadata, from the issue in the edition's script: WeasyPrint's
    ``DocumentMetadata`` fields.  Dates: created on the issue's date, modified at
    ``document.modified`` (``SOURCE_DATE_EPOCH``) or on the issue's date too."""
    issue = document.issue
    publication = issue.publication_text
    number = issue.number_text if issue.number else ""
    publisher = issue.publisher_text or publication
    keywords = [word for word in dict.fromkeys(
        (publication, number, issue.publisher_text, issue.title_text,
         *(story.headline_text for story in issue.stories))) if word]
    created = issue_time(issue)
    return {
        "title": f"{publication} · {issue.title_text}",
        "authors": [publisher],
        "description": " ".join(filter(None, (publication, number, issue.title_text))),
        "keywords": keywords,
        "generator": "bulletin-press",
        "created": _w3c(created),
        "modified": _w3c(document.modified or created),
        "lang": document.edition,
    }


def _object(pdf: pydyf.PDF, reference: bytes | int):
    """The object a reference (``b"12 0 R"``, or a page's number in ``Kids``) names."""
    return pdf.objects[reference if isinstance(reference, int) else int(reference.split()[0])]


def finisher(document: Document, profile: Profile):
    """What is added to WeasyPrint's PDF before it is written, for ``profile``."""
    def finish(rendered, pdf: pydyf.PDF) -> None:
        if profile.srgb:
            _default_rgb(pdf)
        if profile.cmyk_intent:
            _cmyk_intent(pdf)
            pdf.info["GTS_PDFXVersion"] = pydyf.String("PDF/X-4")
        _xmp(pdf, document)
    return finish


def _add_stream(pdf: pydyf.PDF, data: bytes, components: int) -> bytes:
    stream = pydyf.Stream([data], pydyf.Dictionary({"N": components}), compress=True)
    pdf.add_object(stream)
    return stream.reference


def _default_rgb(pdf: pydyf.PDF) -> None:
    """WeasyPrint paints in DeviceRGB; every page shares one resource dictionary, whose
    ``/DefaultRGB`` makes that sRGB."""
    srgb = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    reference = _add_stream(pdf, srgb, 3)
    first_page = _object(pdf, pdf.pages["Kids"][0])
    spaces = _object(pdf, _object(pdf, first_page["Resources"])["ColorSpace"])
    spaces["DefaultRGB"] = pydyf.Array(("/ICCBased", reference))


def _cmyk_intent(pdf: pydyf.PDF) -> None:
    icc = (files(__package__) / "data" / PRESS_PROFILE).read_bytes()
    intent = pydyf.Dictionary({
        "Type": "/OutputIntent",
        "S": "/GTS_PDFX",
        "OutputConditionIdentifier": pydyf.String(PRESS_CONDITION),
        "OutputCondition": pydyf.String(PRESS_CONDITION_NAME),
        "RegistryName": pydyf.String("http://www.color.org"),
        "Info": pydyf.String(PRESS_CONDITION_NAME),
        "DestOutputProfile": _add_stream(pdf, icc, 4),
    })
    pdf.catalog["OutputIntents"] = pydyf.Array([intent])


_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def _xmp(pdf: pydyf.PDF, document: Document) -> None:
    """The XMP packet: WeasyPrint's, with the publisher, language and date added (Dublin
    Core, which PDF/A knows without an extension schema) and a document id that is the
    same on every build."""
    if "Metadata" not in pdf.catalog:
        return
    stream = _object(pdf, pdf.catalog["Metadata"])
    packet = b"".join(stream.stream)
    stable = uuid.UUID(bytes=hashlib.sha256(document.identifier.encode()).digest()[:16])
    packet = _DOCUMENT_ID.sub(f"xmp.did:{stable}".encode(), packet)
    issue = document.issue
    publisher = escape(issue.publisher_text or issue.publication_text)
    described = (
        '<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">'
        f"<dc:publisher><rdf:Bag><rdf:li>{publisher}</rdf:li></rdf:Bag></dc:publisher>"
        f"<dc:language><rdf:Bag><rdf:li>{escape(document.edition)}</rdf:li></rdf:Bag>"
        "</dc:language>"
        f"<dc:date><rdf:Seq><rdf:li>{issue.date.isoformat()}</rdf:li></rdf:Seq></dc:date>"
        f"<dc:identifier>{escape(document.identifier)}</dc:identifier>"
        "</rdf:Description>")
    packet = packet.replace(b"</rdf:RDF>", described.encode("utf-8") + b"</rdf:RDF>", 1)
    stream.stream = [packet]
