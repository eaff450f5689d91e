"""The JSON Schema is generated from the one declared schema, and kept current in docs/."""

import json

import pytest

from bulletin_press.manuscript.schema import ISSUE_FIELDS, STORY_FIELDS, json_schema
from tests.conftest import ROOT


@pytest.mark.parametrize("kind", ["issue", "story", "site"])
def test_committed_schema_is_current(kind):
    committed = json.loads((ROOT / "docs" / "schema" / f"{kind}.schema.json").read_text("utf-8"))
    assert committed == json_schema(kind), f"run: bulletin-press schema {kind} > docs/schema/{kind}.schema.json"


def test_schema_lists_every_field_and_the_required_ones():
    issue = json_schema("issue")
    assert list(issue["properties"]) == [f.name for f in ISSUE_FIELDS]
    assert issue["required"] == ["title", "publication", "date", "language"]
    assert json_schema("story")["required"] == ["headline", "body"]
    assert [f.name for f in STORY_FIELDS] == list(json_schema("story")["properties"])
    assert issue["additionalProperties"] is False
