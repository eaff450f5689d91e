"""Makes TWPhrasesRevKept.txt: the Taiwan words that tw2sp's phrase conversion leaves as words.

OpenCC's TWPhrasesRev swaps Taiwan vocabulary for Mainland vocabulary (軟體→软件, 網路→网络).
Many of its Taiwan words are Mainland words as well, with a meaning of their own there (啟用
"start using" is not 激活 "activate"; 簡報 "bulletin" is not 演示文稿 "slides"); swapping
those changes what the text says.  An entry is kept out when its Taiwan word, converted
character by character (tw2s), is a Mainland word in its own right: jieba's dictionary,
counted from Mainland text, gives it a frequency of at least COMMON, or at least ESTABLISHED
and no less than the word the entry would put in its place.

Each kept word maps to what tw2sp's first stage gives it without TWPhrasesRev (tw2t), so
that in the union group [TWPhrasesRevKept, TWPhrasesRev] the tie goes to the word as it is.

Run with jieba's dictionary (MIT licence; only read here, never a dependency):

    pip download --no-deps jieba==0.42.1 && tar xzf jieba-0.42.1.tar.gz
    .venv/bin/python src/bulletin_press/text/data/opencc/make_tw_phrases_kept.py \
        jieba-0.42.1/jieba/dict.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

from bulletin_press.text.dictionaries import STOCK, converter, entries

COMMON = 100
ESTABLISHED = 20
OUTPUT = Path(__file__).with_name("TWPhrasesRevKept.txt")


def frequencies(path: Path) -> dict[str, int]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, frequency, *_ = line.split(" ")
        found[word] = int(frequency)
    return found


def main(jieba_dictionary: str) -> None:
    frequency = frequencies(Path(jieba_dictionary))
    phrases = entries(str(STOCK / "TWPhrasesRev.ocd2"))
    mainland_phrases = entries(str(STOCK / "STPhrases.ocd2"))
    by_character, to_simplified = converter("tw2s"), converter("t2s")
    first_stage = converter("tw2t")
    kept, swapped, in_st_phrases = [], [], 0
    for word, forms in sorted(phrases.items()):
        as_written = by_character.convert(word)
        replacement = to_simplified.convert(forms[0])
        if as_written == replacement:
            continue  # the entry changes no word
        ours, theirs = frequency.get(as_written, 0), frequency.get(replacement, 0)
        in_st_phrases += as_written in mainland_phrases
        if ours >= COMMON or (ours >= ESTABLISHED and ours >= theirs):
            kept.append((word, first_stage.convert(word), as_written, replacement, ours, theirs))
        else:
            swapped.append((word, as_written, replacement, ours, theirs))
    OUTPUT.write_text("".join(f"{word}\t{value}\n" for word, value, *_ in kept), encoding="utf-8")
    changing = len(kept) + len(swapped)
    print(f"TWPhrasesRev: {len(phrases)} entries, {changing} change a word "
          f"(the others give the word tw2s gives)")
    print(f"kept as words: {len(kept)}; still swapped: {len(swapped)}")
    print(f"(in STPhrases, which lists words of either region: {in_st_phrases} of the {changing})")
    for word, _, written, replacement, ours, theirs in sorted(kept, key=lambda k: -k[4]):
        print(f"  kept    {word} → {written} (not {replacement}; {ours} vs {theirs})")
    for word, written, replacement, ours, theirs in sorted(swapped, key=lambda k: -k[3])[:40]:
        print(f"  swapped {word} → {replacement} (not {written}; {ours} vs {theirs})")


if __name__ == "__main__":
    main(*sys.argv[1:])
