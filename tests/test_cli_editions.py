"""The command line's edition review (check --editions, build --review) and glossary add."""

from __future__ import annotations

import json

import pytest

from bulletin_press.cli import main

ISSUE = """\
title: 垃圾分类
publication: 工作简报
date: 2023-05-01
language: zh-Hans
editions: [zh-Hans, zh-Hant, zh-Hant-HK]
glossary:
  # names of people, as each writes them
  王干: 王幹
"""
STORY = """\
headline: 干垃圾要分好
body: |
  王干说，干垃圾和湿垃圾要分开投放，
  干垃圾投放点在{干|gān}道旁。
"""


def run(*args: str) -> int:
    return main(list(args))


def test_check_editions_lists_each_editions_choices_once_with_a_count(issue_folder, capsys):
    folder = issue_folder(ISSUE, stories={"01": STORY})
    assert run("check", str(folder), "--editions") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "ok: 1 issue(s), 1 stories"
    assert out[1] == f"{folder}: the zh-Hans edition: nothing to review (the manuscript's own script)"
    sections = [i for i, line in enumerate(out) if line.startswith(f"{folder}: the ")]
    assert [out[i].split(": ")[1] for i in sections] == \
        ["the zh-Hans edition", "the zh-Hant edition", "the zh-Hant-HK edition"]
    taiwan = out[sections[1] + 1:sections[2]]
    story = f"{folder}/stories/01.yaml"
    # a phrase decided 干垃圾 → 乾垃圾 (the dictionaries' correction): counted, not listed
    assert not any("干垃圾" in line for line in taiwan)
    # the glossary's 王干 and the ruby's annotation are the editor's, not the converter's
    assert not any("王干" in line.split(" in ")[0] for line in taiwan)
    assert f'{story}:4:11: note: 干 → 幹 (幹/乾/干/榦) in "…投放点在{{干|gān}}…" ' \
           "[edition-choice]" in taiwan
    assert out[sections[1]] == f"{folder}: the zh-Hant edition: {len(taiwan)} choice(s) of the " \
                               "converter to review (1 more decided by a phrase in the " \
                               "converter's dictionaries)"
    assert len(taiwan) == 1 and out[sections[2] + 1:] == taiwan  # the same choices in Hong Kong


def test_check_editions_as_json_lists_the_choices_phrases_made_too(issue_folder, capsys):
    import json

    folder = issue_folder(ISSUE, stories={"01": STORY})
    assert run("check", str(folder), "--editions", "--format", "json") == 0
    choices = json.loads(capsys.readouterr().out)["edition_choices"]
    waste = [c for c in choices if c["source"] == "干垃圾" and c["edition"] == "zh-Hant"]
    assert len(waste) == 3 and {c["printed"] for c in waste} == {"乾垃圾"}
    assert {c["decided_by"] for c in waste} == {"phrase"} and waste[0]["line"] == 1


def test_check_editions_says_when_there_is_nothing_to_review(issue_folder, capsys):
    folder = issue_folder(ISSUE.replace("editions: [zh-Hans, zh-Hant, zh-Hant-HK]",
                                        "editions: [zh-Hans, zh-Hant]"),
                          stories={"01": "headline: 我们\nbody: 认真学习。\n"})
    assert run("check", str(folder), "--editions") == 0
    out = capsys.readouterr().out
    assert f"{folder}: the zh-Hant edition: nothing to review\n" in out
    assert "note:" not in out


def test_check_without_editions_lists_no_choices(issue_folder, capsys):
    folder = issue_folder(ISSUE, stories={"01": STORY})
    assert run("check", str(folder)) == 0
    assert "edition-choice" not in capsys.readouterr().out
    assert run("check", str(folder), "--format", "json") == 0
    assert "edition_choices" not in json.loads(capsys.readouterr().out)


def test_check_editions_in_json_gives_every_place(issue_folder, capsys):
    folder = issue_folder(ISSUE, stories={"01": STORY})
    assert run("check", str(folder), "--editions", "--format", "json") == 0
    found = json.loads(capsys.readouterr().out)["edition_choices"]
    dry = [c for c in found if c["source"] == "干垃圾" and c["edition"] == "zh-Hant"]
    assert [(c["path"], c["line"], c["column"]) for c in dry] == [
        (f"{folder}/stories/01.yaml", 1, 11), (f"{folder}/stories/01.yaml", 3, 7),
        (f"{folder}/stories/01.yaml", 4, 3)]
    assert dry[0] | {"path": None} == {
        "issue": str(folder), "edition": "zh-Hant", "path": None, "line": 1, "column": 11,
        "severity": "note", "code": "edition-choice",
        "message": '干垃圾 → 乾垃圾 (乾/幹/干/榦) in "干垃圾要分好"', "kind": "character",
        "source": "干垃圾", "printed": "乾垃圾", "alternatives": ["乾", "幹", "干", "榦"],
        "context": "干垃圾要分好", "decided_by": "phrase"}


def test_build_review_prints_the_same_section(issue_folder, tmp_path, capsys):
    folder = issue_folder(ISSUE, stories={"01": STORY})
    assert run("check", str(folder), "--editions") == 0
    checked = capsys.readouterr().out.splitlines()
    assert run("build", str(folder), "--format", "html", "--edition", "zh-Hant", "--review",
               "--out", str(tmp_path / "dist")) == 0
    built = capsys.readouterr().out.splitlines()
    assert built[0].startswith("wrote ")
    start = checked.index(f"{folder}: the zh-Hant edition: " + built[1].split(" edition: ")[1])
    assert built[1:] == checked[start:start + len(built) - 1]


def test_glossary_add_round_trip(issue_folder, capsys):
    folder = issue_folder(ISSUE, stories={"01": STORY})
    path = folder / "issue.yaml"
    before = path.read_bytes()
    assert run("glossary", "add", "干垃圾", "--zh-Hant", "乾垃圾", "--issue", str(folder)) == 0
    assert capsys.readouterr().out == f"{path}:9:3: added 干垃圾: 乾垃圾\n"
    after = path.read_bytes()
    assert after == before + "  干垃圾: 乾垃圾\n".encode()  # comments and all kept as they were
    # the editor's decision: no longer a choice of the converter
    assert run("check", str(folder), "--editions") == 0
    assert "干垃圾 →" not in capsys.readouterr().out
    # the same entry again changes nothing; other forms are refused
    assert run("glossary", "add", "干垃圾", "--zh-Hant", "乾垃圾", "--issue", str(path)) == 0
    assert "in the glossary already" in capsys.readouterr().out
    assert run("glossary", "add", "干垃圾", "--zh-Hant", "幹垃圾", "--issue", str(folder)) == 1
    assert "with other forms" in capsys.readouterr().err
    assert path.read_bytes() == after


def test_glossary_add_into_the_shared_glossary(issue_folder, capsys):
    folder = issue_folder(ISSUE, stories={"01": STORY})
    assert run("glossary", "add", "湿垃圾", "--zh-Hant", "濕垃圾", "--shared",
               str(folder.parent)) == 0
    shared = folder.parent / "glossary.yaml"
    assert shared.read_text(encoding="utf-8") == "湿垃圾: 濕垃圾\n"
    assert run("check", str(folder)) == 0


def test_glossary_add_needs_a_place_and_a_form(issue_folder, capsys):
    folder = issue_folder(ISSUE, stories={"01": STORY})
    with pytest.raises(SystemExit) as exit:
        run("glossary", "add", "干垃圾", "--zh-Hant", "乾垃圾")
    assert exit.value.code == 2
    assert run("glossary", "add", "干垃圾", "--issue", str(folder)) == 1
    assert "at least one edition" in capsys.readouterr().err
