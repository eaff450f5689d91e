import pytest

from bulletin_press.clreq.rules import (BREAK, HYPHENATE, INSIDE_ADDRESS, Fit, Run, break_kinds,
                                        compressed_pairs, fit_line, group_digits,
                                        hyphenation_points, release_long_holds, split_runs)


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


# Units and digit groups ------------------------------------------------------------

@pytest.mark.parametrize("text, runs", [
    ("占98.6%。", [Run("占"), Run("98.6%", True, True, False), Run("。")]),
    ("面积120㎡，", [Run("面积"), Run("120㎡", True, True, False), Run("，")]),
    ("温度36.5℃左右", [Run("温度"), Run("36.5℃", True, True, True), Run("左右")]),
    ("约%的", [Run("约"), Run("%", True, False, False), Run("的")]),  # a unit after no number
])
def test_a_unit_belongs_to_its_number_and_takes_its_gap(text, runs):
    assert split_runs(text) == runs


@pytest.mark.parametrize("text, grouped", [
    ("共1 024人", "共1\u00a0024人"),
    ("1 250 000人次", "1\u00a0250\u00a0000人次"),
    ("2023 年", "2023 年"),  # not a group: four digits
    ("第3 100", "第3\u00a0100"),
    ("3.14 159", "3.14 159"),  # a decimal's digits are not grouped so
])
def test_digit_groups_are_held_by_a_no_break_space(text, grouped):
    assert group_digits(text) == grouped


# Line breaks ---------------------------------------------------------------------------

def breaks(text: str) -> str:
    """The text with | where a line may break and ~ where it may hyphenate."""
    kinds = break_kinds(text)
    hyphenation_points(text, kinds)
    marks = {BREAK: "|", HYPHENATE: "~", INSIDE_ADDRESS: ""}
    return "".join(marks.get(kinds[i], "") + char for i, char in enumerate(text))


@pytest.mark.parametrize("text, expected", [
    # clreq allows a break before an opening and after a closing quote (UAX #14 does not)
    ("她说：“好。”他走了", "|她|说：|“好。”|他|走|了"[1:]),
    # after a closing quote before Latin and digits
    ("“某某”APP上线", "“某|某”|APP|上|线"),
    ("“两率”98%以上", "“两|率”|98%|以|上"),
    # prohibited line heads and ends; ellipses and dashes are never split (they may start
    # a line: clreq §3.1.7 does not list them)
    ("（一）他……走——了。", "（一）|他|……|走|——|了。"),
    # numbers hold their units, currencies their numbers, groups their digits
    ("达120㎡和¥300，共1\u00a0024人", "达|120㎡|和|¥300，|共|1\u00a0024|人"),
    # Latin words break at spaces and after their own hyphens
    ("用Microsoft Teams和well-known", "用|Micro~soft |Teams|和|well-|known"),
    # a <wbr> (zero-width space) is a break
    ("摄影\u200b王", "摄|影\u200b|王"),
    ("don’t", "don’t"),
])
def test_break_opportunities(text, expected):
    assert breaks(text).lstrip("|") == expected


def test_an_address_breaks_at_its_separators_and_never_ends_a_line_on_its_own_hyphen():
    text = "访问https://www.example-site.gov.cn/a_b/index.html?x=1&y=2或写信给li-ming@example.com。"
    kinds = break_kinds(text)
    start = text.index("https")
    url = text[start:text.index("或")]
    cuts = [i - start for i in range(start + 1, start + len(url)) if kinds[i] == BREAK]
    pieces = [url[a:b] for a, b in zip([0] + cuts, cuts + [len(url)])]
    assert pieces == ["https://", "www", ".example", "-site", ".gov", ".cn/", "a", "_b/", "index",
                      ".html?", "x=", "1&", "y=2"]
    assert not any(piece.endswith("-") for piece in pieces)
    email = text.index("li-ming")
    assert [i - email for i in range(email + 1, text.index("。")) if kinds[i] == BREAK] \
        == [2, 7, 15]  # li | -ming | @example | .com
    # between any two characters of an address only as a last resort, never hyphenated
    assert kinds[start + 4] == INSIDE_ADDRESS
    hyphenation_points(text, kinds)
    assert HYPHENATE not in kinds


def test_long_latin_words_hyphenate_with_a_dictionary():
    assert breaks("相关的internationalization工作") == \
        "相|关|的|inter~na~tion~al~iza~tion|工|作"
    assert breaks("Hackathon") == "Hackathon"  # no dictionary point, no guess


# Compression -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, lang, halves", [
    ("好。”他", "zh-Hans", [1]),
    ("（“好", "zh-Hans", [1]),
    ("，“好", "zh-Hans", [0]),
    ("好。」他", "zh-Hant", []),  # 。 is centred in Traditional Chinese: only brackets compress
    ("」「", "zh-Hant", [0]),
    ("，「", "zh-Hant", []),
])
def test_adjacent_marks_compress(text, lang, halves):
    assert compressed_pairs(text, lang) == halves


# Fitting a line ----------------------------------------------------------------------------

def em_widths(text: str) -> list[float]:
    """x positions of a text set one em (1.0) a character, Latin letters half an em."""
    x = [0.0]
    for char in text:
        x.append(x[-1] + (0.5 if char.isascii() else 1.0))
    return x


def fit(text: str, measure: float, lang: str = "zh-Hans", **options) -> Fit:
    kinds = break_kinds(text)
    hyphenation_points(text, kinds)
    return fit_line(text, kinds, em_widths(text), measure, lang, 1.0,
                    hyphen_width=options.pop("hyphen_width", 0.5), **options)


def test_a_line_ending_in_a_mark_pulls_the_mark_in_half_width():
    text = "一二三四五六七八九十，后面"
    got = fit(text, 10.5)
    assert text[:got.end] == "一二三四五六七八九十，" and got.halves == {10}
    # in Traditional Chinese the comma is centred: nothing to take away, the line breaks before
    got = fit(text, 10.5, "zh-Hant")
    assert text[:got.end] == "一二三四五六七八九" and not got.halves


def test_a_half_width_opening_mark_at_the_line_start_is_counted_when_breaking():
    text = "“一二三四五六七八九十。”后"
    x = em_widths(text)
    x = [0.0] + [value - 0.5 for value in x[1:]]  # the opening quote set half-width
    got = fit_line(text, break_kinds(text), x, 12.0, "zh-Hans", 1.0, frozenset({0}))
    assert text[:got.end] == "“一二三四五六七八九十。”"


def test_marks_inside_a_line_are_halved_only_to_save_a_loose_line():
    # pushing abcd to the next line would leave 1 em over 11 gaps (0.09 em each): compress
    loose = "一二，三四，五六七八九十abcd"
    got = fit(loose, 13.0)
    assert loose[:got.end] == loose and got.halves == {2, 5}
    # pushing ab leaves 0.5 em over 20 gaps: stretch, and leave the comma its em
    even = "一二三四五六七八九十一二三四五六七，八九十ab"
    got = fit(even, 21.5)
    assert even[:got.end] == "一二三四五六七八九十一二三四五六七，八九十" and not got.halves


def test_a_long_word_is_hyphenated_only_where_the_line_would_be_loose():
    text = "一二三四五六七八internationalization"
    got = fit(text, 12.0)  # 8 em of Chinese, then 4 em: interna- fits and saves the line
    assert text[:got.end] == "一二三四五六七八interna" and got.hyphen
    got = fit("一二三四五六七八九十一二三四五六七八九十一internationalization", 22.0)
    assert not got.hyphen  # 1 em over 21 gaps: stretch rather than hyphenate


def test_a_text_with_no_opportunity_that_fits_breaks_anywhere_only_at_the_line_start():
    text = "x" * 30  # a long word, but a word
    assert fit(text, 10.0) == Fit(20, 20)
    assert fit(text, 10.0, anywhere=False).end == 30  # overflows: the caller moves it whole
    # longer than any word: it may break between any two characters wherever it stands
    assert fit("x" * 60, 10.0, anywhere=False).end == 20


def test_the_end_of_a_shortened_text_is_no_break():
    text = "一二三四五六七八"
    assert fit(text, 20.0, complete=False).end < len(text)
    assert fit(text, 20.0).end == len(text)


def test_words_held_by_no_break_spaces_are_let_go_only_when_longer_than_any_word():
    assert split_runs("见Microsoft\u00a0Teams通知") == [
        Run("见"), Run("Microsoft\u00a0Teams", True, True, True), Run("通知")]
    assert release_long_holds("Microsoft\u00a0Teams") == "Microsoft\u00a0Teams"
    assert release_long_holds(group_digits("1 250 000")) == "1\u00a0250\u00a0000"
    rooms = " ".join(str(number) for number in range(100, 120))
    assert release_long_holds(group_digits(rooms)) == rooms
    sentence = "\u00a0".join(["word"] * 10)
    assert release_long_holds(sentence) == sentence.replace("\u00a0", " ")
    assert release_long_holds("a\u2060" * 40) == "a\u2060" * 40  # a word joiner is no space


def test_a_word_longer_than_any_other_is_still_hyphenated_at_its_dictionary_points():
    text = "见supercalifragilisticexpialidocious一词"
    kinds = break_kinds(text)
    hyphenation_points(text, kinds)
    word = text.index("super")
    assert [index - word for index, kind in enumerate(kinds) if kind == HYPHENATE] == \
        [5, 8, 13, 17, 20, 22, 24, 27, 29]
    # where the line would be loose, it ends at a hyphenation point, not between any two letters
    got = fit(text, 12.0)
    assert got.hyphen and text[:got.end] == "见supercalifragilistic"


def test_letting_go_of_no_break_spaces_takes_linear_time():
    import time
    started = time.perf_counter()
    for text in ("a" * 20000, "a\u00a0" * 10000, "一a" * 10000):
        release_long_holds(text)
    assert time.perf_counter() - started < 0.5
