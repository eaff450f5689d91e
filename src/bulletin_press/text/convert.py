"""Script conversion between editions, with OpenCC's phrase dictionaries."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import opencc

from bulletin_press.manuscript.model import Emphasis, Issue, Paragraph, Ruby, Story, Text

# (manuscript language, edition) → OpenCC configuration
CONFIGURATIONS = {
    ("zh-Hans", "zh-Hant"): "s2tw",
    ("zh-Hans", "zh-Hant-HK"): "s2hk",
    ("zh-Hant", "zh-Hans"): "t2s",
    ("zh-Hant", "zh-Hant-HK"): "t2hk",
}


@cache
def _converter(configuration: str) -> opencc.OpenCC:
    return opencc.OpenCC(configuration)


def convert_issue(issue: Issue, edition: str) -> Issue:
    """The issue in the script of ``edition``; ruby annotations are never converted."""
    configuration = CONFIGURATIONS.get((issue.language, edition))
    if configuration is None:
        return issue
    convert = _converter(configuration).convert
    return _convert(issue, convert)


def _convert(value: Any, convert) -> Any:
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, Ruby):
        return Ruby(convert(value.base), value.annotation)
    if isinstance(value, tuple):
        return tuple(_convert(item, convert) for item in value)
    if isinstance(value, (Issue, Story, Paragraph, Text, Emphasis)) or (
            dataclasses.is_dataclass(value) and not isinstance(value, type)):
        changes = {field.name: _convert(getattr(value, field.name), convert)
                   for field in dataclasses.fields(value) if field.name not in _KEEP}
        return dataclasses.replace(value, **changes)
    return value


# Identifiers, file names, addresses and codes stay as they are.
_KEEP = {"id", "stem", "language", "editions", "layout", "url", "href", "src", "path", "folder",
         "date", "origin"}
