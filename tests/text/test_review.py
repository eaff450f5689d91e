"""The edition review: each choice of the converter, at its place, with its forms."""

from __future__ import annotations

import random

import pytest

from bulletin_press.manuscript.model import GlossaryEntry
from bulletin_press.text.convert import CONFIGURATIONS, text_converter
from bulletin_press.text.dictionaries import STOCK, entries
from bulletin_press.text.review import choices
from tests.conftest import SAMPLE


def listed(text, language="zh-Hans", edition="zh-Hant", phrases=False, glossary=(), **kwargs):
    return [(c.source, c.printed, c.alternatives, c.kind, c.decided_by)
            for c in choices(text, language, edition, phrases, glossary, **kwargs)]


def test_a_phrase_decides_among_a_characters_forms():
    (choice,) = choices("垃圾分为干垃圾", "zh-Hans", "zh-Hant", False)
    assert (choice.start, choice.end, choice.position) == (4, 7, 4)
    assert (choice.source, choice.printed, choice.kind, choice.decided_by) == \
        ("干垃圾", "乾垃圾", "character", "phrase")
    assert choice.alternatives[0] == "乾" and {"幹", "干"} <= set(choice.alternatives)
    assert choice.context == "垃圾分为干垃圾"


def test_a_character_left_to_its_first_form_is_a_default_choice():
    # Taiwan writes 著 for the particle too; Hong Kong tells 着 from 著
    (choice,) = choices("大家看著他走過來。", "zh-Hant", "zh-Hant-HK", False)
    assert (choice.source, choice.printed, choice.alternatives, choice.decided_by) == \
        ("著", "着", ("着", "著"), "default")
    assert (choice.start, choice.end) == (3, 4)
    assert choice.context == "大家看著他走過來。"


def test_the_corrected_phrases_show_as_decided():
    assert listed("原著", "zh-Hant", "zh-Hant-HK") == [
        ("原著", "原著", ("著", "着"), "character", "phrase")]


def test_context_is_cut_with_an_ellipsis():
    (choice,) = choices("一二三四五六七八九看著他一二三四五六七八九", "zh-Hant", "zh-Hant-HK", False)
    assert choice.context == "…六七八九看著他一二三四…"


def test_characters_with_one_form_and_the_manuscripts_own_edition_list_nothing():
    assert listed("我们认真学习", edition="zh-Hant") == []
    assert listed("干部", edition="zh-Hans") == []


def test_glossary_terms_and_unconverted_stretches_are_not_listed():
    glossary = (GlossaryEntry("干部", (("*", "幹部"),)),)
    assert listed("干部", glossary=glossary) == []
    assert [c.source for c in choices("王干部和头发", "zh-Hans", "zh-Hant", False, glossary)] == \
        ["头发"]
    text = "{干|gàn}活"
    assert listed(text, unconverted=[(3, 6)]) == listed("{干|gàn}活")  # Latin: nothing there
    assert listed("{面|干}", unconverted=[(3, 4)]) == [("面", "面", ("面", "麵"), "character",
                                                        "default")]


def test_words_swapped_by_phrase_conversion_are_listed_with_the_plain_form():
    assert listed("软件和打印机", phrases=True) == [
        ("软件", "軟體", ("軟體", "軟件"), "word", "phrase"),
        ("打印机", "印表機", ("印表機", "打印機"), "word", "phrase")]
    assert listed("软件", phrases=False) == []
    # the Taiwan words the Mainland uses too are kept, so there is no choice to list
    assert listed("啟用新系統", "zh-Hant", "zh-Hans", phrases=True) == []
    assert listed("軟體", "zh-Hant", "zh-Hans", phrases=True) == [
        ("軟體", "软件", ("软件", "软体"), "word", "phrase")]


def test_places_stay_right_after_a_word_of_another_length():
    text = "一个U盘和干部"
    assert text_converter("zh-Hans", "zh-Hant", True, (), "corner")(text) == "一個隨身碟和幹部"
    found = {c.source: (c.start, c.end) for c in choices(text, "zh-Hans", "zh-Hant", True)}
    assert found["U盘"] == (2, 4) and found["干部"] == (5, 7)


def _sample_lines():
    return [line.strip() for path in sorted(SAMPLE.rglob("*.yaml"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("language, edition, phrases", sorted(CONFIGURATIONS))
def test_each_choice_is_what_the_edition_prints(language, edition, phrases):
    convert = text_converter(language, edition, phrases, (), "corner" if edition != "zh-Hans"
                             else "curly")
    for line in _sample_lines():
        text = line if language == "zh-Hans" else text_converter(
            "zh-Hans", "zh-Hant", False, (), "curly")(line)
        printed = convert(text)
        for choice in choices(text, language, edition, phrases):
            assert choice.kind != "untraced", text
            if choice.kind == "character" and len(printed) == len(text):
                assert printed[choice.position] == choice.alternatives[0]
                assert printed[choice.start:choice.end] == choice.printed


def test_opencc_is_followed_exactly_on_phrases_cut_anywhere():
    # Phrases of its own dictionaries run together and cut at random places: the review
    # follows OpenCC's segmentation and matching, or says it could not.
    rng = random.Random(7)
    simplified = list(entries(str(STOCK / "STPhrases.ocd2"))) + \
        list(entries(str(STOCK / "TWPhrases.ocd2")))
    traditional = list(entries(str(STOCK / "TWPhrasesRev.ocd2"))) + \
        list(entries(str(STOCK / "TWVariantsRevPhrases.ocd2")))
    for _ in range(30):
        for (language, edition, phrases) in CONFIGURATIONS:
            words = simplified if language == "zh-Hans" else traditional
            text = "".join(rng.choice(words) for _ in range(12))
            start = rng.randrange(4)
            text = text[start:start + rng.randrange(5, 40)]
            assert all(c.kind != "untraced" for c in choices(text, language, edition, phrases)), \
                (language, edition, phrases, text)
