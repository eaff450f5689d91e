"""Imported text made fit for a manuscript: safe fixes applied, boilerplate told apart.

Fixes are the project's own (:func:`bulletin_press.text.slips.find_slips`): where
a slip has a safe replacement it is applied, right to left so that earlier
places stay put, and the text is looked at again until nothing changes (a
removed pinyin may leave a comma between Chinese characters, a comma made
full-width may leave a space between two Chinese characters).  What has no
safe fix is kept as written and listed as undecided.  Lost characters
(mojibake) have no fix: ``find_slips`` leaves the ``?`` in them alone.

One rule differs in a headline: a space between two Chinese characters there
separates phrases (提高效率 解决问题), as the ideographic space U+3000 does in
print, so it becomes one instead of being removed.

Boilerplate — the lines that web pages and chat programs add around a story
(scan-the-QR-code prompts, re-posting and copyright notices, source lines,
bare links, share prompts) — is recognised on whole short lines only, so that
a sentence of a story that mentions a QR code is never taken for one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pathlib import Path

from bulletin_press.diagnostics import Location, Report
from bulletin_press.text.markup import parse_inlines
from bulletin_press.text.paragraphs import join_lines
from bulletin_press.text.slips import find_slips
from bulletin_press.text.source import SourceLine

PASSES = 4
PHRASE_SPACE = "space-in-chinese (headline)"  # counted apart: the space is made U+3000


@dataclass(frozen=True)
class Undecided:
    code: str
    run: str  # the run as it stands, with a little of the text around it
    message: str


@dataclass
class Cleaned:
    text: str
    fixes: Counter = field(default_factory=Counter)
    undecided: list[Undecided] = field(default_factory=list)


def clean(text: str, headline: bool = False) -> Cleaned:
    """``text`` with the safe fixes applied (phrase spaces kept in a headline)."""
    fixes: Counter = Counter()
    for _ in range(PASSES):
        edits = [(slip.start, slip.end, slip.replacement,
                  PHRASE_SPACE if slip.replacement == "\u3000" else slip.code)
                 for slip in find_slips(text, display=headline) if slip.replacement is not None]
        if not edits:
            break
        end_of_next = len(text) + 1
        for start, end, replacement, code in sorted(edits, reverse=True):
            if end > end_of_next:  # overlaps one applied already: the next pass sees it
                continue
            text = text[:start] + replacement + text[end:]
            fixes[code] += 1
            end_of_next = start
    text = _safe_markup(text)
    return Cleaned(text, fixes, _undecided(text))


def _undecided(text: str) -> list[Undecided]:
    return [Undecided(slip.code, _quote(text, slip.start, slip.end), slip.message)
            for slip in find_slips(text) if slip.replacement is None]


def _quote(text: str, start: int, end: int, around: int = 4) -> str:
    before = ("…" if start > around else "") + text[max(start - around, 0):start]
    after = text[end:end + around] + ("…" if end + around < len(text) else "")
    return before + text[start:end] + after


def _safe_markup(text: str) -> str:
    """Text whose asterisks and braces would be taken for broken markup, escaped."""
    report = Report()
    if text:
        parse_inlines(join_lines([SourceLine(text, Location(Path(".")))]), report)
    if report.ok:
        return text
    return re.sub(r"(?<!\\)([*{])", r"\\\1", text)


# Boilerplate ---------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)[!-~]+", re.IGNORECASE)
_SHORT = 80  # a notice is a line or two of a phone's screen; a paragraph is longer
_BOILERPLATE = (
    ("a QR-code prompt", re.compile(
        "(?:扫描|掃描|扫码|掃碼|扫一扫|掃一掃|长按|長按|识别|識別).{0,12}(?:二维码|二維碼|小程序)"
        "|(?:二维码|二維碼).{0,16}(?:手机|手機|关注|關注|识别|識別|访问|訪問)")),
    ("a re-posting notice", re.compile(
        "(?:转载|轉載|转发|轉發).{0,12}(?:注明|註明|出处|出處|来源|來源|授权|授權|联系|聯繫|聯系)"
        "|版权声明|版權聲明|如有侵权|如有侵權|侵权.{0,8}删除|侵權.{0,8}刪除|免责声明|免責聲明")),
    ("a source or credit line", re.compile(
        "^(?:来源|來源|原标题|原標題|原文链接|原文鏈接|责任编辑|責任編輯|编辑|編輯|审核|審核|"
        "校对|校對|排版|出处|出處)[:：]")),
    ("a copyright line", re.compile(
        r"©|\(c\)\s*\d{4}|copyright|all rights reserved|版权所有|版權所有", re.IGNORECASE)),
    ("a read-more prompt", re.compile("阅读原文|閱讀原文|查看原文|点击.{0,4}原文|點擊.{0,4}原文")),
    ("a share or like prompt", re.compile(
        "点赞|點讚|點贊|点个赞|點個讚|点个在看|點個在看|一键三连|一鍵三連|分享到|分享给|分享給|"
        "转发到|轉發到|朋友圈|点击关注|點擊關注|关注我们|關注我們|欢迎关注|歡迎關注|喜欢就|喜歡就")),
)


def boilerplate(text: str) -> str | None:
    """What kind of boilerplate the line ``text`` is, or None for text of the story."""
    plain = text.replace("**", "")
    rest = _URL.sub("", plain)
    if rest != plain and len(re.sub(r"[\W_]", "", rest)) <= 12:
        return "a link"  # a bare address, or one with a short label (原文链接：…)
    if len(plain) > _SHORT:
        return None
    for kind, pattern in _BOILERPLATE:
        if pattern.search(plain):
            return kind
    return None


# Lines of a paragraph ------------------------------------------------------------------

_SENTENCE_END = re.compile("[。！？]+[”’」』）》]*")


def sentences(text: str) -> list[str]:
    """A paragraph as one sentence per line, as the manuscript format lets editors keep it
    (a line break next to Chinese joins without a space).  A run of lost characters stays
    on one line, where ``check`` sees it whole."""
    lost = [(slip.start, slip.end) for slip in find_slips(text) if slip.code == "mojibake"]
    lines, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() == len(text):
            break
        if any(first < match.end() < last for first, last in lost):
            continue
        lines.append(text[start:match.end()])
        start = match.end()
    lines.append(text[start:])
    return [line.strip() for line in lines if line.strip()]
