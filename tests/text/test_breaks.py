import pytest

from bulletin_press.text.breaks import ZERO_WIDTH_SPACE, quote_breaks

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


def test_an_overlong_run_gets_opportunities_and_pairs_stay_whole():
    from bulletin_press.text.breaks import long_run_breaks

    url = "https://example.org/" + "a" * 60
    broken = long_run_breaks(url + " 中文")
    assert broken.replace(ZERO_WIDTH_SPACE, "") == url + " 中文"
    assert [len(part) for part in broken.split(" ")[0].split(ZERO_WIDTH_SPACE)] == [16] * 5
    assert long_run_breaks("字" + "——" * 30 + "字") == "字" + "——" * 30 + "字"  # one cluster
    ellipses = long_run_breaks("字" + "……" * 30 + "字")
    assert all(len(part) % 2 == 0 for part in ellipses.strip("字").split(ZERO_WIDTH_SPACE))
    assert long_run_breaks("a" * 40) == "a" * 40  # a long word that fits is left alone
    assert long_run_breaks("字a" * 100) == "字a" * 100  # Han characters break lines already
