"""Which face of a stylesheet sets which characters: the cascade of a book's CSS over its
documents, so that each embedded font is cut to exactly what it sets.

A small cascade of the properties that choose a face (``font-family``, ``font-weight``,
``font-style`` and the ``font`` shorthand) and of ``display: none``, with the user
agent's defaults for headings, bold and preformatted text, matched by cssselect2 as
WeasyPrint matches.  What CSS draws itself counts too: ``::before`` and ``::after``
strings and the emphasis marks of ``text-emphasis-style``.  Readers fall back from face
to face only for characters a face lacks, and the shipped faces lack none of the text's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import cssselect2
import tinycss2

# The user agent's rules that choose a face or hide text (HTML's rendering section).
USER_AGENT_CSS = """
head, script, style, [hidden] { display: none }
h1, h2, h3, h4, h5, h6, b, strong, th, dt { font-weight: bold }
i, cite, em, var, dfn, address { font-style: italic }
pre, code, kbd, samp, tt, listing, xmp, plaintext { font-family: monospace }
"""
INHERITED = ("font-family", "font-weight", "font-style", "text-emphasis-style")
# text-emphasis-style keywords → the mark (CSS Text Decoration 3 §3.1), filled and open
EMPHASIS_MARKS = {"dot": "\u2022\u25e6", "circle": "\u25cf\u25cb", "double-circle": "\u25c9\u25ce",
                  "triangle": "\u25b2\u25b3", "sesame": "\ufe45\ufe46"}
GENERIC_FAMILIES = ("serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui")


@dataclass(frozen=True)
class Face:
    family: str  # case-folded
    weight: int
    style: str  # normal, italic or oblique
    url: str


def font_faces(css: str) -> list[Face]:
    """The ``@font-face`` rules of a stylesheet, each with its first ``url()``."""
    faces = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or not rule.content:
            continue
        declared = _declarations(rule.content)
        families = _families(declared.get("font-family", []))
        urls = [token.value for token in declared.get("src", []) if token.type == "url"] + [
            token.arguments[0].value for token in declared.get("src", [])
            if token.type == "function" and token.lower_name == "url" and token.arguments]
        if families and urls:
            faces.append(Face(families[0], _weight(declared.get("font-weight", []), 400),
                              _keyword(declared.get("font-style", [])) or "normal", urls[0]))
    return faces


def characters_by_face(documents: Iterable[tuple[object, str]]) -> dict[str, set[int]]:
    """For documents (lxml roots, each with the text of the stylesheets it links), the
    characters each ``@font-face`` URL sets."""
    used: dict[str, set[int]] = {}
    for root, css in documents:
        faces = font_faces(css)
        matcher = _matcher(css)
        _walk(cssselect2.ElementWrapper.from_xml_root(root), matcher, faces, used,
              {"font-family": ["serif"], "font-weight": 400, "font-style": "normal",
               "text-emphasis-style": None})
    return used


def _walk(element, matcher, faces: list[Face], used: dict[str, set[int]], inherited: dict) -> None:
    matches: dict[str | None, list] = {}
    for specificity, order, pseudo, (origin, declarations) in matcher.match(element):
        matches.setdefault(pseudo, []).append(((origin, specificity, order), declarations))
    style = _cascade(matches.get(None, []), inherited)
    if style["display"] == "none":
        return
    face = _face(style, faces)
    text = (element.etree_element.text or "") + element.etree_element.get("alt", "")
    mark = _emphasis_mark(style["text-emphasis-style"])
    for pseudo in ("before", "after"):
        if pseudo in matches:
            generated = _cascade(matches[pseudo], style)
            _add(used, _face(generated, faces), "".join(
                token.value for token in generated["content"] if token.type == "string"))
    children = [child for child in element.iter_children()]
    for child in children:
        _walk(child, matcher, faces, used, style)
        text += child.etree_element.tail or ""
    _add(used, face, text + (mark if mark and text.strip() else ""))


def _add(used: dict[str, set[int]], face: Face | None, text: str) -> None:
    if face is not None and text:
        used.setdefault(face.url, set()).update(map(ord, text))


def _matcher(css: str) -> cssselect2.Matcher:
    matcher = cssselect2.Matcher()
    for origin, sheet in enumerate((USER_AGENT_CSS, css)):
        for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
            if rule.type != "qualified-rule":
                continue
            declarations = _declarations(rule.content)
            try:
                selectors = cssselect2.compile_selector_list(rule.prelude)
            except cssselect2.SelectorError:
                continue  # a reader skips a rule it cannot read
            for selector in selectors:
                matcher.add_selector(selector, (origin, declarations))
    return matcher


def _declarations(content) -> dict[str, list]:
    found = {}
    for declaration in tinycss2.parse_blocks_contents(content, skip_comments=True,
                                                      skip_whitespace=True):
        if declaration.type == "declaration":
            found[declaration.lower_name] = [token for token in declaration.value
                                             if token.type not in ("whitespace", "comment")]
    return found


def _cascade(matched: list, inherited: dict) -> dict:
    style = {name: inherited[name] for name in INHERITED}
    style.update(display="inline", content=[])
    for _, declarations in sorted(matched, key=lambda match: match[0]):
        for name, value in declarations.items():
            if name == "font":
                _font_shorthand(value, style, inherited)
            elif name == "font-family" and _families(value):
                style[name] = _families(value)
            elif name == "font-weight":
                style[name] = _weight(value, inherited["font-weight"])
            elif name == "font-style":
                style[name] = _keyword(value) or style[name]
            elif name in ("text-emphasis-style", "-webkit-text-emphasis-style",
                          "-epub-text-emphasis-style"):
                style["text-emphasis-style"] = value
            elif name == "display":
                style[name] = _keyword(value) or style[name]
            elif name == "content":
                style[name] = value
    return style


def _font_shorthand(value: list, style: dict, inherited: dict) -> None:
    """``font: [style] [weight] size[/line-height] family, …``."""
    sizes = [i for i, token in enumerate(value)
             if token.type in ("dimension", "percentage") or
             (token.type == "number" and token.value == 0)]
    if not sizes:
        return
    style["font-style"], style["font-weight"] = "normal", 400
    for token in value[:sizes[0]]:
        if token.type == "ident" and token.lower_value in ("italic", "oblique"):
            style["font-style"] = token.lower_value
        elif token.type in ("ident", "number"):
            style["font-weight"] = _weight([token], inherited["font-weight"])
    rest = value[sizes[0] + 1:]
    if len(rest) >= 2 and rest[0].type == "literal" and rest[0].value == "/":
        rest = rest[2:]
    style["font-family"] = _families(rest) or style["font-family"]


def _families(value: list) -> list[str]:
    families, words = [], []
    for token in value + [None]:
        if token is None or (token.type == "literal" and token.value == ","):
            if words:
                families.append(" ".join(words).casefold())
            words = []
        elif token.type in ("string", "ident"):
            words.append(token.value)
    return families


def _weight(value: list, inherited: int) -> int:
    word = _keyword(value)
    if word == "bold":
        return 700
    if word == "bolder":
        return 400 if inherited < 350 else 700 if inherited < 550 else 900
    if word == "lighter":
        return 100 if inherited < 550 else 400 if inherited < 750 else 700
    if value and value[0].type == "number" and 1 <= value[0].value <= 1000:
        return int(value[0].value)
    return 400 if word == "normal" else inherited


def _keyword(value: list) -> str | None:
    return value[0].lower_value if value and value[0].type == "ident" else None


def _face(style: dict, faces: list[Face]) -> Face | None:
    """The face a reader takes for the style's first family it has (CSS Fonts 4 §5.2)."""
    for family in style["font-family"]:
        candidates = [face for face in faces if face.family == family]
        if not candidates:
            if family in GENERIC_FAMILIES:
                return None  # the reader's own font
            continue
        same_style = [face for face in candidates if face.style == style["font-style"]]
        return _nearest_weight(same_style or candidates, style["font-weight"])
    return None


def _nearest_weight(faces: list[Face], weight: int) -> Face:
    def rank(face: Face) -> tuple:
        if face.weight == weight:
            return (0, 0)
        if 400 <= weight <= 500 and weight < face.weight <= 500:
            return (1, face.weight)
        heavier = face.weight > weight
        prefer_heavier = weight > 500
        if heavier == prefer_heavier:
            return (2, abs(face.weight - weight))
        return (3, abs(face.weight - weight))
    return min(faces, key=rank)


def _emphasis_mark(value: list | None) -> str:
    if not value:
        return ""
    if value[0].type == "string":
        return value[0].value[:1]
    words = {token.lower_value for token in value if token.type == "ident"}
    if "none" in words:
        return ""
    shape = next((word for word in words if word in EMPHASIS_MARKS), "circle")  # horizontal
    return EMPHASIS_MARKS[shape][1 if "open" in words else 0]
