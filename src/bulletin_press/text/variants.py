"""Which characters each script's standards accept, and a character's forms in the other script.

A manuscript is written in one script and every edition is converted from it, so a
character of the other script prints wrong in some edition.  A character belongs to a
script when one of that script's standards lists it:

- zh-Hans: the 通用规范汉字表 (2013), which keeps a few Traditional-looking characters for
  their own words: 著 (原著, 著名), 乾 (乾坤), 於 (a surname), 瞭 (瞭望).
- zh-Hant: Taiwan's standard forms (台, 占, 為), Hong Kong's 常用字字形表 (裏, 啓, 着, 羣) and
  the forms OpenCC writes (爲).

A character no standard of the manuscript's script lists, and which OpenCC's character
tables convert into that script, is of the other script: 门 in zh-Hant (門), 這 in zh-Hans
(这), 发 in zh-Hant (發 or 髮).  A character no table converts (a rare name, another
language) is nobody's mismatch.  The judgement is by character, not by phrase: 著 is
Simplified wherever it stands, since the standard keeps it.

The tables are package data (``data/README.md`` says where each comes from), read once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bulletin_press.clreq.chars import HAN_IDEOGRAPHS

SCRIPTS = ("zh-Hans", "zh-Hant")


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath("data", name).read_text("utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def _chars(name: str) -> frozenset[str]:
    return frozenset(_lines(name))


def _mapping(name: str) -> dict[str, tuple[str, ...]]:
    """An OpenCC dictionary: character → its forms, the one OpenCC writes by default first."""
    entries = (line.split("\t") for line in _lines(name))
    return {key: tuple(forms.split(" ")) for key, forms in entries}


@dataclass(frozen=True)
class _Tables:
    standard: dict[str, frozenset[str]]       # script → the characters its standards list
    common: frozenset[str]                    # in a common-use table of either script
    uncommon: re.Pattern[str]                 # Han characters that may be in none
    foreign: dict[str, dict[str, tuple[str, ...]]]  # script → other-script character → forms
    pattern: dict[str, re.Pattern[str]]       # script → runs of other-script characters


@cache
def _tables() -> _Tables:
    general = _chars("hans-general.txt")
    # Taiwan's standard forms, as CNS 11643 encodes them (data/README.md)
    cns1, cns2 = _chars("hant-tw-cns1.txt"), _chars("hant-tw-cns2.txt")
    hong_kong = _chars("hant-hk-glyphs.txt")
    to_traditional, to_simplified = _mapping("opencc-st.txt"), _mapping("opencc-ts.txt")
    taiwan_forms, hong_kong_forms = (_mapping("opencc-tw-variants.txt"),
                                     _mapping("opencc-hk-variants.txt"))

    opencc_traditional = ({form for forms in to_traditional.values() for form in forms}
                          | set(to_simplified)
                          | {char for table in (taiwan_forms, hong_kong_forms)
                             for key, forms in table.items() for char in (key, *forms)})
    standard = {"zh-Hans": general,
                "zh-Hant": frozenset(cns1 | cns2 | hong_kong | opencc_traditional)}

    regional = {form: key for table in (taiwan_forms, hong_kong_forms)
                for key, forms in table.items() for form in forms if form != key}
    foreign: dict[str, dict[str, tuple[str, ...]]] = {"zh-Hans": {}, "zh-Hant": {}}
    for char, forms in to_traditional.items():
        if forms[0] != char and char not in standard["zh-Hant"]:
            # a zh-Hant manuscript is written to the Taiwan standard (text/convert.py)
            taiwan = (taiwan_forms.get(form, (form,))[0] for form in forms)
            if forms := tuple(f for f in dict.fromkeys(taiwan) if f != char):
                foreign["zh-Hant"][char] = forms
    for char in set(to_simplified) | set(regional):
        forms = to_simplified.get(char) or to_simplified.get(regional.get(char, ""), ()) \
            or (regional[char],)
        if forms[0] != char and char not in standard["zh-Hans"]:
            foreign["zh-Hans"][char] = tuple(f for f in dict.fromkeys(forms) if f != char)
    # HKSCS is no common-use table, but it is where Hong Kong's everyday Cantonese
    # characters are (嘅 咗 啲 嘢), which the 常用字字形表 leaves out
    common = general | cns1 | cns2 | hong_kong | _chars("hant-hk-hkscs.txt")
    # the basic plane's common characters as a class; the few supplementary ones are
    # looked up one by one (see _candidates)
    listed = re.escape("".join(sorted(char for char in common if ord(char) < 0x10000)))
    return _Tables(standard, common, re.compile(f"(?![{listed}])[{HAN_IDEOGRAPHS}]"), foreign,
                   {script: _candidates(chars) for script, chars in foreign.items()})


def _candidates(chars: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    """Runs that may hold characters of ``chars``.  Supplementary-plane characters are taken
    as one range, filtered afterwards: a class listing a thousand of them one by one makes
    the regular expression engine ten times slower on every line."""
    basic = "".join(sorted(char for char in chars if ord(char) < 0x10000))
    supplementary = sorted(char for char in chars if ord(char) >= 0x10000)
    span = f"{supplementary[0]}-{supplementary[-1]}" if supplementary else ""
    return re.compile("[%s%s]+" % (re.escape(basic), span))


def standard_in(char: str, script: str) -> bool:
    """True where a standard of ``script`` (zh-Hans or zh-Hant) lists ``char``."""
    return char in _tables().standard[script]


def forms_in(char: str, script: str) -> tuple[str, ...]:
    """The forms ``script`` writes for ``char`` where ``char`` is of the other script, most
    usual first (发 → 發, 髮 in zh-Hant); () where ``char`` is no other script's."""
    return _tables().foreign[script].get(char, ())


def common(char: str) -> bool:
    """True for a character in a common-use table of either script: the 通用规范汉字表, the
    Taiwan standard forms (CNS 11643 planes 1–2) or Hong Kong's 常用字字形表."""
    return char in _tables().common


def uncommon(text: str) -> list[int]:
    """Where ``text`` has a Han character in no common-use table of either script."""
    tables = _tables()
    # a compatibility ideograph (U+F900…) is its unified character under another code
    return [match.start() for match in tables.uncommon.finditer(text)
            if unicodedata.normalize("NFC", match.group()) not in tables.common]


@dataclass(frozen=True)
class Mismatch:
    start: int
    end: int
    choices: tuple[tuple[str, ...], ...]  # for each character of the run, its forms

    @property
    def expected(self) -> str:
        """The run in the manuscript's script, each character in its most usual form."""
        return "".join(forms[0] for forms in self.choices)


def script_mismatches(text: str, language: str) -> list[Mismatch]:
    """Runs of characters of the other script than the manuscript's ``language``."""
    tables = _tables()
    foreign = tables.foreign[language]
    mismatches = []
    for match in tables.pattern[language].finditer(text):
        start = match.start()
        for index in range(match.start(), match.end() + 1):
            if index < match.end() and text[index] in foreign:
                continue
            if index > start:
                mismatches.append(Mismatch(start, index, tuple(foreign[char]
                                                               for char in text[start:index])))
            start = index + 1
    return mismatches
