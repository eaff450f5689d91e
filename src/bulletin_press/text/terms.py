"""Finding a glossary's terms in text: leftmost, longest first, in time linear in the text.

A regular expression of the terms joined by ``|`` tries every term at every position, so
20 000 terms against a long story take minutes; a trie of the terms is walked instead,
from the places where a term may start, never further than the longest term.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable, Iterator

_END = ""  # the key that marks the end of a term in the trie


@lru_cache(maxsize=16)
def terms(words: frozenset[str]) -> "Terms":
    """The matcher of these words, built once: every edition, format and check of an issue
    looks for the same glossary."""
    return Terms(words)


class Terms:
    def __init__(self, words: Iterable[str]):
        self.trie: dict = {}
        for word in words:
            if not word:
                continue
            node = self.trie
            for char in word:
                node = node.setdefault(char, {})
            node[_END] = word
        # the characters a term may start with, as one class, to skip to the next of them
        self.starts = re.compile("[" + "".join(re.escape(c) for c in self.trie) + "]") \
            if self.trie else None

    def __bool__(self) -> bool:
        return bool(self.trie)

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, term) of each term in ``text``, left to right, the longest where
        several start at one place, none overlapping."""
        if self.starts is None:
            return
        position = 0
        while (found := self.starts.search(text, position)) is not None:
            start = found.start()
            node, longest, index = self.trie, None, start
            while index < len(text) and (node := node.get(text[index])) is not None:
                index += 1
                if _END in node:
                    longest = (index, node[_END])
            if longest is None:
                position = start + 1
                continue
            yield start, longest[0], longest[1]
            position = longest[0]

    def sub(self, replace: Callable[[str], str], text: str) -> str:
        """``text`` with every term found replaced by ``replace(term)``."""
        parts, position = [], 0
        for start, end, term in self.finditer(text):
            parts.append(text[position:start])
            parts.append(replace(term))
            position = end
        parts.append(text[position:])
        return "".join(parts)
