"""The table of output kinds: each names its files, its renderer and what it needs, and the
command line and the build take the kinds from it."""

from __future__ import annotations

import importlib

from bulletin_press.cli import _parser
from bulletin_press.formats import DEFAULT_FORMATS, FORMATS, KINDS, output_name


def test_every_kind_names_a_renderer_that_exists():
    for kind in KINDS.values():
        module, _, function = kind.renderer.partition(":")
        assert callable(getattr(importlib.import_module(module), function)), kind.name


def test_build_offers_the_kinds_build_makes_and_the_site_the_web_edition():
    assert FORMATS == ("pdf", "epub", "html")
    assert set(DEFAULT_FORMATS) <= set(FORMATS)
    assert KINDS["web"].command == "site"
    choices = next(action.choices for action in _parser()._subparsers._group_actions[0]
                   .choices["build"]._actions if action.dest == "formats")
    assert tuple(choices) == FORMATS


def test_file_names_come_from_the_table():
    assert output_name("x", "zh-Hant", "pdf") == "x.zh-Hant.pdf"
    assert output_name("x", "zh-Hant", "pdf", "press") == "x.zh-Hant.press.pdf"
    assert output_name("x", "zh-Hant", "epub", "press") == "x.zh-Hant.epub"
    assert output_name("x", "zh-Hans", "html") == "x.zh-Hans"
    assert [kind.name for kind in KINDS.values() if kind.needs_weasyprint] == ["pdf", "epub", "web"]
