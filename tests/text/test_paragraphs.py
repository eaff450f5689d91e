from bulletin_press.diagnostics import Location
from bulletin_press.text.paragraphs import split_paragraphs
from bulletin_press.text.source import SourceLine, SourceText

import pytest


def source(*lines: str) -> SourceText:
    here = Location("story.yaml", 1, 1)  # type: ignore[arg-type]
    return SourceText(tuple(SourceLine(line, Location("story.yaml", number, 3))  # type: ignore[arg-type]
                            for number, line in enumerate(lines, 2)), here)


@pytest.mark.parametrize("lines, joined", [
    (("中文句子的前半", "和后半。"), "中文句子的前半和后半。"),  # Chinese both sides: no space
    (("累计服务500余户，", "1900多人次"), "累计服务500余户，1900多人次"),  # punctuation then digit
    (("他说：“坚守初心", "继续努力。”"), "他说：“坚守初心继续努力。”"),
    (("Chinese and", "English"), "Chinese and English"),  # Latin both sides: one space
    (("参加了 WHO", "会议"), "参加了 WHO会议"),  # either side Chinese: no space
    (("version 5G", "network"), "version 5G network"),
    (("  缩进的行  ", "  也一样"), "缩进的行也一样"),
])
def test_lines_join_without_a_space_when_either_side_is_chinese(lines, joined):
    (paragraph,) = split_paragraphs(source(*lines))
    assert paragraph.text == joined


def test_blank_lines_separate_paragraphs():
    paragraphs = split_paragraphs(source("第一段", "接着。", "", "", "第二段。", "   ", "第三段。"))
    assert [p.text for p in paragraphs] == ["第一段接着。", "第二段。", "第三段。"]


def test_every_character_keeps_its_source_position():
    (paragraph,) = split_paragraphs(source("  第一行", "第二行"))
    assert paragraph.at(0) == Location("story.yaml", 2, 5)  # type: ignore[arg-type]
    assert paragraph.at(3) == Location("story.yaml", 3, 3)  # type: ignore[arg-type]
