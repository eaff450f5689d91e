"""``bulletin-press new``: a new issue folder with a commented example of every field.

The files name the JSON Schemas of the manuscript files in their first line, the
way the YAML language server reads them, so that an editor's VS Code (with the
YAML extension) completes and checks fields while they type.
"""

from __future__ import annotations

import datetime
import json
import os
from importlib import resources
from pathlib import Path

from bulletin_press.editing.writing import TargetError, write_folder
from bulletin_press.layouts import PROJECT_ROOT
from bulletin_press.manuscript.load import ISSUE_FILE, ISSUE_ID, STORIES_DIR
from bulletin_press.manuscript.schema import json_schema
from bulletin_press.text.convert import layout_text

SCHEMA_DIR = PROJECT_ROOT / "docs" / "schema"
STORY_NAME = "01-story"


class Refused(Exception):
    """The folder cannot be made; the message says why."""


def template(name: str) -> str:
    return resources.files("bulletin_press.editing").joinpath("templates", name) \
        .read_text(encoding="utf-8")


def new_issue(folder: Path, language: str, today: datetime.date) -> list[Path]:
    """Make ``folder`` an issue; the files written.  Built beside it and moved into place
    in one step: a folder that exists already is refused, never changed."""
    if folder.exists() or folder.is_symlink():
        raise Refused("it exists already: give the name of a new folder")
    if not ISSUE_ID.match(folder.name):
        raise Refused(f"'{folder.name}' cannot name an issue: use ASCII letters, digits, '-', "
                      "'_' and '.' (it names the output files)")
    if not folder.resolve().parent.is_dir():
        raise Refused(f"there is no folder {folder.parent} to make it in")
    inside = next((parent for parent in folder.resolve().parents
                   if (parent / ISSUE_FILE).is_file()), None)
    if inside is not None:
        raise Refused(f"it would be inside the issue {inside}: make it beside the issues")
    schemas = _schema_folder(folder.resolve().parent)
    values = {"year": today.year, "date": today.isoformat(), "language": language}
    script = (lambda text: text) if language == "zh-Hans" else layout_text(language)
    files = {}
    for name, target in (("issue.yaml", ISSUE_FILE),
                         ("story.yaml", f"{STORIES_DIR}/{STORY_NAME}.yaml")):
        schema = _reference(schemas, (folder.resolve() / target).parent)
        files[target] = script(template(name).format(schema=schema, **values)).encode("utf-8")
    try:
        write_folder(files, folder, folders=("images",))
    except TargetError as error:
        raise Refused(str(error)) from None
    return [folder / ISSUE_FILE, folder / STORIES_DIR / f"{STORY_NAME}.yaml"]


def _reference(schemas: Path, place: Path) -> str:
    """How a file in ``place`` names the schemas: relative inside the project, so that a
    clone elsewhere still finds them; absolute from outside it."""
    if place.is_relative_to(PROJECT_ROOT) or place.is_relative_to(schemas.parent):
        return Path(os.path.relpath(schemas, place)).as_posix()
    return schemas.as_posix()


def _schema_folder(manuscripts: Path) -> Path:
    """The project's JSON Schemas; where the project has none (an installed package), they
    are written beside the issues, in ``schema/``."""
    if (SCHEMA_DIR / "issue.schema.json").is_file():
        return SCHEMA_DIR
    folder = manuscripts / "schema"
    folder.mkdir(exist_ok=True)
    for kind in ("issue", "story"):
        (folder / f"{kind}.schema.json").write_text(
            json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return folder
