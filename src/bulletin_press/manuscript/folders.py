"""Issue folders: which folders a PATH names, and the files every issue folder may hold.

Kept apart from the loader, which imports the YAML and converter machinery, so that
a build can find its issues, and see that their outputs are up to date, without it.
"""

from __future__ import annotations

from pathlib import Path

from bulletin_press.diagnostics import Location, Report

ISSUE_FILE = "issue.yaml"
GLOSSARY_FILE = "glossary.yaml"  # beside the issue folders: the glossary they share
SITE_FILE = "site.yaml"  # beside the issue folders: where their site is published


def find_issues(paths: list[Path], report: Report) -> list[Path]:
    """The issue folders named by PATHs: an issue folder, or a folder of them."""
    folders: dict[Path, Path] = {}  # real place → as given, so that each is read once
    for path in paths:
        if (path / ISSUE_FILE).is_file():
            folders.setdefault(path.resolve(), path)
        elif path.is_dir():
            found = sorted(child for child in path.iterdir() if (child / ISSUE_FILE).is_file())
            if not found:
                report.error(Location(path), f"no issue folders here (a folder with {ISSUE_FILE})")
            root = path.resolve()
            for child in found:
                if not child.resolve().is_relative_to(root):
                    report.error(Location(child), "this issue folder is a link to a folder "
                                                  "elsewhere: copy the issue here instead")
                    continue
                folders.setdefault(child.resolve(), child)
        else:
            report.error(Location(path), "no such issue folder")
    names: dict[str, Path] = {}
    for folder in folders.values():
        name = folder.resolve().name
        if name in names:
            report.error(Location(folder), f"two issue folders named '{name}' (the other is "
                                           f"{names[name]}): their outputs would have one name")
        names[name] = folder
    return list(folders.values())
