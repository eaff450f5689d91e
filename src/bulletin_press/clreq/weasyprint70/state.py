"""What the adapter keeps of a WeasyPrint layout between choosing a line and drawing it,
and the text attributes it gives Pango from that: ``halt`` on marks set half-width,
letter spacing on a justified line."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from cffi import FFI
from weasyprint.text import ffi as weasyprint_ffi
from weasyprint.text import line_break

from bulletin_press.clreq import rules

ffi, pango = weasyprint_ffi.ffi, weasyprint_ffi.pango
TO_UNITS = 1024  # Pango units per CSS px

# One more Pango function than WeasyPrint declares: where each character starts.
ffi_index = FFI()
ffi_index.include(ffi)
ffi_index.cdef(
    "void pango_layout_index_to_pos (PangoLayout *layout, int index_, PangoRectangle *pos);")
# the file name WeasyPrint finds on Linux first: the other names send cffi to
# ctypes.util.find_library, which runs ldconfig and gcc
pango_index = weasyprint_ffi._dlopen(
    ffi_index, "libpango-1.0.so.0", "libpango-1.0-0", "pango-1.0-0", "pango-1.0",
    "libpango-1.0.dylib", "libpango-1.0-0.dll")


def pango_version() -> tuple[int, int, int]:
    """The version of the Pango library WeasyPrint loaded."""
    version = pango.pango_version()
    return version // 10000, version // 100 % 100, version % 100


@dataclass(frozen=True)
class LayoutState:
    halves: frozenset[int] = frozenset()  # characters set half-width (OpenType halt)
    spacing: float = 0.0  # justification: letter spacing around Chinese characters
    everywhere: bool = False  # … or around every character (a line with no Chinese or space)


# keyed weakly by WeasyPrint's layout object (a text box's ``pango_layout``)
STATE: "weakref.WeakKeyDictionary[line_break.Layout, LayoutState]" = weakref.WeakKeyDictionary()


def zh(style) -> bool:
    return str(style["lang"] or "").lower().startswith("zh")


def language(style) -> str:
    return str(style["lang"] or "")


# Text: compression and justification spacing ----------------------------------

def set_text(original):
    def set_text(self, text, justify=False):
        original(self, text, justify)
        if not zh(self.style):
            return
        state = STATE.get(self)
        if state is None:
            return
        halves = [index for index in state.halves if index < len(self.text)]
        spacing = state.spacing if justify else 0
        if not halves and not spacing:
            return
        attributes = pango.pango_layout_get_attributes(self.layout)
        if attributes == ffi.NULL:
            attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        offsets = byte_offsets(self.text)
        for index in halves:
            attribute = pango.pango_attr_font_features_new(b"halt")
            attribute.start_index, attribute.end_index = offsets[index], offsets[index + 1]
            pango.pango_attr_list_insert(attributes, attribute)
        if spacing:
            letter_spacing = self.style["letter_spacing"]
            base = 0 if letter_spacing == "normal" else letter_spacing
            units = int((base + spacing) * TO_UNITS)
            for index, char in enumerate(self.text):
                if state.everywhere or rules.expandable(char):
                    attribute = pango.pango_attr_letter_spacing_new(units)
                    attribute.start_index, attribute.end_index = offsets[index], offsets[index + 1]
                    pango.pango_attr_list_change(attributes, attribute)
        pango.pango_layout_set_attributes(self.layout, attributes)
    return set_text


def byte_offsets(text: str) -> list[int]:
    offsets, position = [0], 0
    for char in text:
        position += len(char.encode("utf-8"))
        offsets.append(position)
    return offsets


