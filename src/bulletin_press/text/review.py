"""The edition review: where the converter chose one form among several, and which it chose.

OpenCC prints one form for a character that has several (干 → 幹, 乾 or 干; 著 → 著 or 着)
by the phrase around it, or by the character's first form when no phrase decides; with
``phrases`` it also swaps words (軟件 → 軟體).  An editor cannot see these choices without
proofreading every edition, so they are listed here, each with its place in the text, the
phrase, the form printed and the forms it could have been.

OpenCC tells only its result, so its way of working is followed here step by step on its
own dictionaries (:mod:`bulletin_press.text.dictionaries`): the text is cut into segments by
longest match in the segmentation dictionaries, and each stage of the conversion chain
replaces, within each segment, the longest match of its dictionary group, left to right.
Every dictionary entry used is recorded with the characters of the text it stands for:
character dictionaries keep the length of the text, so a character is followed to the
character printed for it; a word swapped for one of another length is followed as a whole.
The result is compared with OpenCC's own output for every piece of text; where they differ,
the piece is listed as not traced rather than explained wrongly.

A character's forms are those its stage's dictionaries give it anywhere — its own entry, and
the phrases it is part of — carried through every stage of the edition's chain (着 in a
Simplified text: 着 or 著 in Hong Kong, only 著 in Taiwan).  Glossary terms are the editor's
own decision and are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from bulletin_press.manuscript.model import GlossaryEntry
from bulletin_press.text.convert import CONFIGURATIONS
from bulletin_press.text.dictionaries import configuration, converter, entries, leaves
from bulletin_press.text.terms import terms

CONTEXT = 5  # characters shown on either side of a phrase


@dataclass(frozen=True)
class Choice:
    start: int  # the phrase, as offsets in the text reviewed
    end: int
    source: str  # the phrase as written
    printed: str  # the phrase as the edition prints it
    alternatives: tuple[str, ...]  # the forms the converter could print, the printed one first
    context: str  # the phrase with a few characters either side
    kind: str  # "character": one of a character's forms; "word": a word swapped for another;
    #            "untraced": OpenCC's output here could not be followed (never expected)
    decided_by: str  # "phrase": a dictionary phrase chose; "default": the character's first form
    position: int  # the character chosen (for a word, the phrase's start)


def choices(text: str, language: str, edition: str, phrases: bool,
            glossary: tuple[GlossaryEntry, ...] = (),
            unconverted: Iterable[tuple[int, int]] = ()) -> list[Choice]:
    """The choices the converter makes turning ``text`` (in ``language``) into ``edition``;
    the ``unconverted`` stretches (start, end), ruby annotations, are passed over."""
    chain = CONFIGURATIONS.get((language, edition, phrases), ())
    if not chain:
        return []
    plain = CONFIGURATIONS[(language, edition, False)]
    vocabulary = frozenset(_files(chain)) - frozenset(_files(plain))
    found: list[Choice] = []
    for start, piece in _pieces(text, glossary, unconverted):
        found.extend(_review(text, start, piece, chain, plain, vocabulary))
    return found


def _pieces(text: str, glossary: tuple[GlossaryEntry, ...],
            unconverted: Iterable[tuple[int, int]]) -> Iterator[tuple[int, str]]:
    """The stretches of text between glossary terms and the ``unconverted`` ones: the
    converter never sees a term (it stands as one private-use character, which no dictionary
    phrase contains), nor an annotation (the markup around it separates it from the text)."""
    found = terms(frozenset(entry.term for entry in glossary)).finditer(text)
    position = 0
    for start, end in sorted([(start, end) for start, end, _ in found] + list(unconverted)):
        if start > position:
            yield position, text[position:start]
        position = max(position, end)
    if position < len(text):
        yield position, text[position:]


def _files(chain: tuple[str, ...]) -> Iterator[str]:
    for name in chain:
        for dictionary in leaves(configuration(name)):
            yield Path(dictionary["file"]).name


# Following OpenCC -----------------------------------------------------------------------

class _Dictionary:
    """One dictionary file: longest match of its keys at a place."""

    def __init__(self, file: str):
        self.name = Path(file).name
        self.entries = entries(file)
        # every beginning of a key, so that a search stops as soon as no key can match
        self.beginnings = {key[:length] for key in self.entries for length in range(1, len(key))}

    def match(self, text: str, at: int) -> tuple[str, tuple[str, ...], "_Dictionary"] | None:
        found = None
        for end in range(at + 1, len(text) + 1):
            piece = text[at:end]
            if piece in self.entries:
                found = piece
            if piece not in self.beginnings:
                break
        return (found, self.entries[found], self) if found is not None else None

    def dictionaries(self) -> Iterator["_Dictionary"]:
        yield self


class _Group:
    """Dictionaries tried together: in a union the longest match wins (the first dictionary
    on a tie); in a short circuit the first dictionary that matches at all."""

    def __init__(self, node: dict[str, Any]):
        self.union = node.get("match_policy") == "union"
        self.members = [_dictionary(child) for child in node["dicts"]]

    def match(self, text: str, at: int) -> tuple[str, tuple[str, ...], _Dictionary] | None:
        best = None
        for member in self.members:
            found = member.match(text, at)
            if found is not None and not self.union:
                return found
            if found is not None and (best is None or len(found[0]) > len(best[0])):
                best = found
        return best

    def dictionaries(self) -> Iterator[_Dictionary]:
        for member in self.members:
            yield from member.dictionaries()


def _dictionary(node: dict[str, Any]) -> _Group | _Dictionary:
    return _Group(node) if node.get("type") == "group" else _cached_dictionary(node["file"])


@cache
def _cached_dictionary(file: str) -> _Dictionary:
    return _Dictionary(file)


@dataclass(frozen=True)
class _Configuration:
    normalization: tuple[_Group | _Dictionary, ...]
    segmentation: _Group | _Dictionary | None
    stages: tuple[_Group | _Dictionary, ...]


@cache
def _configuration(name: str) -> _Configuration:
    document = configuration(name)
    segmentation = document.get("segmentation")
    return _Configuration(
        tuple(_dictionary(step["dict"]) for step in document.get("normalization", ())),
        _dictionary(segmentation["dict"]) if segmentation else None,
        tuple(_dictionary(step["dict"]) for step in document["conversion_chain"]))


@dataclass(frozen=True)
class _Unit:
    """Text being converted, and the characters of the source text it stands for."""
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Step:
    """One dictionary entry used by one stage, and the source characters it replaced."""
    stage: tuple[str, int]  # configuration, index in its conversion chain
    dictionary: str
    key: str
    start: int
    end: int
    aligned: bool  # one source character for each character of the key and of the form


def _convert(stage: _Group | _Dictionary, units: list[_Unit], label: tuple[str, int],
             steps: list[_Step]) -> list[_Unit]:
    """One stage on one segment: OpenCC's Conversion, replacing longest matches left to right."""
    text = "".join(unit.text for unit in units)
    owner = [index for index, unit in enumerate(units) for _ in unit.text]
    out: list[_Unit] = []
    at = 0
    while at < len(text):
        found = stage.match(text, at)
        length = len(found[0]) if found else 1
        value = found[1][0] if found else text[at]
        covered = units[owner[at]:owner[at + length - 1] + 1]
        aligned = len(value) == length == len(covered) and \
            all(len(unit.text) == 1 and unit.end - unit.start == 1 for unit in covered)
        start, end = covered[0].start, max(unit.end for unit in covered)
        if aligned:
            out.extend(_Unit(unit.start, unit.end, char) for unit, char in zip(covered, value))
        else:
            out.append(_Unit(start, end, value))
        if found:
            steps.append(_Step(label, found[2].name, found[0], start, end, aligned))
        at += length
    return out


def _segments(segmentation: _Group | _Dictionary | None,
              units: list[_Unit]) -> list[list[_Unit]]:
    """OpenCC's maximum-match segmentation: a match is a segment, and the characters between
    matches make one segment together."""
    if segmentation is None:
        return [units]
    text = "".join(unit.text for unit in units)
    owner = [index for index, unit in enumerate(units) for _ in unit.text]
    cuts, at = [0], 0
    while at < len(text):
        found = segmentation.match(text, at)
        if found is None:
            at += 1
            continue
        cuts.extend((at, at + len(found[0])))
        at += len(found[0])
    cuts.append(len(text))
    # a cut falls between units: a unit never stands for less than one character here
    bounds = sorted({owner[cut] if cut < len(text) else len(units) for cut in cuts})
    return [units[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


def _follow(name: str, units: list[_Unit], steps: list[_Step]) -> list[_Unit]:
    chosen = _configuration(name)
    for index, step in enumerate(chosen.normalization):
        units = _convert(step, units, (name, -1 - index), steps)
    segments = _segments(chosen.segmentation, units)
    for index, stage in enumerate(chosen.stages):
        segments = [_convert(stage, segment, (name, index), steps) for segment in segments]
    return [unit for segment in segments for unit in segment]


# What the dictionaries allow ----------------------------------------------------------------

@cache
def _stage_forms(name: str, index: int, vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Each character's forms in one stage: its own entry's forms, then the forms it takes in
    the stage's phrases; a character without an entry of its own may also stay as it is."""
    dictionaries = [d for d in _configuration(name).stages[index].dictionaries()
                    if d.name not in vocabulary]
    table: dict[str, dict[str, None]] = {}
    for dictionary in dictionaries:
        for key, forms in dictionary.entries.items():
            if len(key) == 1:
                table.setdefault(key, {}).update(dict.fromkeys(forms))
    own = set(table)
    for dictionary in dictionaries:
        for key, forms in dictionary.entries.items():
            for form in forms:
                if len(key) > 1 and len(form) == len(key):
                    for char, printed in zip(key, form):
                        table.setdefault(char, {} if char in own else {char: None})[printed] = None
    return {char: tuple(forms) for char, forms in table.items()}


@cache
def _forms(char: str, chain: tuple[str, ...], vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The forms an edition may print for ``char``: its forms in each stage, followed on."""
    forms = [char]
    for name in chain:
        for index in range(len(_configuration(name).stages)):
            table = _stage_forms(name, index, vocabulary)
            forms = list(dict.fromkeys(g for f in forms for g in table.get(f, (f,))))
    return tuple(forms)


# The review ---------------------------------------------------------------------------------

def _review(text: str, offset: int, piece: str, chain: tuple[str, ...], plain: tuple[str, ...],
            vocabulary: frozenset[str]) -> list[Choice]:
    steps: list[_Step] = []
    units = [_Unit(offset + i, offset + i + 1, char) for i, char in enumerate(piece)]
    expected = piece
    for name in chain:
        units = _follow(name, units, steps)
        expected = converter(name).convert(expected)
        if "".join(unit.text for unit in units) != expected:
            return [Choice(offset, offset + len(piece), piece, _chain(chain, piece), (),
                           _context(text, offset, offset + len(piece)), "untraced", "", offset)]

    starting: dict[int, list[_Unit]] = {}
    for unit in units:
        starting.setdefault(unit.start, []).append(unit)

    def printed(start: int, end: int) -> str:
        return "".join(unit.text for position in range(start, end)
                       for unit in starting.get(position, ()) if unit.end <= end)

    found: list[Choice] = []
    swapped: set[int] = set()
    if vocabulary:
        plain_text = _chain(plain, piece)
        for step in steps:
            if step.dictionary not in vocabulary:
                continue
            written = plain_text[step.start - offset:step.end - offset]
            if printed(step.start, step.end) != written:
                swapped.update(range(step.start, step.end))
                found.append(Choice(step.start, step.end, text[step.start:step.end],
                                    printed(step.start, step.end),
                                    (printed(step.start, step.end), written),
                                    _context(text, step.start, step.end), "word", "phrase",
                                    step.start))
    at_position: dict[int, list[_Step]] = {}
    for step in steps:
        if step.aligned:
            for position in range(step.start, step.end):
                at_position.setdefault(position, []).append(step)
    single = {unit.start: unit.text for unit in units if unit.end - unit.start == 1}
    for position, char in enumerate(piece, offset):
        forms = _forms(char, chain, vocabulary)
        if len(forms) < 2 or position in swapped or position not in single:
            continue
        deciding = [step for step in at_position.get(position, ())
                    if len(_stage_forms(*step.stage, vocabulary)
                           .get(step.key[position - step.start], ())) > 1
                    and step.stage[1] >= 0]
        phrase = max((step for step in deciding if len(step.key) > 1),
                     key=lambda step: len(step.key), default=None)
        start, end = (phrase.start, phrase.end) if phrase else (position, position + 1)
        chosen = single[position]
        found.append(Choice(start, end, text[start:end], printed(start, end),
                            (chosen,) + tuple(f for f in forms if f != chosen),
                            _context(text, start, end), "character",
                            "phrase" if phrase else "default", position))
    return sorted(found, key=lambda choice: (choice.position, choice.kind))


def _chain(chain: tuple[str, ...], text: str) -> str:
    for name in chain:
        text = converter(name).convert(text)
    return text


def _context(text: str, start: int, end: int) -> str:
    before, after = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    return ("…" if before else "") + text[before:after] + ("…" if after < len(text) else "")
