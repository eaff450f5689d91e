"""Which face sets which characters: the cascade of a book's CSS over its documents."""

from __future__ import annotations

from lxml import etree

from bulletin_press.faces import characters_by_face, font_faces

CSS = """
@font-face { font-family: "BP Serif"; font-weight: 400; src: url(fonts/serif.otf) }
@font-face { font-family: "BP Serif"; font-weight: 700; src: url(fonts/serif-bold.otf) }
@font-face { font-family: "BP Sans"; font-weight: 700; src: url(fonts/sans.otf) }
html { font-family: "BP Serif", serif }
h1 { font-family: "BP Sans", sans-serif }
.note { font: 400 9pt/1.2 "BP Sans" }
p.note { font-weight: bold }
.mark::before { content: "【" }
em { font-style: normal; text-emphasis-style: filled sesame }
.away { display: none }
"""


def used(body: str, css: str = CSS) -> dict[str, str]:
    root = etree.fromstring(f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>题'
                            f'</title></head><body>{body}</body></html>')
    return {url: "".join(sorted(map(chr, chars)))
            for url, chars in characters_by_face([(root, css)]).items()}


def test_faces_are_read_from_font_face_rules():
    assert [(face.family, face.weight, face.url) for face in font_faces(CSS)] == [
        ("bp serif", 400, "fonts/serif.otf"), ("bp serif", 700, "fonts/serif-bold.otf"),
        ("bp sans", 700, "fonts/sans.otf")]


def test_each_text_goes_to_the_face_its_element_is_set_in():
    assert used("<h1>标题</h1><p>正文<b>粗</b></p>") == {
        "fonts/sans.otf": "标题", "fonts/serif.otf": "文正", "fonts/serif-bold.otf": "粗"}


def test_the_shorthand_specificity_and_the_nearest_weight():
    # .note is 400 in the sans, which has only a 700: the nearest weight is taken
    assert used('<div class="note">注</div><p class="note">释</p>') == {"fonts/sans.otf": "注释"}


def test_hidden_text_and_the_head_take_no_face():
    assert used('<p>见</p><p class="away">藏</p><p hidden="hidden">隐</p>') == {
        "fonts/serif.otf": "见"}


def test_generated_text_and_emphasis_marks_count():
    assert used('<p class="mark">文</p><p><em>重</em></p>') == {
        "fonts/serif.otf": "【文重\ufe45"}


def test_generic_families_are_the_readers():
    assert used("<pre>code</pre><p>字</p>") == {"fonts/serif.otf": "字"}
