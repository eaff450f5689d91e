import pytest

from bulletin_press.diagnostics import Location, Report
from bulletin_press.manuscript.model import Emphasis, Ruby, Text
from bulletin_press.text.markup import RUBY, parse_paragraphs
from bulletin_press.text.source import SourceLine, SourceText


def parse(text: str) -> tuple[tuple, Report]:
    report = Report()
    lines = tuple(SourceLine(line, Location("s.yaml", number, 3))  # type: ignore[arg-type]
                  for number, line in enumerate(text.split("\n"), 1))
    paragraphs = parse_paragraphs(SourceText(lines, Location("s.yaml", 1, 1)), report)  # type: ignore[arg-type]
    return tuple(p.inlines for p in paragraphs), report


def test_plain_text_is_one_run():
    (inlines,), report = parse("他说：“好。”")
    assert inlines == (Text("他说：“好。”"),) and report.ok


def test_emphasis_and_ruby_keep_their_structure():
    (inlines,), report = parse("这是**重点**，{淞|sōng}字读音。")
    assert report.ok
    assert inlines == (Text("这是"), Emphasis((Text("重点"),)), Text("，"), Ruby("淞", "sōng"),
                       Text("字读音。"))


def test_ruby_inside_emphasis():
    (inlines,), _ = parse("**{漢字|hàn zì}很美**")
    assert inlines == (Emphasis((Ruby("漢字", "hàn zì"), Text("很美"))),)


def test_emphasis_spans_joined_lines():
    (inlines,), _ = parse("**前半\n后半**")
    assert inlines == (Emphasis((Text("前半后半"),)),)


@pytest.mark.parametrize("text", ["<b>粗体</b>", "{{ issue.title }}", "{{ x | upper }}", "{% if x %}",
                                  "{# note #}", "a * b", "a}b", "集合{1, 2}", "{未注音"])
def test_html_and_template_syntax_are_text(text):
    (inlines,), report = parse(text)
    assert report.ok and inlines == (Text(text),)


def test_backslash_makes_markup_literal():
    (inlines,), report = parse(r"\*\*不是强调\*\* \{不是注音|x\}")
    assert report.ok and inlines == (Text("**不是强调** {不是注音|x}"),)


@pytest.mark.parametrize("text, col, message", [
    ("开头**未闭合", 5, "'**' opens emphasis that is never closed"),
    ("甲{乙|yǐ", 4, "'{' opens a ruby annotation that is never closed"),
    ("甲{乙|}", 4, "needs both a base text and an annotation"),
    ("甲{|yǐ}", 4, "needs both a base text and an annotation"),
    ("甲{乙|a|b}", 4, "needs exactly one '|'"),
    ("****", 3, "empty emphasis"),
])
def test_markup_errors_are_located(text, col, message):
    _, report = parse(text)
    (error,) = report.errors
    assert error.location == Location("s.yaml", 1, col)  # type: ignore[arg-type]
    assert message in error.message


def test_markup_a_field_does_not_take_is_an_error_at_its_place():
    report = Report()
    source = SourceText((SourceLine("记者 **李明** {淡水|Tām-tsuí}", Location("s.yaml", 4, 9)),),  # type: ignore[arg-type]
                        Location("s.yaml", 4, 9))  # type: ignore[arg-type]
    parse_paragraphs(source, report, frozenset({RUBY}), "byline")
    assert [str(d) for d in report] == [
        "s.yaml:4:12: error: 'byline' takes no emphasis: remove the '**' "
        "(or write \\* for a literal asterisk)"]
    report = Report()
    (paragraph,) = parse_paragraphs(source, report, frozenset(), "publication")
    assert [str(d) for d in report][1] == ("s.yaml:4:19: error: 'publication' takes no ruby: "
                                           "write the base text alone (or \\{ for a literal brace)")


def test_escaped_markup_is_text_in_a_field_without_markup():
    report = Report()
    source = SourceText((SourceLine(r"\*\*简报\*\* \{a|b}", Location("s.yaml", 1, 1)),),  # type: ignore[arg-type]
                        Location("s.yaml", 1, 1))  # type: ignore[arg-type]
    (paragraph,) = parse_paragraphs(source, report, frozenset(), "publication")
    assert report.ok and paragraph.inlines == (Text("**简报** {a|b}"),)
