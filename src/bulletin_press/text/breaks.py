"""Line-break opportunities around quotation marks that Unicode's rules withhold.

UAX #14 gives “ ” ‘ ’ the class QU and never breaks on either side of them
(before Unicode 15.1, which Pango 1.50 predates), so ``她说：“好。”他走了`` cannot
break before “ nor after ”.  Chinese text may (clreq §3.1.7: only closing marks
must not start a line, only opening marks must not end one).  For print, a
zero-width space (U+200B, drawn as nothing and absent from the PDF's text) marks
the opportunity: before an opening quote that follows a Chinese character or
closing punctuation, and after a closing quote that comes before a Chinese
character or opening punctuation.
"""

from __future__ import annotations

import unicodedata

from bulletin_press.text.spacing import is_han

ZERO_WIDTH_SPACE = "\u200b"
OPENING_QUOTES = "“‘"
CLOSING_QUOTES = "”’"
_MAY_END_A_LINE = set("。，、；：？！）」』】》〉”’…—")
_MAY_START_A_LINE = set("（「『【《〈“‘")


def quote_breaks(text: str, before: str = "", after: str = "") -> str:
    """``text`` with a zero-width space where a line may break at a quotation mark."""
    out = []
    for index, char in enumerate(text):
        previous = text[index - 1] if index else before[-1:]
        following = text[index + 1] if index + 1 < len(text) else after[:1]
        # Between a closing and an opening quote (”“) the break is the closing quote's: one
        # break, not two, also where the two stand in neighbouring runs.
        if char in OPENING_QUOTES and previous and previous not in CLOSING_QUOTES \
                and (is_han(previous) or previous in _MAY_END_A_LINE):
            out.append(ZERO_WIDTH_SPACE)
        out.append(char)
        if char in CLOSING_QUOTES and following and (is_han(following) or following in _MAY_START_A_LINE):
            out.append(ZERO_WIDTH_SPACE)
    return "".join(out)


# A run of characters with no Han character and no space longer than this (a pasted URL, a
# row of dashes or brackets) gets an opportunity every ``_EVERY`` characters: it could not
# fit the 22-em column otherwise, and WeasyPrint's last resort (``overflow-wrap:
# anywhere``) lays out the rest of the paragraph again for every line of it.
_LONGEST_RUN = 40
_EVERY = 16
_PAIRED = set("…")  # …… is never split (clreq)


def long_run_breaks(text: str) -> str:
    """``text`` with a zero-width space every few characters of each overlong run."""
    out: list[str] = []
    start = 0
    for index in range(len(text) + 1):
        if index < len(text) and not _ends_run(text[index]):
            continue
        run = text[start:index]
        if len(run) > _LONGEST_RUN:
            same = 0  # how many of the same character stand just before this one
            for offset, char in enumerate(run):
                same = same + 1 if offset and run[offset - 1] == char else 0
                inside_pair = char in _PAIRED and same % 2 == 1
                if offset and offset % _EVERY == 0 and not inside_pair \
                        and not unicodedata.category(char).startswith("M"):
                    out.append(ZERO_WIDTH_SPACE)
                out.append(char)
        else:
            out.append(run)
        if index < len(text):
            out.append(text[index])
        start = index + 1
    return "".join(out)


def _ends_run(char: str) -> bool:
    # a row of dashes is one cluster to the layout (clreq.clusters) and is never split; the
    # loader refuses rows too long to set (manuscript.checks.dash_rows)
    return char.isspace() or is_han(char) or char == ZERO_WIDTH_SPACE or char == "—"
