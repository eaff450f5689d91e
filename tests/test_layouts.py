"""Finding layouts: the built-in ones are package resources."""

from __future__ import annotations

from bulletin_press.layouts import LAYOUTS_DIR, available_layouts
from bulletin_press.places import FONTS_DIR
from tests.conftest import ROOT


def test_in_the_checkout_the_built_in_layouts_and_fonts_are_its_folders():
    # the editable install maps the package's resources onto the checkout's top-level folders
    assert LAYOUTS_DIR == ROOT / "layouts" and FONTS_DIR == ROOT / "fonts"
    assert "newsletter" in available_layouts()
