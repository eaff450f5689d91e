"""Each script's standard forms, judged by the tables: Taiwan, Hong Kong and Mainland forms
accepted in their own script, the other script's characters found at their place with their
forms, and the characters in no common-use table found where a wrong decoding left them."""

from __future__ import annotations

import time

import pytest

from bulletin_press.text.variants import (common, forms_in, script_mismatches, standard_in,
                                          uncommon)


def found(text: str, language: str) -> list[tuple[int, str, str]]:
    return [(m.start, text[m.start:m.end], m.expected) for m in script_mismatches(text, language)]


@pytest.mark.parametrize("text", [
    "台北 101", "平台", "服務台", "占地", "爲", "裏", "啓", "着", "羣",  # the issue's
    "為了", "裡面", "啟動", "群眾", "衞生", "說明", "説明", "溫度", "温度", "後來", "皇后",
    "乾淨", "幹部", "頭髮", "出發", "一隻", "他說「好」",
])
def test_taiwan_hong_kong_and_opencc_forms_are_traditional(text):
    assert found(text, "zh-Hant") == []
    assert all(standard_in(char, "zh-Hant") for char in text if "\u4e00" <= char <= "\u9fff")


@pytest.mark.parametrize("text", ["原著", "著名", "著作", "乾隆年间", "乾坤", "瞭望", "于是", "台风",
                                  "他说“好”", "着急"])
def test_mainland_standard_forms_are_simplified(text):
    assert found(text, "zh-Hans") == []


@pytest.mark.parametrize("text, language, expected", [
    ("今天到门诊看病", "zh-Hant", [(3, "门诊", "門診")]),
    ("今天到門診看病", "zh-Hans", [(3, "門診", "门诊")]),
    ("这是", "zh-Hant", [(0, "这", "這")]),
    ("這是", "zh-Hans", [(0, "這", "这")]),
    ("他說這裡", "zh-Hans", [(1, "說這裡", "说这里")]),
    ("好，门開了，这樣", "zh-Hant", [(2, "门", "門"), (6, "这", "這")]),
    ("为了", "zh-Hant", [(0, "为", "為")]),  # in the Taiwan form, not OpenCC's 爲
    ("裏面", "zh-Hans", [(0, "裏", "里")]),
])
def test_the_other_scripts_characters_are_found_at_their_place(text, language, expected):
    assert found(text, language) == expected


def test_one_to_many_characters_list_every_form():
    assert forms_in("发", "zh-Hant") == ("發", "髮")
    (mismatch,) = script_mismatches("头发", "zh-Hant")
    assert mismatch.choices == (("頭",), ("發", "髮"))
    assert mismatch.expected == "頭發"


def test_characters_no_table_converts_are_nobodys_mismatch():
    for text in ("Hello, world", "𠀀𠀁", "ひらがな", "123"):
        assert found(text, "zh-Hans") == found(text, "zh-Hant") == []


def test_common_characters_of_either_script():
    assert all(common(char) for char in "这這门門着著裏啓羣嘅咗啲嘢")
    assert not common("釞")


@pytest.mark.parametrize("line, offsets", [
    ("確??乖瓩z測(cè)試劑", []),       # every character here is in some table
    ("原來是因?yàn)楹怂釞z測棉簽", [11]),
    ("此時(shí)不上更待何時(shí)?。克?主動(dòng)請(qǐng)纓", []),
    ("今天到醫院看病，我們都很好。", []),
    ("今天到医院看病，我们都很好。", []),
    ("\uf967", []),  # a compatibility ideograph is its unified character
])
def test_uncommon_characters_are_found_at_their_place(line, offsets):
    assert uncommon(line) == offsets


def test_a_long_line_checks_in_milliseconds():
    uncommon("预热")
    line = ("今天到医院看病，我们都很好，這是一個測試。" * 500)[:10_000]
    for language in ("zh-Hans", "zh-Hant"):
        start = time.perf_counter()
        script_mismatches(line, language)
        uncommon(line)
        assert time.perf_counter() - start < 0.05
