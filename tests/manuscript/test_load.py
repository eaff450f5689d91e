"""Every error path of the loader, with its exact file:line:col."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from bulletin_press.build import load
from bulletin_press.diagnostics import Report
from bulletin_press.manuscript.model import Emphasis, Ruby, Text, plain_text
from tests.conftest import MINIMAL_ISSUE, MINIMAL_STORY, SAMPLE


def diagnostics(folder: Path) -> list[str]:
    report = Report()
    load([folder], report)
    return [str(d).replace(str(folder) + "/", "") for d in report]


def only_error(folder: Path) -> str:
    (message,) = diagnostics(folder)
    return message


def test_sample_loads_into_the_model():
    report = Report()
    (issue,) = load([SAMPLE], report)
    assert report.ok, [str(d) for d in report]
    assert issue.id == "2022-04-community-volunteers"
    assert issue.language == "zh-Hans" and issue.editions == ("zh-Hans", "zh-Hant", "zh-Hant-HK")
    assert issue.date == datetime.date(2022, 4, 2)
    assert [story.stem for story in issue.stories] == [
        "01-wang-yue", "02-xie-ting", "03-mao-wei", "04-ma-yuejun"]
    first = issue.stories[0]
    assert first.headline_text == "我们要提前谋划　提高效率　解决问题"
    assert first.body[0].text.startswith("执法协调处处长王跃同志在居家隔离期间，主动担任社区志愿者小组组长。他把")


def test_text_fields_keep_inline_structure(issue_folder):
    folder = issue_folder(stories={"01": """\
        headline: [第一行, "{淞|sōng}江"]
        body: |
          这是**重点**内容。

          第二段。
        quote: 引语
        """})
    report = Report()
    (issue,) = load([folder], report)
    story = issue.stories[0]
    assert story.headline == ((Text("第一行"),), (Ruby("淞", "sōng"), Text("江")))
    assert story.body[0].inlines == (Text("这是"), Emphasis((Text("重点"),)), Text("内容。"))
    assert [p.text for p in story.body] == ["这是重点内容。", "第二段。"]
    assert story.quote[0].text == "引语"


def test_defaults(issue_folder):
    report = Report()
    (issue,) = load([issue_folder()], report)
    assert issue.editions == ("zh-Hans",) and issue.layout == "newsletter"
    assert issue.lead == () and issue.url is None


def test_the_title_takes_emphasis_and_ruby_and_a_byline_ruby(issue_folder):
    folder = issue_folder(MINIMAL_ISSUE.replace("title: 测试刊", "title: 守望**相助**{淡水|Tām-tsuí}"),
                          {"01": "headline: 标题\nbyline: 记者 {王跃|Wáng Yuè}\nbody: 正文\n"})
    report = Report()
    (issue,) = load([folder], report)
    assert report.ok, [str(d) for d in report]
    assert issue.title == (Text("守望"), Emphasis((Text("相助"),)), Ruby("淡水", "Tām-tsuí"))
    assert issue.title_text == "守望相助淡水" and issue.publication == (Text("测试简报"),)
    assert issue.stories[0].byline == (Text("记者 "), Ruby("王跃", "Wáng Yuè"))


def test_the_text_checks_read_the_title_byline_and_credit(issue_folder):
    folder = issue_folder(MINIMAL_ISSUE.replace("title: 测试刊", "title: 門診{淡水|Tām}"),
                          {"01": "headline: 标题\nbyline: 记者,李明\nbody: 正文\nimages:\n"
                                 "  - src: a.png\n    alt: 图\n    credit: 摄影　王建宏😀\n"})
    messages = diagnostics(folder)
    assert any(m.startswith("issue.yaml:1:8: warning: '門診' is Traditional script") for m in messages)
    assert any(m.startswith("stories/01.yaml:2:11: warning: ") and "[ascii-punctuation]" in m
               for m in messages), messages
    assert any(m.startswith("stories/01.yaml:7:19: error: '😀' (U+1F600) is not in the fonts")
               for m in messages), messages


def test_plain_multiline_and_folded_scalars_join_like_literal_blocks(issue_folder):
    folder = issue_folder(stories={"01": """\
        headline: 标题
        body: >
          第一行
          第二行
        byline: 本刊
          记者
        """})
    report = Report()
    (issue,) = load([folder], report)
    assert issue.stories[0].body[0].text == "第一行第二行"
    assert plain_text(issue.stories[0].byline) == "本刊记者"


@pytest.mark.parametrize("issue, expected", [
    (MINIMAL_ISSUE + "titel: x\n", "issue.yaml:5:1: error: 'titel' is not an issue field (did you mean 'title'?)"),
    (MINIMAL_ISSUE.replace("date: 2023-05-01", "date: 2023-02-30"),
     "issue.yaml:3:7: error: 'date': 2023-02-30 is not a date: February 2023 has 28 days"),
    (MINIMAL_ISSUE.replace("date: 2023-05-01", "date: 2025-06-31"),
     "issue.yaml:3:7: error: 'date': 2025-06-31 is not a date: June 2025 has 30 days"),
    (MINIMAL_ISSUE.replace("date: 2023-05-01", "date: 0001-01-01"),
     "issue.yaml:3:7: error: 'date': 0001-01-01 is not a bulletin's date: give a year from 1900 to 2999"),
    (MINIMAL_ISSUE.replace("date: 2023-05-01", "date: 2023-13-01"),
     "issue.yaml:3:7: error: 'date': 2023-13-01 is not a date: there is no month 13"),
    (MINIMAL_ISSUE + "stories: [01.yaml]\n",
     "issue.yaml:5:11: error: write the story's name without the file ending: '01', not '01.yaml'"),
    (MINIMAL_ISSUE + "stories: ['1']\n",
     "issue.yaml:5:11: error: no story '1': there is no stories/1.yaml in this issue (did you mean '01'?)"),
    (MINIMAL_ISSUE.replace("date: 2023-05-01", "date: 5/1/2023"),
     "issue.yaml:3:7: error: 'date' must be a date written YYYY-MM-DD, not '5/1/2023'"),
    (MINIMAL_ISSUE.replace("language: zh-Hans", "language: zh-CN"),
     "issue.yaml:4:11: error: 'language' must be one of zh-Hans, zh-Hant, not 'zh-CN'"),
    (MINIMAL_ISSUE + "editions: [zh-Hans, en]\n",
     "issue.yaml:5:21: error: 'editions' must be one of zh-Hans, zh-Hant, zh-Hant-HK, not 'en'"),
    (MINIMAL_ISSUE + "editions: zh-Hans\n", "issue.yaml:5:11: error: 'editions' must be a list, not 'zh-Hans'"),
    (MINIMAL_ISSUE + "layout: newspaper\n",
     "issue.yaml:5:9: error: no layout 'newspaper' (did you mean 'newsletter'?)"),
    (MINIMAL_ISSUE + "url: ftp://example.org/x\n",
     "issue.yaml:5:6: error: 'url' must be a web address starting with https:// or http://, not 'ftp://example.org/x'"),
    (MINIMAL_ISSUE + "title: again\n", "issue.yaml:5:1: error: duplicate key 'title' (first given on line 1)"),
    (MINIMAL_ISSUE + "title:\n  - a\n", "issue.yaml:5:1: error: duplicate key 'title' (first given on line 1)"),
    (MINIMAL_ISSUE.replace("title: 测试刊\n", ""),
     "issue.yaml:1:1: error: an issue needs 'title' (the issue's title)"),
    (MINIMAL_ISSUE.replace("title: 测试刊", "title:"), "issue.yaml:1:7: error: 'title' is empty"),
    (MINIMAL_ISSUE.replace("title: 测试刊", "title: [a, b]"), "issue.yaml:1:8: error: 'title' must be text, not a list"),
    (MINIMAL_ISSUE + "stories: [01, 01]\n", "issue.yaml:5:15: error: story '01' is listed twice"),
    (MINIMAL_ISSUE + "stories: [01, ../secret]\n",
     "issue.yaml:5:15: error: '../secret' is not a story name: give the file name in stories/ without '.yaml' (letters, digits, '-', '_', '.')"),
    (MINIMAL_ISSUE + "stories: [01, 02]\n", "issue.yaml:5:15: error: no story '02': there is no stories/02.yaml in this issue"),
    (MINIMAL_ISSUE + "lead: |\n  未闭合**强调\n", "issue.yaml:6:6: error: '**' opens emphasis that is never closed in this paragraph (write \\* for a literal asterisk)"),
    (MINIMAL_ISSUE.replace("publication: 测试简报", "publication: 测试**简报**"),
     "issue.yaml:2:16: error: 'publication' takes no emphasis: remove the '**' (or write \\* for a literal asterisk)"),
    (MINIMAL_ISSUE + "number: 第{一|yī}期\n",
     "issue.yaml:5:10: error: 'number' takes no ruby: write the base text alone (or \\{ for a literal brace)"),
    (MINIMAL_ISSUE + "rights: 编印**仅供内部交流**\n",
     "issue.yaml:5:11: error: 'rights' takes no emphasis: remove the '**' (or write \\* for a literal asterisk)"),
    ("title: [unclosed\n", "issue.yaml:1:8: error: this list ('[') is never closed, or a ',' is missing between its items"),
    ("- a list\n", "issue.yaml:1:1: error: an issue must be a mapping of fields ('name: value'), not a list"),
    ("", "issue.yaml:1:1: error: the file is empty; an issue needs at least 'title', 'publication', 'date' and 'language'"),
    ("a: 1\n---\nb: 2\n", "issue.yaml:2:1: error: YAML: but found another document"),
])
def test_issue_errors_are_located(issue_folder, issue, expected):
    messages = diagnostics(issue_folder(issue))
    assert expected in messages, messages


@pytest.mark.parametrize("story, expected", [
    ("headlin: 标题\nbody: 正文\n", "stories/01.yaml:1:1: error: 'headlin' is not a story field (did you mean 'headline'?)"),
    ("headline: 标题\n", "stories/01.yaml:1:1: error: a story needs 'body' (the story's text; paragraphs separated by blank lines)"),
    ("headline: 标题\nbody:\n  - 列表\n", "stories/01.yaml:3:3: error: 'body' must be text, not a list"),
    ("headline: []\nbody: 正文\n", "stories/01.yaml:1:11: error: 'headline' is an empty list"),
    ("headline: 标题\nbody: |\n  第一段。\n\n  {淞|}字\n", "stories/01.yaml:5:3: error: ruby '{淞|}' needs both a base text and an annotation"),
    ("headline: 标题\nbyline: 记者 **李明**\nbody: 正文\n",
     "stories/01.yaml:2:12: error: 'byline' takes no emphasis: remove the '**' (or write \\* for a literal asterisk)"),
    ("headline: 标题\nbody: 正文\nimages:\n  - src: a.png\n    alt: x\n    credit: 摄影　**张三**\n",
     "stories/01.yaml:6:16: error: 'credit' takes no emphasis: remove the '**' (or write \\* for a literal asterisk)"),
    ("headline: 标题\nbody: 正文\nbody: 又一个\n", "stories/01.yaml:3:1: error: duplicate key 'body' (first given on line 2)"),
    ("headline: 标题\nbody: 正文\nimages:\n  - src: ../../etc/passwd\n    alt: x\n",
     "stories/01.yaml:4:10: error: '../../etc/passwd': an image must be a file inside the issue folder, given relative to it (e.g. images/photo.jpg)"),
    ("headline: 标题\nbody: 正文\nimages:\n  - src: /etc/hostname.png\n    alt: x\n",
     "stories/01.yaml:4:10: error: '/etc/hostname.png': an image must be a file inside the issue folder, given relative to it (e.g. images/photo.jpg)"),
    ("headline: 标题\nbody: 正文\nimages:\n  - src: https://example.org/a.png\n    alt: x\n",
     "stories/01.yaml:4:10: error: 'https://example.org/a.png': an image must be a file inside the issue folder, given relative to it (e.g. images/photo.jpg)"),
    ("headline: 标题\nbody: 正文\nimages:\n  - src: missing.png\n    alt: x\n",
     "stories/01.yaml:4:10: error: 'missing.png': no such file in the issue folder"),
    ("headline: 标题\nbody: 正文\nimages:\n  - src: fake.png\n    alt: x\n",
     "stories/01.yaml:4:10: error: 'fake.png': not a readable PNG image (the file is damaged or not a picture)"),
    ("headline: 标题\nbody: 正文\nimages:\n  - src: notes.txt\n    alt: x\n",
     "stories/01.yaml:4:10: error: 'notes.txt': images must be PNG or JPEG files (.png, .jpg, .jpeg)"),
    ("headline: 标题\nbody: 正文\nimages:\n  - src: fake.png\n",
     "stories/01.yaml:4:5: error: an image needs 'alt' (what the picture shows, for readers who cannot see it)"),
    ("", "stories/01.yaml:1:1: error: the story is empty; it needs 'headline' and 'body'"),
])
def test_story_errors_are_located(issue_folder, story, expected):
    folder = issue_folder(stories={"01": story}, files={"fake.png": b"not a png", "notes.txt": b"x"})
    messages = diagnostics(folder)
    assert expected in messages, messages


def test_all_errors_of_a_run_are_reported(issue_folder):
    folder = issue_folder(MINIMAL_ISSUE + "titel: x\n", stories={
        "01": "headlin: 标题\nbody: 正文\n",
        "02": "headline: 标题\nbody: 正文**\n",
    })
    messages = diagnostics(folder)
    assert [m.split(": error")[0] for m in messages] == [
        "issue.yaml:5:1", "stories/01.yaml:1:1", "stories/01.yaml:1:1", "stories/02.yaml:2:9"]


def test_unlisted_story_is_a_warning(issue_folder):
    folder = issue_folder(MINIMAL_ISSUE + "stories: [01]\n",
                          stories={"01": MINIMAL_STORY, "99-draft": MINIMAL_STORY})
    report = Report()
    (issue,) = load([folder], report)
    assert report.ok and len(issue.stories) == 1
    assert [str(d).replace(str(folder) + "/", "") for d in report] == [
        "stories/99-draft.yaml: warning: this story is not listed in issue.yaml's 'stories', "
        "so it is not printed [unlisted-story]"]


def test_stories_follow_the_listed_order(issue_folder):
    folder = issue_folder(MINIMAL_ISSUE + "stories: [b, a]\n",
                          stories={"a": "headline: 甲\nbody: 正文\n", "b": "headline: 乙\nbody: 正文\n"})
    (issue,) = load([folder], Report())
    assert [story.headline_text for story in issue.stories] == ["乙", "甲"]


def test_an_issue_needs_stories(issue_folder):
    assert only_error(issue_folder(stories={})).endswith(
        "stories: error: no stories: add stories/<name>.yaml files")


def test_issue_folder_name_must_name_files(tmp_path):
    from tests.conftest import write_issue

    folder = write_issue(tmp_path / "第一期")
    assert "cannot name an issue" in only_error(folder)


def test_a_folder_of_issues_and_missing_paths(tmp_path):
    from tests.conftest import write_issue

    write_issue(tmp_path / "all" / "b-issue")
    write_issue(tmp_path / "all" / "a-issue")
    report = Report()
    issues = load([tmp_path / "all", tmp_path / "nowhere"], report)
    assert [issue.id for issue in issues] == ["a-issue", "b-issue"]
    assert [d.message for d in report.errors] == ["no such issue folder"]


def test_not_utf8(issue_folder):
    folder = issue_folder()
    (folder / "stories" / "01.yaml").write_bytes("headline: 标题\nbody: 正文\n".encode("gb18030"))
    assert only_error(folder) == "stories/01.yaml:1:1: error: the file is not UTF-8 text"


def test_characters_the_fonts_lack_are_errors_with_their_place(issue_folder):
    folder = issue_folder(MINIMAL_ISSUE.replace("title: 测试刊", "title: 测试刊 Жизнь"), stories={"01": """\
        headline: 标题
        body: |
          第一行正常。
          第二行有表情😀和𠀀字。
        images:
          - src: p.png
            alt: Жизнь is not printed, so it is not checked
            caption: 图ф
        """}, files={"p.png": _png()})
    messages = [m for m in diagnostics(folder)
                if not m.endswith(("[image-resolution]", "[space-beside-chinese]"))]
    assert messages == [
        "issue.yaml:1:12: error: 'Ж' (U+0416) is not in the fonts of layout 'newsletter': it would print as an empty box or in another font",
        "issue.yaml:1:13: error: 'и' (U+0438) is not in the fonts of layout 'newsletter': it would print as an empty box or in another font",
        "issue.yaml:1:14: error: 'з' (U+0437) is not in the fonts of layout 'newsletter': it would print as an empty box or in another font",
        "issue.yaml:1:15: error: 'н' (U+043D) is not in the fonts of layout 'newsletter': it would print as an empty box or in another font",
        "issue.yaml:1:16: error: 'ь' (U+044C) is not in the fonts of layout 'newsletter': it would print as an empty box or in another font",
        "stories/01.yaml:4:9: error: '😀' (U+1F600) is not in the fonts of layout 'newsletter': it would print as an empty box or in another font",
        "stories/01.yaml:4:11: error: '𠀀' (U+20000) is not in the fonts of layout 'newsletter': it would print as an empty box or in another font",
        "stories/01.yaml:8:15: error: 'ф' (U+0444) is not in the fonts of layout 'newsletter': it would print as an empty box or in another font",
    ]


def test_the_sample_and_the_repertoire_pass_the_font_check(issue_folder):
    folder = issue_folder(MINIMAL_ISSUE + "check: {ignore: [quote-style]}\n",
                          stories={"01": "headline: “标题”——①㎡℃ ǎ ü ＡＢ\nbody: 正文。……《》「」\n"})
    assert diagnostics(folder) == []
    assert diagnostics(SAMPLE) == []


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG")
    return out.getvalue()


def test_mixed_scripts_are_warnings_with_their_place(issue_folder):
    folder = issue_folder(stories={"01": "headline: 标题\nbody: |\n  今天到門診看病，\n  又去了醫院。\n"})
    assert diagnostics(folder) == [
        "stories/01.yaml:3:6: warning: '門診' is Traditional script in a zh-Hans manuscript (Simplified: '门诊'); the editions convert from Simplified [other-script]",
        "stories/01.yaml:4:6: warning: '醫' is Traditional script in a zh-Hans manuscript (Simplified: '医'); the editions convert from Simplified [other-script]",
    ]


TRADITIONAL_ISSUE = "title: 測試刊\npublication: 測試簡報\ndate: 2023-05-01\nlanguage: zh-Hant\n"


def test_taiwan_and_hong_kong_forms_pass_and_the_other_scripts_are_named(issue_folder):
    folder = issue_folder(TRADITIONAL_ISSUE, stories={
        "01": "headline: 標題\nbody: |\n  台北101的平台、服務台，占地；爲、裏、啓、着、羣。\n  頭发\n"})
    assert diagnostics(folder) == [
        "stories/01.yaml:4:4: warning: '发' is Simplified script in a zh-Hant manuscript (Traditional: '發', or '髮' for '发'); the editions convert from Traditional [other-script]",
    ]
    ignoring = issue_folder(TRADITIONAL_ISSUE + "check:\n  ignore: [other-script]\n",
                            stories={"01": "headline: 标题\nbody: 正文。\n"})
    assert diagnostics(ignoring) == []


def test_a_glossary_term_written_in_an_editions_form_is_a_warning(issue_folder):
    folder = issue_folder(MINIMAL_ISSUE + "glossary:\n  马跃俊: 馬躍俊\n",
                          stories={"01": "headline: 马跃俊\nbody: 馬躍俊同志家住浦东。\n"})
    assert diagnostics(folder) == [
        "stories/01.yaml:2:7: warning: '馬躍俊' is an edition's form of the glossary term '马跃俊': write '马跃俊' in a zh-Hans manuscript, so that each edition gets its own form [glossary-form]",
    ]


def test_glossary_conversion_and_quotes_settings(issue_folder):
    folder = issue_folder(MINIMAL_ISSUE + """\
editions: [zh-Hans, zh-Hant]
conversion: {phrases: true}
quotes: {zh-Hant: curly}
glossary:
  王跃: 王躍
  黄浦区: {zh-Hant: 黃浦區, zh-Hant-HK: 黃埔區}
""")
    report = Report()
    (issue,) = load([folder], report)
    assert report.ok and issue.phrases and issue.quotes == (("zh-Hant", "curly"),)
    assert [(e.term, e.form("zh-Hant"), e.form("zh-Hant-HK")) for e in issue.glossary] == [
        ("王跃", "王躍", "王躍"), ("黄浦区", "黃浦區", "黃埔區")]


def test_shared_glossary_beside_the_issues_and_the_issue_overrides_it(tmp_path):
    from tests.conftest import write_issue

    (tmp_path / "glossary.yaml").write_text("王跃: 王耀\n执法协调处: 執法協調處\n", encoding="utf-8")
    folder = write_issue(tmp_path / "x-issue", MINIMAL_ISSUE + "glossary:\n  王跃: 王躍\n")
    report = Report()
    (issue,) = load([folder], report)
    assert {e.term: e.form("zh-Hant") for e in issue.glossary} == {"王跃": "王躍", "执法协调处": "執法協調處"}


@pytest.mark.parametrize("extra, expected", [
    ("glossary: [a, b]\n", "issue.yaml:5:11: error: 'glossary' must map each term to its form in the editions, not a list"),
    ("glossary:\n  王跃: {zh-TW: 王躍}\n", "issue.yaml:6:8: error: a glossary form is for an edition: zh-Hans, zh-Hant, zh-Hant-HK, not 'zh-TW'"),
    ("quotes: {zh-Hant: square}\n", "issue.yaml:5:19: error: quotation marks are 'curly' (“ ” ‘ ’) or 'corner' (「 」 『 』), not 'square'"),
    ("conversion: {phrase: true}\n", "issue.yaml:5:14: error: 'phrase' is not a field of 'conversion' (did you mean 'phrases'?)"),
    ("conversion: {phrases: yes please}\n", "issue.yaml:5:23: error: 'phrases' must be true or false, not 'yes please'"),
])
def test_edition_settings_errors(issue_folder, extra, expected):
    assert expected in diagnostics(issue_folder(MINIMAL_ISSUE + extra))


@pytest.mark.parametrize("story, expected", [
    ("headline: 标题\n\tbody: 正文\n",
     "stories/01.yaml:2:1: error: a tab here: YAML is indented with spaces, never tabs; type spaces instead"),
    ("headline: 他说: 好\nbody: 正文\n",
     "stories/01.yaml:1:13: error: a second ': ' on this line: YAML takes it for a new field. Put "
     "the whole value in quotes (\"…\"), or write the full-width '：' in Chinese text"),
    ("headline: 标题\n  body: 正文\n",
     "stories/01.yaml:2:7: error: this line is indented more than the field before it: a field "
     "starts in the same column as the fields beside it"),
    ("headline: 标题\nbody: 正文\nimages:\n  - src: a.png\n   alt: b\n",
     "stories/01.yaml:5:4: error: this line does not line up with the lines before it: indent it "
     "like the other fields, or list items, of its level"),
    ('headline: "标题\nbody: 正文\n', "stories/01.yaml:1:11: error: this quotation mark is never closed"),
    ("headline: [标题, 副题\nbody: 正文\n",
     "stories/01.yaml:1:11: error: this list ('[') is never closed, or a ',' is missing between its items"),
])
def test_yaml_syntax_errors_are_said_in_plain_words(issue_folder, story, expected):
    assert diagnostics(issue_folder(stories={"01": story})) == [expected]


def test_a_misspelt_picture_gets_a_suggestion(issue_folder):
    folder = issue_folder(stories={"01": "headline: 标题\nbody: 正文\nimages:\n"
                                         "  - src: images/photo1.png\n    alt: 图\n"},
                          files={"images/photo-1.png": b"x"})
    assert diagnostics(folder) == ["stories/01.yaml:4:10: error: 'images/photo1.png': no such file "
                                   "in the issue folder (did you mean 'images/photo-1.png'?)"]


def test_a_yml_story_is_named_not_ignored(issue_folder):
    folder = issue_folder(stories={"01": MINIMAL_STORY})
    (folder / "stories" / "02.yml").write_text(MINIMAL_STORY, encoding="utf-8")
    assert diagnostics(folder) == ["stories/02.yml: warning: this file is not read: story files "
                                   "end in '.yaml' (rename it 02.yaml) [yml-file]"]


def test_a_glossary_terms_form_in_the_manuscripts_own_script_is_no_slip(issue_folder):
    # a glossary shared by issues of both scripts, keyed in Simplified
    folder = issue_folder(TRADITIONAL_ISSUE + "glossary:\n  马跃俊: 馬躍俊\n",
                          stories={"01": "headline: 馬躍俊\nbody: 马跃俊同志。\n"})
    assert diagnostics(folder) == []


def test_a_story_whose_file_is_unchanged_is_not_read_again(issue_folder):
    from bulletin_press.manuscript.load import Reread

    folder = issue_folder(stories={"01": "headline: 标题\nbody: 一早,来了。\n",
                                   "02": "headline: 二\nbody: 正文。\n"})
    reread = Reread()
    first, second = Report(), Report()
    (issue,) = load([folder], first, reread=reread)
    (folder / "stories" / "02.yaml").write_text("headline: 二\nbody: 改了。\n", encoding="utf-8")
    (again,) = load([folder], second, reread=reread)
    assert again.stories[0] is issue.stories[0]  # kept, with its warning
    assert again.stories[1] is not issue.stories[1]
    assert again.stories[1].body[0].inlines[0].text == "改了。"
    assert [str(d) for d in second] == [str(d) for d in first]
    assert second.sources == first.sources | {folder / "stories" / "02.yaml": [
        "headline: 二", "body: 改了。", ""]}
    reread.forget()
    (fresh,) = load([folder], Report(), reread=reread)
    assert fresh.stories[0] is not issue.stories[0] and fresh.stories[0] == issue.stories[0]
