import pytest

from bulletin_press.clreq.rules import Run, split_runs


@pytest.mark.parametrize("text, runs", [
    ("2023年5月", [Run("2023", True, False, True), Run("年"), Run("5", True, True, True), Run("月")]),
    ("监测PM2.5数值", [Run("监测"), Run("PM2.5", True, True, True), Run("数值")]),
    ("服务 500 余户", [Run("服务"), Run("500", True, True, True), Run("余户")]),  # typed spaces become the gap
    ("使用 Microsoft Word 软件", [Run("使用"), Run("Microsoft Word", True, True, True), Run("软件")]),
    ("（PM2.5）", [Run("（"), Run("PM2.5", True, False, False), Run("）")]),  # punctuation: no gap
    ("增长50%的", [Run("增长"), Run("50%", True, True, True), Run("的")]),  # a unit takes its number's gap
    ("纯中文。", [Run("纯中文。")]),
    ("“最后100米”", [Run("“最后"), Run("100", True, True, True), Run("米”")]),
])
def test_runs_and_gaps(text, runs):
    assert split_runs(text) == runs


def test_neighbours_outside_the_text_count():
    assert split_runs("5G", before="用", after="网") == [Run("5G", True, True, True)]
    assert split_runs("5G", before="", after="") == [Run("5G", True, False, False)]


def test_no_character_is_inserted_and_only_boundary_spaces_are_dropped():
    for text in ("2023年5月", "服务 500 余户", "a b 中 c", "Hello world"):
        joined = "".join(run.text for run in split_runs(text))
        assert joined.replace(" ", "") == text.replace(" ", "")
    assert "".join(r.text for r in split_runs("Hello world")) == "Hello world"
