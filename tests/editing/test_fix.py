"""``check --fix`` and ``--diff``: only the fixed characters change, in one step."""

from __future__ import annotations

import os
import stat

from bulletin_press.cli import main
from bulletin_press.diagnostics import Diagnostic, Fix, Location, Report
from bulletin_press.editing import fix

STORY = """\
# pasted from a converter; keep this comment
headline: [累 但值得, 第二行]   # a flow list
byline: '本刊記者 李明'
body: |
  一早,來了  客人。他說:"原本不是這樣"。
  局系統(tǒng)黨員{淡水｜Tām-tsuí}好了...

  第二段,   不變的 Latin text, and 8:30 or 3.5.
quote: "他說:\\"好\\",就走了。"   # escapes: left for the editor
images: []
"""

FIXED = """\
# pasted from a converter; keep this comment
headline: [累　但值得, 第二行]   # a flow list
byline: '本刊記者　李明'
body: |
  一早，來了客人。他說：「原本不是這樣」。
  局系統黨員{淡水|Tām-tsuí}好了……

  第二段，不變的Latin text, and 8:30 or 3.5.
quote: "他說:\\"好\\",就走了。"   # escapes: left for the editor
images: []
"""

TRADITIONAL = "title: 測試刊\npublication: 測試簡報\ndate: 2023-05-01\nlanguage: zh-Hant\n"


def story_path(issue_folder, text: str = STORY):
    folder = issue_folder(TRADITIONAL, stories={"01": text})
    return folder, folder / "stories" / "01.yaml"


def test_fix_changes_exactly_the_fixed_characters(issue_folder, capsys):
    folder, path = story_path(issue_folder)
    assert main(["check", str(folder), "--fix"]) == 0
    assert path.read_text(encoding="utf-8") == FIXED
    out = capsys.readouterr()
    fixed = [line for line in out.err.splitlines() if ": fixed: " in line]
    assert len(fixed) == 13  # the last one made in a second round: '，   不'
    assert f"{path}:5:5: fixed: ',' → '，' [ascii-punctuation]" in fixed
    assert f"{path}:6:6: fixed: '(tǒng)' → nothing [converter-pinyin]" in fixed
    assert f"{path}:2:13: fixed: ' ' → '\u3000' (an ideographic space) [space-in-chinese]" in fixed
    # what is left is reported, as it stands after the fixes: the quoted string with escapes
    left = [line for line in out.err.splitlines() if ": warning: " in line]
    assert left and all(line.startswith(f"{path}:9:") for line in left)


def test_fix_is_idempotent_and_diff_writes_nothing(issue_folder, capsys):
    folder, path = story_path(issue_folder)
    assert main(["check", str(folder), "--diff"]) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert path.read_text(encoding="utf-8") == STORY
    assert f"{path}:5:5: fix: ',' → '，' [ascii-punctuation]" in captured.err
    assert out.startswith(f"--- {path}\n+++ {path}\n@@ ")  # a diff alone, for patch
    assert "\n-  一早,來了  客人。他說:\"原本不是這樣\"。\n" in out
    assert "\n+  一早，來了客人。他說：「原本不是這樣」。\n" in out
    assert main(["check", str(folder), "--fix"]) == 0
    capsys.readouterr()
    before = path.stat().st_mtime_ns
    assert main(["check", str(folder), "--fix"]) == 0
    assert "fixed:" not in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == FIXED and path.stat().st_mtime_ns == before


def test_fix_keeps_line_endings_and_permissions(issue_folder):
    folder, path = story_path(issue_folder, STORY.replace("\n", "\r\n"))
    path.chmod(0o640)
    assert main(["check", str(folder), "--fix"]) == 0
    assert path.read_bytes() == FIXED.replace("\n", "\r\n").encode("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in path.parent.iterdir()] == ["01.yaml"]  # no temporary file left


def test_quote_style_is_fixed_to_the_manuscripts_style(issue_folder):
    folder, path = story_path(issue_folder, "headline: 標題\nbody: 他說：“好‘吧’”，Don’t。\n")
    report = Report()
    from bulletin_press.build import load

    load([folder], report)
    assert [(d.location.col, d.code, d.fix) for d in report] == [
        (10, "quote-style", Fix("“", "「")), (12, "quote-style", Fix("‘", "『")),
        (14, "quote-style", Fix("’", "』")), (15, "quote-style", Fix("”", "」"))]
    assert main(["check", str(folder), "--fix"]) == 0
    assert path.read_text(encoding="utf-8") == "headline: 標題\nbody: 他說：「好『吧』」，Don’t。\n"


def test_a_fix_is_made_only_where_the_file_reads_as_the_check_saw_it(tmp_path):
    path = tmp_path / "01.yaml"
    path.write_text("body: 一早,来了\nother: x\n", encoding="utf-8")
    report = Report()
    report.warning(Location(path, 1, 8), "…", "ascii-punctuation", Fix(",", "，"))  # wrong column
    report.warning(Location(path, 2, 8), "…", "ascii-punctuation", Fix("x", ": y: z"))
    (edit,) = fix.plan(report)
    assert edit.fixed == () and edit.after == edit.before
    assert [why for _, why in edit.skipped] == ["with the fixes, the file would not read as YAML"] * 2
    report.diagnostics.pop()
    (edit,) = fix.plan(report)
    assert [why for _, why in edit.skipped] == ["the file no longer reads as it did"]
    assert not fix.write(edit) and path.read_text(encoding="utf-8") == "body: 一早,来了\nother: x\n"


def test_fixes_of_one_place_are_made_one_at_a_time(tmp_path):
    path = tmp_path / "01.yaml"
    path.write_text("body: 一早,,来了\n", encoding="utf-8")
    report = Report()
    report.diagnostics += [Diagnostic(Location(path, 1, 9), "…", "warning", "a", Fix(",,", "，")),
                           Diagnostic(Location(path, 1, 10), "…", "warning", "b", Fix(",", "，"))]
    (edit,) = fix.plan(report)
    assert edit.after == "body: 一早,，来了\n"
    assert [why for _, why in edit.skipped] == ["another fix changes this place"]


def test_fix_with_json_prints_json_alone(issue_folder, capsys):
    import json

    folder, path = story_path(issue_folder)
    assert main(["check", str(folder), "--fix", "--format", "json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)  # what is left, after the fixes
    assert {d["line"] for d in report["diagnostics"] if d["path"] == str(path)} == {9}
    assert f"{path}:5:5: fixed: ','" in captured.err


def test_a_linked_file_is_not_replaced(issue_folder, capsys):
    folder, path = story_path(issue_folder)
    target = folder / "real.yaml"
    os.replace(path, target)
    path.symlink_to(target)
    assert main(["check", str(folder), "--fix"]) == 0
    assert path.is_symlink() and target.read_text(encoding="utf-8") == STORY
    assert "not fixed: the file is a link: fix the file it points to" in capsys.readouterr().err


def test_a_file_with_a_byte_order_mark_is_fixed_on_its_first_line(issue_folder):
    folder, path = story_path(issue_folder, "headline: 標題,好\nbody: 正文。\n")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert main(["check", str(folder), "--fix"]) == 0
    assert path.read_bytes() == "\ufeffheadline: 標題，好\nbody: 正文。\n".encode("utf-8")


def test_a_fix_that_would_make_the_file_too_large_is_not_made(issue_folder, capsys):
    body = "中,中" * 20
    folder, path = story_path(issue_folder, f"headline: 標題\nbody: {body}\n")
    limit = (path.stat().st_size + 10) / (1024 * 1024)  # 10 bytes to spare; the fixes add 40
    assert main(["check", str(folder), "--fix", "--max-file-size", str(limit)]) == 0
    assert path.read_text(encoding="utf-8") == f"headline: 標題\nbody: {body}\n"
    assert "the file would be larger than" in capsys.readouterr().err


def test_fixes_that_make_room_for_others_settle(issue_folder, capsys):
    folder, path = story_path(issue_folder, "headline: 標題\nbody: 系統(tǒng)(tǒng)中 , , , , , 中\n")
    assert main(["check", str(folder), "--fix"]) == 0
    assert path.read_text(encoding="utf-8") == "headline: 標題\nbody: 系統中，，，，，中\n"
    capsys.readouterr()
    assert main(["check", str(folder), "--fix"]) == 0
    assert "fixed:" not in capsys.readouterr().err
