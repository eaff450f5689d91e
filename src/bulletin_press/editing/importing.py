"""``bulletin-press import``: a pasted text, a Markdown file or a Word document made into
a new issue folder — issue.yaml, stories/NN.yaml, images/ — and a report of what was done.

Reading is in :mod:`~bulletin_press.editing.sources` (text, Markdown) and
:mod:`~bulletin_press.editing.word` (.docx); telling stories apart and cleaning
their text in :mod:`~bulletin_press.editing.stories` and
:mod:`~bulletin_press.editing.cleaning`; writing in
:mod:`~bulletin_press.editing.writing`.  This module decides the script, puts
the files together and prints the report.  Nothing is written when anything is
wrong, and the only file read is the one named.
"""

from __future__ import annotations

import datetime
import re
import sys
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Callable

from bulletin_press.diagnostics import visible
from bulletin_press.editing.cleaning import PHRASE_SPACE, Undecided, sentences
from bulletin_press.editing.sources import NotImported, Source, read_source
from bulletin_press.editing.stories import Draft, draft
from bulletin_press.editing.writing import (TargetError, block, block_value, check_target,
                                            scalar, verified, write_folder)
from bulletin_press.manuscript.files import MB, Limits
from bulletin_press.manuscript.load import ISSUE_ID
from bulletin_press.manuscript.model import LANGUAGES
from bulletin_press.text.convert import DEFAULT_QUOTES, convert_quotes

# An issue's folder names its outputs (as the loader requires).
USAGE = 2  # the exit status of a mistake on the command line, as argparse gives it
_CAPTION_LABEL = re.compile(r"^[（(]?[图圖図]\s*[\d一二三四五六七八九十]*[为為示]?[）)]?"
                            r"[\s\u3000：:.．、]*")
_SCRIPT = {"zh-Hans": "Simplified", "zh-Hant": "Traditional"}
# OpenCC configurations into each script, as the editions use them (text/convert.py).
_INTO = {"zh-Hans": "tw2s", "zh-Hant": "s2tw"}
PLACEHOLDERS = {
    "publication": {"zh-Hans": "（请填写刊名）", "zh-Hant": "（請填寫刊名）"},
    "headline": {"zh-Hans": "（请填写标题）", "zh-Hant": "（請填寫標題）"},
}
FIXES = {
    "converter-pinyin": "a converter's pinyin removed",
    "ascii-punctuation": "ASCII punctuation made full-width",
    "space-in-chinese": "a space between Chinese characters removed",
    "space-beside-chinese": "a space beside Chinese removed where the layout sets its own gap",
    "fullwidth-ruby-bar": "ruby's full-width '｜' made '|'",
    "quote-style": "quotation marks made the script's own style (“” or 「」)",
    PHRASE_SPACE: "a space between the phrases of a headline made the ideographic space U+3000",
    "invisible-character": "an invisible character (zero-width space, control character) "
                           "removed",
}


def run_import(source_path: Path, target: Path, date: str | None = None,
               language: str | None = None, limits: Limits = Limits()) -> int:
    """Import ``source_path`` into the new issue folder ``target``; the exit status.
    ``date`` is the issue's, YYYY-MM-DD (default: today); ``language`` the script to
    convert the text into (default: none, as written)."""
    try:
        day = _date(date) if date else datetime.date.today()
    except ValueError:
        print(f"--date: error: '{visible(date)}' is not a date written YYYY-MM-DD, from 1900 "
              "to 2999", file=sys.stderr)
        return USAGE
    try:
        check_target(target)
        if not ISSUE_ID.match(target.name):
            raise TargetError(f"'{target.name}' cannot name an issue: use ASCII letters, digits, "
                              "'-', '_' and '.' (it names the output files)")
    except TargetError as error:
        return _error(target, str(error))
    try:
        source = read_source(source_path, limits)
    except NotImported as error:
        return _error(source_path, str(error))
    issue = draft(source)
    if not issue.lead and not any(story.paragraphs or story.pictures for story in issue.stories):
        return _error(source_path, "nothing is left to import once the boilerplate is taken out "
                                   f"({_count(len(issue.boilerplate), 'line')} of it)")
    if source.invisible:
        issue.fixes["invisible-character"] += source.invisible
    detected, counts = detect_script(_texts(issue))
    chosen = language or detected
    if language:
        _convert(issue, _converter(detected, language))
    else:  # quotation marks in the manuscript's own style (“” typed in Traditional text)
        _convert(issue, _quotes(chosen, issue.fixes))
    try:
        files, summary = _files(issue, source_path, chosen, day, limits)
    except NotImported as error:
        return _error(source_path, str(error))
    try:
        write_folder(files, target)
    except TargetError as error:
        return _error(target, str(error))
    _print_report(source, source_path, target, issue, summary, detected, counts, language)
    return 0


def _date(text: str) -> datetime.date:
    """The date ``text`` says, in the years a manuscript's date may have."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError(text)
    day = datetime.date.fromisoformat(text)
    if not 1900 <= day.year <= 2999:
        raise ValueError(text)
    return day


def _error(path: Path, message: str) -> int:
    print(visible(f"{path}: error: {message}"), file=sys.stderr)
    return 1


# Script ---------------------------------------------------------------------------------

@cache
def _opencc(configuration: str):  # noqa: ANN202
    import opencc

    return opencc.OpenCC(configuration)


def detect_script(texts: list[str]) -> tuple[str, tuple[int, int]]:
    """zh-Hant or zh-Hans, by the characters only one of the scripts writes; and the counts
    of (Traditional, Simplified) characters."""
    chars = Counter(char for text in texts for char in text
                    if char.isalpha() and ord(char) > 0x2E80)
    traditional = sum(n for char, n in chars.items() if _opencc("t2s").convert(char) != char)
    simplified = sum(n for char, n in chars.items() if _opencc("s2t").convert(char) != char)
    return ("zh-Hant" if traditional > simplified else "zh-Hans"), (traditional, simplified)


def _converter(detected: str, language: str) -> Callable[[str], str]:
    """Text into ``language``'s script; text already in it keeps its characters and has its
    stray characters of the other script converted."""
    def convert(text: str) -> str:
        text = _opencc(_INTO[language]).convert(text)
        return convert_quotes(text, DEFAULT_QUOTES[language])
    return convert


def _quotes(language: str, fixes: Counter) -> Callable[[str], str]:
    style = DEFAULT_QUOTES[language]

    def convert(text: str) -> str:
        converted = convert_quotes(text, style)
        changed = sum(a != b for a, b in zip(text, converted))
        if changed:
            fixes["quote-style"] += changed
        return converted
    return convert


def _texts(issue: Draft) -> list[str]:
    texts = list(issue.lead) + ([issue.title] if issue.title else [])
    for story in issue.stories:
        texts += story.headline + story.paragraphs
        texts += [picture.caption for picture in story.pictures]
    return texts


def _convert(issue: Draft, convert: Callable[[str], str]) -> None:
    issue.title = convert(issue.title) if issue.title else issue.title
    issue.lead = [convert(text) for text in issue.lead]
    issue.lead_undecided = [(where, _converted(item, convert))
                            for where, item in issue.lead_undecided]
    for story in issue.stories:
        story.headline = [convert(line) for line in story.headline]
        story.paragraphs = [convert(text) for text in story.paragraphs]
        story.undecided = [(where, _converted(item, convert)) for where, item in story.undecided]
        for picture in story.pictures:
            picture.caption = convert(picture.caption)
            picture.description = convert(picture.description)


def _converted(item: Undecided, convert: Callable[[str], str]) -> Undecided:
    return Undecided(item.code, convert(item.run), item.message)


# Files ----------------------------------------------------------------------------------

def _files(issue: Draft, source_path: Path, language: str, date: datetime.date,
           limits: Limits) -> tuple[dict[str, bytes], dict]:
    files: dict[str, bytes] = {}
    width = max(2, len(str(len(issue.stories))))
    stems = [f"{number:0{width}d}" for number in range(1, len(issue.stories) + 1)]
    summary: dict = {"stems": stems, "pictures": [], "headline_placeholder": False}
    for stem, story in zip(stems, issue.stories):
        if not story.headline:
            story.headline = [PLACEHOLDERS["headline"][language]]
            summary["headline_placeholder"] = True
        meant: dict = {"headline": story.headline[0] if len(story.headline) == 1
                       else list(story.headline)}
        if isinstance(meant["headline"], list):
            text = "headline:\n" + "".join(f"  - {scalar(line)}\n" for line in story.headline)
        else:
            text = f"headline: {scalar(meant['headline'])}\n"
        paragraphs = [sentences(paragraph) for paragraph in story.paragraphs]
        if paragraphs:
            text += "body: " + block(paragraphs)
            meant["body"] = block_value(paragraphs)
        else:
            text += "body: ''  # write the story's text\n"
            meant["body"] = ""
        if story.pictures:
            text += "images:\n"
            meant["images"] = []
        for number, picture in enumerate(story.pictures, 1):
            src = f"images/{stem}-{number}{picture.extension}"
            files[src] = picture.data
            alt, alt_from = _alt(picture)
            text += f"  - src: {scalar(src)}\n"
            text += f"    alt: {scalar(alt)}" + ("  # describe the picture\n" if not alt else "\n")
            entry = {"src": src, "alt": alt}
            if picture.caption:
                text += f"    caption: {scalar(picture.caption)}\n"
                entry["caption"] = picture.caption
            meant["images"].append(entry)
            summary["pictures"].append((stem, number, src, picture, alt_from))
        files[f"stories/{stem}.yaml"] = verified(text, meant)
    title, title_from = _title(issue, source_path, limits)
    summary["title"], summary["title_from"] = title, title_from
    publication = PLACEHOLDERS["publication"][language]
    text = (f"title: {scalar(title)}  # {title_from}: set the issue's title\n"
            f"publication: {scalar(publication)}  # set the bulletin's name\n"
            f"date: {date.isoformat()}\n"
            f"language: {language}\n")
    meant = {"title": title, "publication": publication, "date": date, "language": language}
    if issue.lead:
        lead = [sentences(paragraph) for paragraph in issue.lead]
        text += "lead: " + block(lead)
        meant["lead"] = block_value(lead)
    text += "stories:\n" + "".join(f"  - {scalar(stem)}\n" for stem in stems)
    meant["stories"] = stems
    files["issue.yaml"] = verified(text, meant)
    for name, data in files.items():
        if name.endswith(".yaml") and len(data) > limits.file_bytes:
            raise NotImported(f"{name} would be {len(data) / MB:.1f} MB, more than the "
                              f"{limits.file_bytes / MB:g} MB a manuscript file may be: "
                              "import the text in parts")
    return files, summary


def _title(issue: Draft, source_path: Path, limits: Limits) -> tuple[str, str]:
    if issue.title:
        return issue.title, "from the document's title"
    if issue.headlines_found:
        lines = issue.stories[0].headline
        joined = "\u3000".join(lines)
        return (joined if len(joined) <= limits.line_chars else lines[0][:limits.line_chars],
                "from the first headline")
    return source_path.stem[:limits.line_chars], "from the file's name"


def _alt(picture) -> tuple[str, str]:  # noqa: ANN001
    for text, origin in ((picture.description, "the document's description"),
                         (picture.caption, "the caption")):
        text = re.sub(r"\\(.)", r"\1", text.replace("**", "")).strip()
        if origin == "the caption":  # its label (图1) describes nothing
            text = _CAPTION_LABEL.sub("", text) or text
        if text:
            return text[:200], origin
    return "", "none: describe the picture in 'alt'"


# The report -----------------------------------------------------------------------------

def _print_report(source: Source, source_path: Path, target: Path, issue: Draft,
                  summary: dict, detected: str, counts: tuple[int, int],
                  language: str | None) -> None:
    out: list[str] = []
    encoding = f", {source.encoding}" if source.encoding else ""
    out.append(f"imported {source_path} ({source.kind}{encoding}) into {target}")
    traditional, simplified = counts
    found = (f"{traditional} characters only Traditional writes, {simplified} only "
             "Simplified")
    if language and language != detected:
        out.append(f"language: {language}, converted from {_SCRIPT[detected]} script with "
                   f"OpenCC ({_INTO[language]}) ({found})")
    elif language:
        out.append(f"language: {language}, the text's own script; its characters of "
                   f"{_SCRIPT[_other(language)]} script converted with OpenCC "
                   f"({_INTO[language]}) ({found})")
    else:
        out.append(f"language: {detected}, the text is in {_SCRIPT[detected]} script ({found})")
        other = simplified if detected == "zh-Hant" else traditional
        if other:
            out.append(f"  the characters of {_SCRIPT[_other(detected)]} script stay as written: "
                       f"check lists them; --language {detected} converts them")
    out.append(f"title: {summary['title']} ({summary['title_from']}; set the issue's title "
               "in issue.yaml)")
    out.append("publication: a placeholder: set the bulletin's name in issue.yaml")
    if issue.lead:
        out.append(f"lead: {_count(len(issue.lead), 'paragraph')}")
    if not issue.headlines_found:
        out.append("no headlines found: the text is one story")
    out.append(f"stories: {len(issue.stories)}")
    for stem, story in zip(summary["stems"], issue.stories):
        extra = f", {_count(len(story.pictures), 'picture')}" if story.pictures else ""
        out.append(f"  {stem}  {' / '.join(story.headline)}  "
                   f"({_count(len(story.paragraphs), 'paragraph')}{extra})")
        if not story.paragraphs:
            out.append(f"  {stem} has no text: write its body in stories/{stem}.yaml")
    if summary["headline_placeholder"]:
        out.append("  a headline is a placeholder: write it in the story")
    for stem, number, src, picture, alt_from in summary["pictures"]:
        caption = f", caption '{picture.caption}'" if picture.caption else ", no caption"
        out.append(f"  {src}: {picture.origin} of story {stem}{caption}; alt text from "
                   f"{alt_from}")
    out += _fixes(issue.fixes)
    undecided = [(f"issue.yaml, lead, {where}", item) for where, item in issue.lead_undecided]
    for stem, story in zip(summary["stems"], issue.stories):
        undecided += [(f"stories/{stem}.yaml, {where}", item) for where, item in story.undecided]
    out.append(f"undecided, left as written ({len(undecided)})" + (":" if undecided else ""))
    out += [f"  {where}: '{item.run}': {item.message}" for where, item in undecided]
    out.append(f"boilerplate removed ({len(issue.boilerplate)})"
               + (":" if issue.boilerplate else ""))
    out += [f"  {kind}: '{line}'" for kind, line in issue.boilerplate]
    if source.notes:
        out.append(f"left out ({len(source.notes)}):")
        out += [f"  {note}" for note in source.notes]
    out.append(f"next: bulletin-press check {target}")
    print("\n".join(_shown(line) for line in out))


def _shown(text: str) -> str:
    """A line of the report with what a terminal would act on (controls, direction marks)
    escaped, and the ideographic space of a headline shown as it is."""
    return "".join(f"\\u{ord(char):04x}" if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
                   else char for char in text)


def _fixes(fixes: Counter) -> list[str]:
    total = sum(fixes.values())
    lines = [f"fixes applied ({total})" + (":" if total else "")]
    for code, count in sorted(fixes.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  {count:5d}  {code}: {FIXES.get(code, code)}")
    return lines


def _other(language: str) -> str:
    return next(code for code in LANGUAGES if code != language)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
