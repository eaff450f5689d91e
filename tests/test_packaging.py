"""The package as it is installed: the wheel carries the built-in layouts and fonts, and an
installed ``bulletin-press`` builds an editor's manuscripts anywhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
MAPPED = PYPROJECT["tool"]["setuptools"]["package-dir"]  # package → folder in the checkout
NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache")
SAMPLE = "2022-04-community-volunteers"
ENVIRONMENT = {**{name: value for name, value in os.environ.items() if name != "PYTHONPATH"},
               "PIP_CONFIG_FILE": os.devnull}


def shipped_files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts}


def test_every_package_is_named_in_pyproject():
    found = {".".join(path.parent.relative_to(ROOT / "src").parts)
             for path in (ROOT / "src").rglob("__init__.py")}
    mapped = {package for package in MAPPED if package}
    assert set(PYPROJECT["tool"]["setuptools"]["packages"]) == found | mapped
    assert {MAPPED[package] for package in mapped} == {"layouts", "fonts"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel pip builds from a copy of the checkout (a build leaves files behind)."""
    source = tmp_path_factory.mktemp("source") / "bulletin-press"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir",
                    str(wheels), str(source)], check=True, capture_output=True)
    return next(wheels.glob("bulletin_press-*.whl"))


@pytest.mark.slow
def test_the_wheel_carries_the_layouts_and_fonts(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for package, folder in MAPPED.items():
        if package:
            inside = package.replace(".", "/")
            assert {f"{inside}/{name}" for name in shipped_files(ROOT / folder)} <= names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new environment outside the checkout with the wheel installed: its ``bin``."""
    root = tmp_path_factory.mktemp("installed")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # The dependencies are this environment's, offered to the new one by a .pth file without
    # bulletin-press itself, so that pip checks the wheel's requirements against them and
    # installs the wheel alone, with no index.
    dependencies = root / "dependencies"
    dependencies.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.startswith(("bulletin_press", "__editable__", "__pycache__")) \
                and entry.suffix != ".pth":
            (dependencies / entry.name).symlink_to(entry)
    purelib = subprocess.run([venv / "bin" / "python", "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    (Path(purelib) / "dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "--quiet", "--no-index", "--find-links", str(wheel.parent),
                    "bulletin-press"], check=True, env=ENVIRONMENT)
    return venv / "bin"


def run(program: Path, project: Path, *arguments: str) -> str:
    """What a command of the installed package prints, in ``project``; it must succeed."""
    done = subprocess.run([program, *arguments], cwd=project, env=ENVIRONMENT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_the_installed_wheel_builds_the_sample_outside_the_checkout(installed, tmp_path):
    project = tmp_path / "bulletin"  # an editor's repository: manuscripts and nothing else
    shutil.copytree(ROOT / "manuscripts", project / "manuscripts")
    places = run(installed / "python", project, "-c", "from bulletin_press import places; "
                 "print(places.LAYOUTS_DIR); print(places.FONTS_DIR)").split()
    assert all(Path(place).is_relative_to(installed.parent) for place in places), places
    run(installed / "bulletin-press", project, "build", "--format", "pdf", "--format", "epub")
    for edition in ("zh-Hans", "zh-Hant", "zh-Hant-HK"):
        pdf = (project / "dist" / f"{SAMPLE}.{edition}.pdf").read_bytes()
        epub = project / "dist" / f"{SAMPLE}.{edition}.epub"
        assert pdf.startswith(b"%PDF-") and len(pdf) > 100_000
        assert zipfile.ZipFile(epub).read("mimetype") == b"application/epub+zip"
    # the templates of `new` are package data too; an installed package has no docs/schema/,
    # so the schemas are written beside the new issue
    run(installed / "bulletin-press", project, "new", "manuscripts/2023-01-new")
    assert (project / "manuscripts" / "schema" / "issue.schema.json").is_file()
    run(installed / "bulletin-press", project, "check", "manuscripts/2023-01-new")


@pytest.mark.slow
def test_a_project_layout_overrides_the_installed_one(installed, tmp_path):
    # the project's layouts/newsletter/print.css replaces the installed one's, and the rest
    # of the layout comes from the package
    project = tmp_path / "bulletin"
    shutil.copytree(ROOT / "manuscripts", project / "manuscripts")
    own = project / "layouts" / "newsletter"
    own.mkdir(parents=True)
    css = (ROOT / "layouts" / "newsletter" / "print.css").read_text(encoding="utf-8")
    (own / "print.css").write_text(css + "\n@page { size: A5 }\n", encoding="utf-8")
    assert f"the project's own in {project / 'layouts'}" in run(installed / "bulletin-press",
                                                                  project, "doctor")
    run(installed / "bulletin-press", project, "build", "--format", "pdf", "--edition", "zh-Hans")
    box = PdfReader(project / "dist" / f"{SAMPLE}.zh-Hans.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)  # A5
