"""Checks on the printed text of a manuscript, beyond its schema.

Each check looks at one line of text as the editor wrote it and reports at the
exact character: a character the layout's fonts cannot print, as written or
as an edition prints it after conversion (errors: it would print as a box),
text in the other script than the manuscript's, or a glossary term written in
one edition's form instead of the manuscript's (warnings: the editions would
not come out as the glossary says).  Asked for, the edition review lists, per
paragraph, where the converter chose among a character's or a word's forms.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Callable

from bulletin_press.diagnostics import Fix, Location, Report
from bulletin_press.fonts import printable
from bulletin_press.headlines import lines_needed, measure
from bulletin_press.layouts import Layout
from bulletin_press.manuscript.model import GlossaryEntry, plain_text
from bulletin_press.manuscript.schema import Context, Field
from bulletin_press.clreq.chars import is_apostrophe
from bulletin_press.text.convert import DEFAULT_QUOTES, KEPT_FIELDS, QUOTE_MARKS
from bulletin_press.text.markup import annotations, parse_inlines
from bulletin_press.text.paragraphs import join_lines, split_paragraphs
from bulletin_press.text.review import Choice, choices
from bulletin_press.text.slips import find_slips
from bulletin_press.text.source import SourceLine, SourceText
from bulletin_press.clreq.chars import is_alphanumeric, is_han
from bulletin_press.text.terms import terms
from bulletin_press.text.variants import script_mismatches

LineCheck = Callable[[SourceLine, Context], None]
TextCheck = Callable[[Field, SourceText, Context], None]  # a printed value, all its lines


def _missing(char: str, layout: str) -> str:
    return (f"'{char}' (U+{ord(char):04X}) is not in the fonts of layout '{layout}': it would "
            "print as an empty box or in another font")


def font_coverage(covered: frozenset[int], layout: str) -> LineCheck:
    def check(line: SourceLine, context: Context) -> None:
        for offset, char in enumerate(line.text):
            if not printable(char, covered):
                context.report.error(line.at(offset), _missing(char, layout))
    return check


Converter = Callable[[str], str]


LONGEST_DASH_ROW = 8  # four 2-em dashes


def dash_rows() -> LineCheck:
    """A row of dashes longer than a few 2-em dashes cannot be set: the layout keeps a row
    together, so it would run out of its column."""
    def check(line: SourceLine, context: Context) -> None:
        for match in re.finditer("—{%d,}" % (LONGEST_DASH_ROW + 1), line.text):
            context.report.error(
                line.at(match.start()), f"a row of {len(match.group())} dashes cannot be set: "
                                        "Chinese text uses the 2-em dash '——', and a row of more "
                                        f"than {LONGEST_DASH_ROW} would not fit its column")
    return check


def slips(language: str) -> LineCheck:
    """The slips of pasted Chinese text: ASCII punctuation, stray spaces, converter pinyin,
    mojibake, a full-width bar in ruby (:mod:`bulletin_press.text.slips`)."""
    quotes = QUOTE_MARKS[DEFAULT_QUOTES[language]][:2]

    def check(line: SourceLine, context: Context) -> None:
        for slip in find_slips(line.text, line.display, quotes):
            context.report.warning(line.at(slip.start), slip.message, slip.code,
                                   _fix(line, slip.start, slip.end, slip.replacement))
    return check


def _fix(line: SourceLine, start: int, end: int, replacement: str | None) -> Fix | None:
    """The fix of ``line.text[start:end]``, where the file holds the text as it reads."""
    if replacement is None or not line.exact:
        return None
    return Fix(line.text[start:end], replacement)


def quote_style(language: str) -> LineCheck:
    """Quotation marks of the other style than the manuscript's: each edition prints its
    own style, but a mixed manuscript loses which quotes nest inside which."""
    style = DEFAULT_QUOTES[language]
    other = "corner" if style == "curly" else "curly"
    wrong = dict(zip(QUOTE_MARKS[other], QUOTE_MARKS[style]))

    def check(line: SourceLine, context: Context) -> None:
        for offset, char in enumerate(line.text):
            if char in wrong and not is_apostrophe(line.text, offset):
                context.report.warning(
                    line.at(offset), f"'{char}' is a {other} quotation mark in a {language} "
                                     f"manuscript, which is written with {QUOTE_MARKS[style][:2]}: "
                                     f"write '{wrong[char]}'", "quote-style",
                    _fix(line, offset, offset + 1, wrong[char]))
    return check


MOST_HEADLINE_LINES = 2  # a headline line breaks into two balanced lines at most unwarned


def headline_measure(layout: Layout, language: str) -> LineCheck | None:
    """A headline line that print cannot set as the editor would want it: one that needs
    more than two lines even broken between phrases, or holds a phrase wider than the
    measure, which then breaks inside the phrase (:mod:`bulletin_press.headlines`)."""
    found = measure(layout, "headline")
    if found is None:
        return None

    def check(line: SourceLine, context: Context) -> None:
        if line.field != "headline":
            return
        # as printed: markup read by the one parser (errors are reported where it runs)
        text = plain_text(parse_inlines(join_lines([line]), Report())).strip() \
            if line.text.strip() else ""
        lines, too_wide = lines_needed(text, language, found)
        holds = f"a headline line of layout '{layout.name}' holds {found.width / found.size:.1f}"
        if too_wide:
            phrase = too_wide[0]
            context.report.warning(
                line.at(max(line.text.find(phrase), 0)),
                f"'{phrase}' sets {found.text_width(phrase) / found.size:.1f} characters wide "
                f"and cannot be broken between phrases, and {holds}: it would break inside "
                "a word; shorten it, or split the line where it should break "
                "(a list of lines under 'headline')", "headline-too-long")
        elif lines > MOST_HEADLINE_LINES:
            context.report.warning(
                line.at(0), f"this headline line sets {found.text_width(text) / found.size:.1f} "
                            f"characters wide, and {holds}: broken between phrases it takes "
                            f"{lines} lines; shorten it, or split it where it should break "
                            "(a list of lines under 'headline')", "headline-too-long")
    return check


def edition_coverage(covered: frozenset[int], layout: str, editions: dict[str, Converter],
                     glossary: tuple[GlossaryEntry, ...]) -> LineCheck:
    """Characters an edition prints that the fonts lack, though the manuscript's are there:
    OpenCC's forms (暅 → 𣈶 in zh-Hant).  Glossary forms are checked where they are given."""
    from_glossary = {char for entry in glossary for _, form in entry.forms for char in form}

    def check(line: SourceLine, context: Context) -> None:
        written = set(line.text)
        for edition, convert in editions.items():
            converted = convert(line.text)
            for char in sorted({char for char in converted if char not in written and
                                char not in from_glossary and not printable(char, covered)}):
                offset = next((i for i, c in enumerate(line.text) if char in convert(c)), 0)
                context.report.error(
                    line.at(offset), f"'{line.text[offset]}' is printed as '{char}' "
                                     f"(U+{ord(char):04X}) in the {edition} edition, which is not "
                                     f"in the fonts of layout '{layout}': give the term a form "
                                     "the fonts have in the glossary")
    return check


def glossary_coverage(glossary: tuple[GlossaryEntry, ...], language: str,
                      editions: tuple[str, ...], covered: frozenset[int], layout: str,
                      report: Report, fallback: Location) -> None:
    """Every form a glossary gives an edition that is built must be in the fonts (the
    manuscript's own edition prints the term as written, checked where it is used)."""
    for entry in glossary:
        for edition in editions:
            form = entry.form(edition)
            for char in dict.fromkeys(form if edition != language else ""):
                if not printable(char, covered):
                    report.error(entry.origin or fallback,
                                 f"the {edition} form '{form}' of '{entry.term}': "
                                 + _missing(char, layout))


_SCRIPT_NAMES = {"zh-Hans": "Simplified", "zh-Hant": "Traditional"}


def script(language: str, glossary: tuple[GlossaryEntry, ...]) -> LineCheck:
    """Warn about runs of characters no standard of the manuscript's script has, which the
    other script's have: 門診 in a zh-Hans manuscript (:mod:`bulletin_press.text.variants`)."""
    other = _SCRIPT_NAMES["zh-Hant" if language == "zh-Hans" else "zh-Hans"]
    own = _SCRIPT_NAMES[language]
    exempt = terms(frozenset({entry.term for entry in glossary} |
                             {form for entry in glossary for _, form in entry.forms}))

    def check(line: SourceLine, context: Context) -> None:
        skip = {i for start, end, _ in exempt.finditer(line.text) for i in range(start, end)}
        for mismatch in script_mismatches(line.text, language):
            if skip & set(range(mismatch.start, mismatch.end)):
                continue
            found = line.text[mismatch.start:mismatch.end]
            others = "".join(", or " + " or ".join(f"'{form}'" for form in forms[1:])
                             + f" for '{char}'"
                             for char, forms in zip(found, mismatch.choices) if len(forms) > 1)
            context.report.warning(
                line.at(mismatch.start), f"'{found}' is {other} script in a {language} manuscript "
                                         f"({own}: '{mismatch.expected}'{others}); the editions "
                                         f"convert from {own}", "other-script")
    return check


def _own_forms(entry: GlossaryEntry, language: str) -> set[str]:
    """The forms a glossary gives a term in the manuscript's own script."""
    if language == "zh-Hant":
        return {entry.form("zh-Hant"), entry.form("zh-Hant-HK")}
    return {form for edition, form in entry.forms if edition == "zh-Hans"}


def glossary_forms(language: str, glossary: tuple[GlossaryEntry, ...]) -> LineCheck:
    """Warn where a glossary term is written in an edition's form rather than as the term.
    The form of the manuscript's own script is no slip: a glossary shared by issues written
    in both scripts gives a zh-Hant issue its terms' Traditional forms."""
    forms = {form: entry for entry in glossary for _, form in entry.forms
             if form != entry.term and form not in _own_forms(entry, language)}
    found = terms(frozenset(forms))

    def check(line: SourceLine, context: Context) -> None:
        for start, _, form in found.finditer(line.text):
            entry = forms[form]
            context.report.warning(
                line.at(start), f"'{form}' is an edition's form of the glossary term "
                                f"'{entry.term}': write '{entry.term}' in a {language} manuscript, "
                                "so that each edition gets its own form", "glossary-form")
    return check


@dataclass(frozen=True)
class EditionChoice:
    """A choice of the converter in one edition, at the place of its phrase in the manuscript."""

    edition: str
    location: Location
    choice: Choice

    @property
    def message(self) -> str:
        choice = self.choice
        if choice.kind == "untraced":
            return (f"{choice.source} → {choice.printed}: the converter's choices here could "
                    f"not be traced; proofread it in \"{choice.context}\"")
        return (f"{choice.source} → {choice.printed} ({'/'.join(choice.alternatives)}) "
                f"in \"{choice.context}\"")


@dataclass
class IssueReview:
    """The edition review of one issue: what ``check --editions`` lists."""

    folder: Path
    language: str
    editions: tuple[str, ...]
    phrases: bool
    choices: list[EditionChoice] = dataclass_field(default_factory=list)

    def grouped(self, edition: str) -> list[tuple[EditionChoice, int]]:
        """The edition's choices in the order of the manuscript, each choice once (at its
        first place) with the number of times it is made."""
        def key(found: EditionChoice) -> tuple:
            choice = found.choice
            return choice.kind, choice.source, choice.printed, choice.alternatives
        ordered = sorted((found for found in self.choices if found.edition == edition),
                         key=lambda found: found.location)
        counts = Counter(key(found) for found in ordered)
        first = {}
        for found in ordered:
            first.setdefault(key(found), found)
        return [(found, counts[k]) for k, found in first.items()]


def edition_choices(review: IssueReview, glossary: tuple[GlossaryEntry, ...]) -> TextCheck:
    """Collect where each edition's converter chose among several forms, paragraph by
    paragraph as the editions convert them (lines joined, ruby annotations left out)."""
    def check(field: Field, text: SourceText, context: Context) -> None:
        if field.name in KEPT_FIELDS:
            return
        for joined in split_paragraphs(text):
            unconverted = annotations(joined.text)
            for edition in review.editions:
                for choice in choices(joined.text, review.language, edition, review.phrases,
                                      glossary, unconverted):
                    review.choices.append(EditionChoice(edition, joined.at(choice.start),
                                                        choice))
    return check
