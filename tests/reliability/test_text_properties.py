"""Property-based tests of the text stage: markup, line joining, spacing, breaks, quotes, HTML.

Hypothesis feeds each function text that mixes Chinese, Latin letters and
digits, the markup characters ``* { } | \\``, Chinese and ASCII punctuation,
spaces, line breaks and arbitrary Unicode, and checks what must hold for
*every* input: nothing raises, nothing is lost, errors are located inside the
source, the HTML is well formed.

Normalisations the properties allow, as the modules document them:

* Line joining (``paragraphs.py``): a line is ``str.strip()``-ped (so its
  indentation and trailing white space go, Unicode white space included, e.g.
  U+3000), blank lines are dropped (they separate paragraphs), and two lines
  are joined with nothing between them when the last character of the one or
  the first of the other is Chinese (``chars.is_chinese``), else with one space.
* Markup (``markup.py``): ``**`` (emphasis) and the braces and bar of a ruby
  ``{base|annotation}`` vanish, ``\\X`` gives ``X`` for X in ``\\ * { } |``,
  the base and annotation of a ruby are stripped of white space; everything
  else is kept as typed.
* Spacing (``spacing.py``): one typed space between a Han character and a
  Latin letter or digit is taken as the gap and dropped from the runs.
* Breaks (``breaks.py``): U+200B is inserted, nothing else changes.
* Quotes (``convert.py``): ’ between two ASCII letters is an apostrophe and
  stays ’ in corner style.
"""

from __future__ import annotations

import re
import string
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from bulletin_press.diagnostics import Location, Report
from bulletin_press.manuscript.model import Emphasis, Inline, Ruby, Text, plain_text
from bulletin_press.clreq.chars import (CONTROL_CHARACTERS, NOT_AT_LINE_END, NOT_AT_LINE_START,
                                        UNITS, is_alphanumeric, is_chinese)
from bulletin_press.clreq.rules import NO_BREAK, break_kinds, fit_line, split_runs
from bulletin_press.text.convert import convert_quotes, layout_text
from bulletin_press.text.markup import parse_line, parse_paragraphs
from bulletin_press.text.pairs import PAIRS
from bulletin_press.text.paragraphs import join_lines, split_paragraphs
from bulletin_press.text.source import SourceLine, SourceText
from bulletin_press.text.variants import script_mismatches
from bulletin_press.typeset import render_inlines, render_print_inlines

FAST = settings(max_examples=200, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

PATH = Path("stories/01.yaml")
MARKUP = "*{}|\\"
HAN = "中文的一是不了人我在有他这为之大来以个们到说和地也子时道出要于就下得年生会后能对着里发门诊干部树头好"
OTHER_CJK = "〇あアㄅ㐀丽𠀀𪜀"  # kana, bopomofo, extension A, compatibility, extension B
CJK_PUNCTUATION = "“”‘’「」『』，。、：；！？（）《》【】—…·"
ASCII_PUNCTUATION = ".,;:!?'\"()-%#/<>&=_"
SPACES = " \t\u3000\u00a0"
CURLY, CORNER = "“”‘’", "「」『』"
# Small alphabets that make the interesting neighbours likely.
SPACING = "中文年〇あaZ19.%  \u3000“”（）"
BREAKS = "好说〇a1 。，：！）（「」『』—…" + CURLY
# Text a manuscript may hold: the loader refuses these (manuscript/compose.py).
_REFUSED = re.compile(f"[{CONTROL_CHARACTERS}]")


def characters(exclude: str = "", surrogates: bool = False) -> st.SearchStrategy[str]:
    """One character: Chinese, Latin, markup, punctuation, a space or anything at all."""
    pools = [HAN + OTHER_CJK, string.ascii_letters + string.digits, MARKUP,
             CJK_PUNCTUATION + ASCII_PUNCTUATION, SPACES]
    strategies = [st.sampled_from([c for c in pool if c not in exclude]) for pool in pools]
    strategies = [s for s, pool in zip(strategies, pools) if any(c not in exclude for c in pool)]
    strategies.append(st.characters(exclude_characters=exclude))
    if surrogates:
        strategies.append(st.characters(categories=["Cs"]))
    return st.one_of(*strategies)


def texts(exclude: str = "", surrogates: bool = False,
          max_size: int = 30) -> st.SearchStrategy[str]:
    return st.text(characters(exclude, surrogates), max_size=max_size)


def ruby_markup(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda base, annotation: f"{{{base}|{annotation}}}", inner, inner)


# Tokens that make markup (and markup errors) likely; "\n\n" makes paragraphs.
TOKENS = ["**", "****", "{", "}", "|", "\\", "{{", "{%", "{#", "\n", "\n\n", "\n \n", "  ",
          "\\*", "\\{", "\\}", "\\|", "\\\\", "<script>", "&amp;", "]]>"]


def markup_texts(surrogates: bool = False) -> st.SearchStrategy[str]:
    piece = st.one_of(characters(surrogates=surrogates), st.sampled_from(TOKENS),
                      ruby_markup(texts("\n", max_size=4)), st.just("\n"))
    return st.lists(piece, max_size=30).map("".join)


def source_of(text: str, first_line: int = 1, col: int = 1) -> SourceText:
    """``text`` as the lines of a field whose lines start at ``first_line``, column ``col``."""
    lines = tuple(SourceLine(line, Location(PATH, first_line + number, col))
                  for number, line in enumerate(text.split("\n")))
    return SourceText(lines, Location(PATH, first_line, col))


positions = st.tuples(st.integers(1, 500), st.integers(1, 40))


# ---------------------------------------------------------------------------
# Reference statements of the documented normalisations


def reference_join(lines: list[str]) -> str:
    """Lines joined as the paragraphs module documents it."""
    joined = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if joined and not (is_chinese(joined[-1]) or is_chinese(line[0])):
            joined += " "
        joined += line
    return joined


def reference_paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text``: runs of non-blank lines, each joined."""
    paragraphs, current = [], []
    for line in text.split("\n") + [""]:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(reference_join(current))
            current = []
    return paragraphs


def escape(text: str) -> str:
    return re.sub(r"([\\*{}|])", r"\\\1", text)


def unescape(text: str) -> str:
    return re.sub(r"\\([\\*{}|])", r"\1", text)


def shown(inlines) -> str:
    """Every character the inlines hold, in order: text, ruby base then its annotation."""
    parts = []
    for inline in inlines:
        if isinstance(inline, Text):
            parts.append(inline.text)
        elif isinstance(inline, Ruby):
            parts.append(inline.base + inline.annotation)
        else:
            parts.append(shown(inline.children))
    return "".join(parts)


def dropped(short: str, long: str) -> str:
    """The characters of ``long`` left over when ``short`` is matched in it, left to right."""
    out, position = [], 0
    for char in long:
        if position < len(short) and char == short[position]:
            position += 1
        else:
            out.append(char)
    assert position == len(short), f"{short!r} is not a subsequence of {long!r}"
    return "".join(out)


def without(text: str, chars: str) -> str:
    return "".join(char for char in text if char not in chars)


def non_space(text: str) -> str:
    return "".join(char for char in text if not char.isspace())


# ---------------------------------------------------------------------------
# 1. The markup parser never raises, and locates every error inside the source


@FAST
@given(markup_texts(surrogates=True), positions)
def test_parser_never_raises_and_locates_errors_inside_the_source(text, position):
    first_line, col = position
    source = source_of(text, first_line, col)
    report = Report()
    paragraphs = parse_paragraphs(source, report)
    parse_line(source, Report())

    for diagnostic in report.diagnostics:
        location = diagnostic.location
        assert location.path == PATH and location.line >= 1 and location.col >= 1
        line = location.line - first_line
        assert 0 <= line < len(source.lines), diagnostic
        offset = location.col - col
        assert 0 <= offset < len(source.lines[line].text), diagnostic
        # an error points at the '**' or the '{' it is about, a warning at the quotation mark
        # or bracket without its partner
        if diagnostic.severity == "error":
            assert source.lines[line].text[offset] in "*{", diagnostic
        else:
            assert diagnostic.code == "unpaired-bracket", diagnostic
            assert source.lines[line].text[offset] in "".join(PAIRS) + "".join(PAIRS.values()), diagnostic
    for paragraph in paragraphs:
        line = paragraph.origin.line - first_line
        offset = paragraph.origin.col - col
        assert 0 <= line < len(source.lines) and 0 <= offset < len(source.lines[line].text)
        # a paragraph starts at the first non-blank character of its first line
        text = source.lines[line].text
        assert not text[:offset].strip() and not text[offset].isspace()


@FAST
@given(markup_texts())
def test_parsed_inlines_are_well_formed(text):
    """Text is never empty, emphasis never empty nor nested, ruby parts stripped and non-empty;
    where the report is clean, neighbouring text runs are merged."""
    report = Report()
    for paragraph in parse_paragraphs(source_of(text), report):
        assert paragraph.inlines or not report.ok  # '****' alone: an error, and nothing to show

        def check(inlines, inside_emphasis):
            previous = None
            for inline in inlines:
                if isinstance(inline, Text):
                    assert inline.text
                    if report.ok:
                        assert not isinstance(previous, Text), inlines
                elif isinstance(inline, Ruby):
                    assert inline.base and inline.base == inline.base.strip()
                    assert inline.annotation and inline.annotation == inline.annotation.strip()
                else:
                    assert isinstance(inline, Emphasis) and not inside_emphasis
                    assert inline.children
                    check(inline.children, True)
                previous = inline
        check(paragraph.inlines, False)


# ---------------------------------------------------------------------------
# 2. No character is lost


@FAST
@given(st.text(st.one_of(characters(MARKUP), st.just("\n")), max_size=40))
def test_text_without_markup_characters_is_the_joined_text(text):
    report = Report()
    paragraphs = parse_paragraphs(source_of(text), report)
    assert report.ok
    expected = reference_paragraphs(text)
    assert [p.inlines for p in paragraphs] == [(Text(p),) for p in expected]
    assert [plain_text(p.inlines) for p in paragraphs] == expected


@FAST
@given(st.text(st.one_of(characters(), st.just("\n")), max_size=40))
def test_escaped_text_is_literal(text):
    """Every markup character escaped: the text comes out as typed (after line joining)."""
    report = Report()
    paragraphs = parse_paragraphs(source_of(escape(text)), report)
    assert report.ok, [str(d) for d in report]
    # joining sees the backslashes (Latin), so join first, then take them out
    expected = [unescape(p) for p in reference_paragraphs(escape(text))]
    assert [p.inlines for p in paragraphs] == [(Text(p),) for p in expected]


@FAST
@given(st.lists(st.one_of(characters("\\\n"), st.sampled_from(["\\*", "\\{", "\\}", "\\|", "\\\\",
                                                                "**", "{", "}", "|", "\n"])),
                max_size=20).map("".join))
def test_a_backslash_shows_only_where_it_was_escaped(text):
    """With every backslash in an escape pair, the output holds one per ``\\\\`` and no other."""
    report = Report()
    paragraphs = parse_paragraphs(source_of(text), report)
    expected = sum(1 for pair in re.findall(r"\\(.)", text, re.S) if pair == "\\")
    assert sum(shown(p.inlines).count("\\") for p in paragraphs) == expected


@FAST
@given(texts("\n", max_size=8), texts("\n", max_size=8))
def test_escapes_work_inside_ruby(base, annotation):
    assume(base.strip() and annotation.strip())
    assume(not base.startswith(("%", "#")))  # {% and {# are always text (template syntax)
    report = Report()
    inlines = parse_line(source_of(f"{{{escape(base)}|{escape(annotation)}}}"), report)
    assert report.ok, [str(d) for d in report]
    assert inlines == (Ruby(base.strip(), annotation.strip()),)


@FAST
@given(markup_texts())
def test_every_character_is_accounted_for(text):
    """Text, ruby bases and annotations hold every non-markup character of the input, in
    order; the only other characters that may go are white space (around ruby parts)."""
    report = Report()
    source = source_of(text)
    paragraphs = parse_paragraphs(source, report)
    joined = split_paragraphs(source)
    assert len(paragraphs) == len(joined)
    for paragraph, original in zip(paragraphs, joined):
        expected = without(original.text, MARKUP)
        got = without(shown(paragraph.inlines), MARKUP)
        assert non_space(got) == non_space(expected)
        assert all(char.isspace() for char in dropped(got, expected))
        if count(paragraph.inlines, Ruby) == 0:
            assert got == expected


# ---------------------------------------------------------------------------
# 3. Line joining


line_lists = st.lists(texts("\n", surrogates=True, max_size=12)
                      | st.text(st.sampled_from("中文a1 \t\u3000“”,"), max_size=6), max_size=8)


@FAST
@given(line_lists, positions)
def test_line_joining(lines, position):
    first_line, col = position
    source = [SourceLine(line, Location(PATH, first_line + n, col)) for n, line in enumerate(lines)]
    joined = join_lines(source)
    assert "\n" not in joined.text
    assert len(joined.locations) == len(joined.text)
    assert joined.text == reference_join(lines)
    # no non-space character is lost, none added
    assert non_space(joined.text) == non_space("".join(lines))
    # idempotent: the joined text, joined again as one line, is itself
    assert join_lines([SourceLine(joined.text, Location(PATH, 1, 1))]).text == joined.text
    # each character's location is the character in the source; an inserted space has the
    # location of the character before it; locations never go back
    for index, (char, location) in enumerate(zip(joined.text, joined.locations)):
        line = lines[location.line - first_line]
        if line[location.col - col] != char:
            assert char == " " and joined.locations[index - 1] == location
    assert list(joined.locations) == sorted(joined.locations)
    if joined.text:
        assert joined.at(10 ** 6) == joined.locations[-1]


# ---------------------------------------------------------------------------
# 4. Spacing, breaks and quotes


@FAST
@given(texts(surrogates=True) | st.text(st.sampled_from(SPACING), max_size=15),
       st.text(st.sampled_from(SPACING), max_size=2) | st.text(characters(), max_size=2),
       st.text(st.sampled_from(SPACING), max_size=2) | st.text(characters(), max_size=2))
def test_split_runs_drops_only_gap_spaces(text, before, after):
    runs = split_runs(text, before, after)
    assert all(run.text for run in runs)
    assert all(run.latin or not (run.gap_before or run.gap_after) for run in runs)
    # Walk the input: every run stands where the last one ended, but for one typed space
    # dropped as the gap of a Latin run next to a Han character.
    position = 0
    for index, run in enumerate(runs):
        if not text.startswith(run.text, position):
            assert text[position] == " ", (text, runs)
            previous = runs[index - 1] if index else None
            assert run.gap_before or (previous is not None and previous.gap_after), (text, runs)
            position += 1
        assert text.startswith(run.text, position), (text, runs)
        position += len(run.text)
    if position < len(text):
        assert text[position:] == " " and runs[-1].gap_after, (text, runs)
    # a gap is only where a Han character and a letter or digit meet (across one space)
    for run in runs:
        if run.gap_before:
            assert is_alphanumeric(run.text[0])
        if run.gap_after:
            assert is_alphanumeric(run.text[-1]) or (run.text[-1] in UNITS and run.text[-2:-1].isdigit())
    # what was split off the text is the text
    if " " not in text:
        assert "".join(run.text for run in runs) == text


@FAST
@given(texts(surrogates=True) | st.text(st.sampled_from(BREAKS), max_size=12),
       st.text(st.sampled_from(BREAKS), max_size=2) | st.text(characters(), max_size=2),
       st.text(st.sampled_from(BREAKS), max_size=2) | st.text(characters(), max_size=2))
def test_line_breaks_keep_the_prohibitions(text, before, after):
    kinds = break_kinds(text, before, after)
    assert len(kinds) == len(text) + 1
    padded = before[-1:] + text + after[:1]
    offset = len(before[-1:])
    for index, kind in enumerate(kinds):
        if kind == NO_BREAK:
            continue
        left, right = padded[offset + index - 1:offset + index], padded[offset + index:offset + index + 1]
        assert left and right, (text, index)
        assert right not in NOT_AT_LINE_START and left not in NOT_AT_LINE_END, (text, index)
        assert not (left == right and left in "—…"), (text, index)


@FAST
@given(st.text(st.sampled_from("中文字，。“”A b-1%"), min_size=1, max_size=40),
       st.floats(min_value=0.5, max_value=30))
def test_a_line_that_fits_is_never_wider_than_the_measure(text, measure):
    x = [float(index) for index in range(len(text) + 1)]  # every character one em
    fit = fit_line(text, break_kinds(text), x, measure, "zh-Hans", 1.0)
    assert 0 < fit.end <= fit.resume <= len(text)
    width = x[fit.end] - sum(0.5 for _ in fit.halves)
    assert width <= measure + 0.01 or fit.end == 1 or fit.end == len(text.rstrip(" ")) \
        or not any(break_kinds(text)[1:fit.end]), (text, measure, fit)


@FAST
@given(st.text(st.sampled_from(HAN + "，。、：；！？" + CURLY + "ab"), max_size=30),
       st.text(st.sampled_from(HAN + "，。" + CORNER + "ab"), max_size=30))
def test_quote_styles_round_trip(curly, corner):
    there = convert_quotes(curly, "corner")
    assert convert_quotes(there, "curly") == curly
    # what stays curly is an apostrophe: ’ between two ASCII letters (don’t)
    for match in re.finditer(f"[{CURLY}]", there):
        assert re.fullmatch("[A-Za-z]’[A-Za-z]", there[match.start() - 1:match.end() + 1]), there
    back = convert_quotes(corner, "curly")
    assert not set(back) & set(CORNER)
    expected = corner
    # the exception: 』 between two ASCII letters comes back as ’, an apostrophe, which stays
    for match in re.finditer(r"(?<=[A-Za-z])』(?=[A-Za-z])", corner):
        expected = expected[:match.start()] + "’" + expected[match.end():]
    assert convert_quotes(back, "corner") == expected
    assert convert_quotes(curly, "curly") == curly
    assert convert_quotes(corner, "corner") == corner


@FAST
@given(texts(max_size=20))
def test_convert_quotes_never_raises_and_keeps_length(text):
    for target in ("curly", "corner"):
        out = convert_quotes(text, target)
        assert len(out) == len(text)
        assert all(a == b or a in CURLY + CORNER for a, b in zip(text, out))
        assert not set(out) & set(CORNER if target == "curly" else CURLY.replace("’", ""))


@FAST
@given(texts(max_size=20).filter(lambda t: not _REFUSED.search(t)))
def test_layout_text_and_script_mismatches_never_raise(text):
    """On text the loader admits: OpenCC cannot encode a lone surrogate (UnicodeEncodeError)
    and stops at U+0000 (the rest of the text is lost); the loader refuses both."""
    for edition in ("zh-Hans", "zh-Hant", "zh-Hant-HK"):
        assert isinstance(layout_text(edition)(text), str)
    for language in ("zh-Hans", "zh-Hant"):
        mismatches = script_mismatches(text, language)
        end = 0
        for mismatch in mismatches:
            assert end <= mismatch.start < mismatch.end <= len(text)
            assert mismatch.expected
            end = mismatch.end


# ---------------------------------------------------------------------------
# 5. HTML from inlines


HOSTILE = ["<script>", "</em>", "&amp;", "&", "<", ">", "]]>", "<!--", '"', "'", "{{ x }}"]


def manuscript_texts(max_size: int = 8, exclude: str = "") -> st.SearchStrategy[str]:
    """Text the loader lets through (manuscript/compose.py refuses control characters,
    lone surrogates, U+FFFE/U+FFFF), hostile HTML likely."""
    plain = st.text(characters(exclude + "\n"), max_size=max_size)
    hostile = st.lists(st.sampled_from(HOSTILE) | st.text(characters(exclude + "\n"), max_size=2),
                       max_size=3).map("".join)
    return (plain | hostile).map(lambda t: _REFUSED.sub("", t))


def non_empty(strategy):
    return strategy.filter(bool)


def inline_trees(text=None, ruby=None) -> st.SearchStrategy[tuple[Inline, ...]]:
    text = non_empty(manuscript_texts()) if text is None else text
    ruby = text if ruby is None else ruby
    leaf = st.one_of(st.builds(Text, text), st.builds(Ruby, ruby, ruby))
    return st.lists(st.one_of(leaf, st.builds(lambda c: Emphasis(tuple(c)),
                                              st.lists(leaf, min_size=1, max_size=2))),
                    max_size=4).map(tuple)


def parsed_inlines() -> st.SearchStrategy[tuple[Inline, ...]]:
    return markup_texts().map(lambda t: parse_line(source_of(_REFUSED.sub("", t)), Report()))


def xml(html: str) -> etree._Element:
    return etree.fromstring(f"<root>{html}</root>")


def visible(element, hidden) -> str:
    """The text of ``element`` without the subtrees ``hidden`` picks out."""
    parts = [element.text or ""]
    for child in element:
        if not hidden(child):
            parts.append(visible(child, hidden))
        parts.append(child.tail or "")
    return "".join(parts)


def annotations(inlines) -> list[str]:
    out = []
    for inline in inlines:
        if isinstance(inline, Ruby):
            out.append(inline.annotation)
        elif isinstance(inline, Emphasis):
            out.extend(annotations(inline.children))
    return out


def count(inlines, kind) -> int:
    return sum(isinstance(i, kind) + (count(i.children, kind) if isinstance(i, Emphasis) else 0)
               for i in inlines)


HOSTILE_EXAMPLE = (Text("<script>alert('&amp;')</script>"), Ruby("<b>", "</rt>"),
                   Emphasis((Text("]]><!--"),)), Text("12"))


@FAST
@given(inline_trees() | parsed_inlines(), st.booleans())
@example(HOSTILE_EXAMPLE, True)
def test_ebook_html_is_well_formed_and_prints_the_text_literally(inlines, vertical):
    root = xml(str(render_inlines(inlines, vertical)))
    assert {e.tag for e in root.iter()} <= {"root", "em", "ruby", "rp", "rt", "span"}
    assert len(root.findall(".//em")) == count(inlines, Emphasis)
    assert len(root.findall(".//ruby")) == count(inlines, Ruby)
    assert visible(root, lambda e: e.tag in ("rt", "rp")) == plain_text(inlines)
    assert [rt.text or "" for rt in root.iter("rt")] == annotations(inlines)
    for span in root.iter("span"):
        assert vertical and span.get("class") == "tcy" and re.fullmatch("[0-9]{1,2}", span.text)


@FAST
@given(inline_trees() | parsed_inlines(), st.text(characters(), max_size=1),
       st.text(characters(), max_size=1))
@example(HOSTILE_EXAMPLE, "<", ">")
def test_print_html_is_well_formed_and_prints_the_text_literally(inlines, before, after):
    root = xml(str(render_print_inlines(inlines, before, after)))
    assert {e.tag for e in root.iter()} <= {"root", "em", "span"}
    assert len(root.findall(".//em")) == count(inlines, Emphasis)
    rt = [e for e in root.iter("span") if e.get("class") == "rt"]
    assert [e.text or "" for e in rt] == annotations(inlines)
    text = visible(root, lambda e: e.get("class") == "rt")
    plain = plain_text(inlines)
    # only typed spaces at a Han/Latin boundary may go (the gap is made by the layout)
    assert set(dropped(text, plain)) <= {" "}


# Chinese, its punctuation and spaces, and Latin runs among them.
CHINESE_WITH_QUOTES = HAN + "〇，。、：；！？（）「」『』《》—… \u3000Ab1" + CURLY


@FAST
@given(inline_trees(non_empty(st.text(st.sampled_from(CHINESE_WITH_QUOTES), max_size=6)),
                    non_empty(st.text(st.sampled_from(HAN + " "), max_size=3))),
       st.text(st.sampled_from(CHINESE_WITH_QUOTES), max_size=1),
       st.text(st.sampled_from(CHINESE_WITH_QUOTES), max_size=1))
@example((Ruby("说", "shuō"), Text("A“好”")), "", "")
@example((Text("好”A"), Ruby("他", "tā")), "", "")
def test_print_markup_prints_the_text_and_nothing_else(inlines, before, after):
    """Spans carry the spacing, compression and dots; no character is inserted (the line
    breaks come from the rules during layout, not from zero-width spaces in the text)."""
    root = xml(str(render_print_inlines(inlines, before, after)))
    got = visible(root, lambda e: e.get("class") == "rt")
    assert got.replace(" ", "") == plain_text(inlines).replace(" ", "")


@pytest.mark.parametrize("unit", ["{a", "{a|", "{a|\\*", "{\\|", "**{"])
def test_parsing_hostile_brace_soup_stays_fast(unit):
    """Each '{' looks ahead for its '}': that must stay a string search, not a Python loop
    over the rest of the paragraph (which takes over ten seconds for these 10,000 characters)."""
    text = unit * (10_000 // len(unit))
    started = time.perf_counter()
    parse_paragraphs(source_of(text), Report())
    assert time.perf_counter() - started < 2
