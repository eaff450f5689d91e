import pytest

from bulletin_press.text.breaks import quote_breaks

Z = "\u200b"


@pytest.mark.parametrize("text, expected", [
    ("到2400台。“最难的是夜里。”工程师", f"到2400台。{Z}“最难的是夜里。”{Z}工程师"),
    ("都“闲不住”——协助", f"都{Z}“闲不住”——协助"),  # ”— is not a place to break: — may not start
    ("她说：“好。”", f"她说：{Z}“好。”"),
    ("“好”", "“好”"),  # nothing before, nothing after
    ("Don’t “stop”", "Don’t “stop”"),  # Latin context: UAX #14 is right there
    ("“‘站点清单’”", "“‘站点清单’”"),  # a quote inside a quote never parts from it
])
def test_breaks_before_opening_and_after_closing_quotes(text, expected):
    assert quote_breaks(text) == expected


def test_neighbours_outside_the_run_count():
    assert quote_breaks("“好", before="说") == f"{Z}“好"
    assert quote_breaks("好”", after="他") == f"好”{Z}"
