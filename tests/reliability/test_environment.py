"""The machine fails the build: a full disk, an output folder that cannot be written, a
missing font, a defect.  Each is one located line and an exit status; nothing changes."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import zipfile

import pytest

from bulletin_press import build as build_module
from bulletin_press import fonts
from bulletin_press.backends.epub import _issue_position
from tests.conftest import MINIMAL_ISSUE
from tests.epub_tools import NS, opf
from tests.reliability.conftest import OLD_OUTPUT, Project, jpeg, png, run_cli, snapshot
from tests.reliability.test_hostile_manuscripts import story_with_images


def build_args(*formats: str) -> list[str]:
    return ["build", "manuscripts", "--out", "dist", "--edition", "zh-Hans",
            *(f"--format={fmt}" for fmt in formats or ("epub",))]


@pytest.fixture
def ready(project: Project, monkeypatch) -> Project:
    monkeypatch.chdir(project.root)
    project.write()
    return project


def test_a_full_disk_while_staging_changes_nothing(ready, capsys, monkeypatch):
    real_open = open
    writes = []

    def full_open(path, mode="r", *args, **kwargs):
        stream = real_open(path, mode, *args, **kwargs)
        if mode == "xb":
            writes.append(path)
            if len(writes) == 2:
                stream.close()
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return stream

    monkeypatch.setattr("builtins.open", full_open)
    before = snapshot(ready.root)
    status, err = run_cli(capsys, *build_args("epub", "html"))
    assert status == 1
    assert err.startswith("dist: error: cannot write the outputs: No space left on device"), err
    assert snapshot(ready.root) == before


def test_an_output_folder_that_cannot_be_written(ready, capsys, monkeypatch):
    # the tests run as root, whom file modes do not stop: the refusal is what the system
    # would answer anyone else
    def refuse(*args, dir=None, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))

    monkeypatch.setattr(build_module.tempfile, "mkdtemp", refuse)
    monkeypatch.setattr(build_module, "private_temporary_folder", _no_private_folder)
    before = snapshot(ready.root)
    status, err = run_cli(capsys, *build_args())
    assert status == 1
    assert err.startswith("dist: error: cannot write the outputs: Permission denied"), err
    assert snapshot(ready.root) == before


def _no_private_folder():
    from contextlib import nullcontext

    return nullcontext()


def test_out_naming_a_file(ready, capsys):
    (ready.root / "afile").write_bytes(b"x")
    before = snapshot(ready.root)
    status, err = run_cli(capsys, "build", "manuscripts", "--out", "afile")
    assert status == 1
    assert "afile: error: the output folder (--out) is a file, not a folder" in err
    assert snapshot(ready.root) == before


def test_a_missing_font_file_is_named(ready, capsys, monkeypatch, tmp_path_factory):
    empty = tmp_path_factory.mktemp("fonts")
    shutil.copy(fonts.FONTS_DIR / "manifest.json", empty)
    monkeypatch.setattr(fonts, "FONTS_DIR", empty)
    for cached in (fonts._read, fonts._unicodes, fonts.shipped_fonts):
        cached.cache_clear()
    try:
        before = snapshot(ready.root)
        status, err = run_cli(capsys, *build_args())
    finally:
        monkeypatch.undo()
        for cached in (fonts._read, fonts._unicodes, fonts.shipped_fonts):
            cached.cache_clear()
    assert status == 1
    assert err.startswith(f"{empty}/NotoSerifCJKscBP-Regular.otf: error: cannot read a file the "
                          "build needs: the font file is missing"), err
    assert snapshot(ready.root) == before


@pytest.mark.parametrize("debug", [False, True])
def test_a_defect_is_an_internal_error_exit_3(ready, capsys, monkeypatch, debug):
    def broken(target, modified=None, print_pages=None, fits=None):
        raise ZeroDivisionError("a defect")

    monkeypatch.setattr(build_module, "render", broken)
    before = snapshot(ready.root)
    status, err = run_cli(capsys, *(["--debug"] if debug else []), *build_args())
    assert status == 3
    first = err.splitlines()[0]
    assert first.startswith("internal error while building test-issue: "
                            "ZeroDivisionError('a defect')"), err
    assert ("Traceback" in err) == debug
    assert snapshot(ready.root) == before


def test_ctrl_c_while_rendering_exits_130_and_writes_nothing(ready, capsys, monkeypatch):
    def interrupted(target, modified=None, print_pages=None, fits=None):
        os.kill(os.getpid(), 2)  # SIGINT, as Ctrl-C sends it

    monkeypatch.setattr(build_module, "render", interrupted)
    before = snapshot(ready.root)
    litter = set(os.listdir(tempfile.gettempdir()))
    status, err = run_cli(capsys, *build_args())
    assert status == 130
    assert err.strip() == "interrupted (SIGINT): nothing was written"
    assert snapshot(ready.root) == before
    assert {name for name in os.listdir(tempfile.gettempdir()) if name not in litter
            and name.startswith(("bulletin-press-", "weasyprint-"))} == set()


def test_an_old_date_and_two_pictures_of_one_name_make_a_valid_epub(project, capsys,
                                                                         monkeypatch):
    monkeypatch.chdir(project.root)
    project.write(issue=MINIMAL_ISSUE.replace("2023-05-01", "1975-05-01"),
                  stories={"01": story_with_images("photo.png", "photo.jpg")},
                  files={"photo.png": png(), "photo.jpg": jpeg()})
    for path in project.root.rglob("*"):  # the e-book is dated by its newest file
        os.utime(path, (168_134_400, 168_134_400), follow_symlinks=False)  # 1975-05-01
    status, err = run_cli(capsys, *build_args())
    assert status == 0, err
    epub = project.out / "test-issue.zh-Hans.epub"
    items = opf(epub).xpath("//opf:manifest/opf:item", namespaces=NS)
    ids = [item.get("id") for item in items]
    assert len(ids) == len(set(ids))  # EPUBCheck's RSC-005, as the two pictures once gave
    assert len([i for i in items if i.get("media-type") in ("image/png", "image/jpeg")]) == 3
    with zipfile.ZipFile(epub) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert (project.out / "test-issue.zh-Hans.pdf").read_bytes() == OLD_OUTPUT


@pytest.mark.parametrize("number, position", [
    ("第12期", "12"), ("2022年第4期", "4"), ("No. 7", "7"), ("第0012期", "12"), ("特刊", None),
    ("1" * 50_000 + "a", None), ("第" + "1" * 50_000 + "期", None)])
def test_the_issue_position_is_read_in_linear_time(number, position):
    assert _issue_position(number) == position


def test_a_signal_during_a_finalizer_is_not_lost(capsys):
    """Python drops an exception raised in ``__del__`` (WeasyPrint's FontConfiguration has
    one) and prints "Exception ignored in"; the signal must still stop the command, quietly."""
    from bulletin_press.signals import Interrupted, checkpoint, interruptible

    class Finalized:
        def __del__(self):
            os.kill(os.getpid(), 15)  # SIGTERM
            sum(range(1000))  # the handler runs here, inside the finalizer

    with pytest.raises(Interrupted) as stopped:
        with interruptible():
            Finalized()
            checkpoint()
    assert stopped.value.exit_status == 143
    assert capsys.readouterr().err == ""


def test_a_program_named_gcc_in_the_working_folder_is_never_run(project, tmp_path):
    # WeasyPrint finds its libraries with ctypes.util.find_library, which runs gcc and ld
    # found through PATH; a relative PATH entry would reach a manuscript's folder
    import subprocess
    import sys

    project.write()
    marker = tmp_path / "ran"
    for name in ("gcc", "ld", "ldconfig"):
        program = project.issue / name
        program.write_text(f"#!/bin/sh\necho $0 >> {marker}\nexit 1\n")
        program.chmod(0o755)
    result = subprocess.run([sys.executable, "-m", "bulletin_press", "build", ".", "--format",
                             "pdf", "--out", str(project.out)], cwd=project.issue,
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PATH": ".:" + os.environ["PATH"]})
    assert result.returncode == 0, result.stderr
    assert not marker.exists()


def test_diagnostics_are_one_line_whatever_the_value_holds(project, capsys, monkeypatch):
    monkeypatch.chdir(project.root)
    project.write(issue=MINIMAL_ISSUE.replace("language: zh-Hans",
                                              'language: "zh\\nx.yaml:9:9: error: forged"'))
    status, err = run_cli(capsys, *build_args())
    assert status == 1
    lines = [line for line in err.splitlines() if not line.startswith(" ")]  # not the excerpt
    assert lines[0].endswith(r"not 'zh\x0ax.yaml:9:9: error: forged'")
    assert lines[1:] == ["1 error(s), 0 warning(s)", "nothing was written"]


def test_an_output_never_replaces_an_issue_folder(project, capsys, monkeypatch):
    monkeypatch.chdir(project.root)
    project.write()
    shutil.copytree(project.issue, project.issue.parent / "test-issue.zh-Hans")
    before = snapshot(project.root)
    status, err = run_cli(capsys, "build", "manuscripts/test-issue", "--format", "html",
                          "--out", "manuscripts")
    assert status == 1
    assert err.startswith("manuscripts/test-issue.zh-Hans: error: an output would replace this "
                          "issue folder"), err
    assert snapshot(project.root) == before


def test_an_issue_folder_linked_from_elsewhere_is_refused(project, capsys, monkeypatch):
    monkeypatch.chdir(project.root)
    project.write()
    elsewhere = project.root / "outside" / "issue"
    shutil.copytree(project.issue, elsewhere)
    os.symlink(elsewhere, project.issue.parent / "linked")
    status, err = run_cli(capsys, "check", "manuscripts")
    assert status == 1
    assert err.startswith("manuscripts/linked: error: this issue folder is a link to a folder "
                          "elsewhere"), err


def test_camera_pictures_keep_their_orientation_and_multi_picture_jpegs_are_taken():
    import io

    from PIL import Image

    from bulletin_press.backends import screen_image
    from bulletin_press.manuscript.schema import _decode_problem

    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    photo = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 20, 30)).save(photo, "JPEG", exif=exif)
    with Image.open(io.BytesIO(screen_image(photo.getvalue()))) as shown:
        assert shown.size == (300, 400)
    mpo = io.BytesIO()
    Image.new("RGB", (40, 30)).save(mpo, "MPO", save_all=True, append_images=[Image.new("RGB", (40, 30))])
    assert Image.open(io.BytesIO(mpo.getvalue())).format == "MPO"
    assert _decode_problem(mpo.getvalue(), "JPEG", 10**8) is None


EPS = b"""%!PS-Adobe-3.0 EPSF-3.0
%%BoundingBox: 0 0 20 20
%%EndComments
newpath 0 0 moveto 20 0 lineto 20 20 lineto closepath fill
showpage
%%EOF
"""


def test_no_picture_makes_a_program_run(tmp_path, monkeypatch, capsys):
    """Pillow renders EPS by running Ghostscript: neither a manuscript's picture nor a Word
    document's may make it (a fake gs on PATH notes any run)."""
    import io
    import zipfile

    import docx
    from PIL import Image

    from bulletin_press.cli import main
    from tests.conftest import MINIMAL_ISSUE, write_issue

    fake = tmp_path / "bin"
    fake.mkdir()
    ran = tmp_path / "gs-ran"
    (fake / "gs").write_text(f"#!/bin/sh\necho \"$@\" >> {ran}\n")
    (fake / "gs").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")

    story = "headline: 标题\nbody: 正文。\nimages:\n  - src: a.png\n    alt: 图\n"
    folder = write_issue(tmp_path / "test-issue", MINIMAL_ISSUE, {"01": story}, {"a.png": EPS})
    assert main(["check", str(folder)]) == 1
    assert "'a.png': not a readable PNG image" in capsys.readouterr().err

    png = io.BytesIO()
    Image.new("RGB", (20, 20)).save(png, "PNG")
    document = docx.Document()
    document.add_heading("标题一", 1)
    document.add_paragraph("正文内容。")
    document.add_picture(io.BytesIO(png.getvalue()))
    plain = tmp_path / "plain.docx"
    document.save(plain)
    with zipfile.ZipFile(plain) as source, \
            zipfile.ZipFile(tmp_path / "eps.docx", "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, EPS if item.filename.startswith("word/media/") else data)
    main(["import", str(tmp_path / "eps.docx"), "--to", str(tmp_path / "out")])
    assert not ran.exists()
