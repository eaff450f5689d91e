"""Reading manuscript files: YAML with positions, into the model.

The YAML is composed into nodes (which keep their marks) rather than loaded
into plain values, so that every problem can be reported at its line and
column.  Everything is read and checked before anything is built: a run with
errors has them all in its report.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Sequence

import yaml

from bulletin_press.diagnostics import Diagnostic, Location, Report
from bulletin_press.layouts import Layout
from bulletin_press.manuscript import checks, markers, schema
from bulletin_press.manuscript.compose import Refusal, compose, explain
from bulletin_press.manuscript.files import Limits, Refused, TooLarge, read_confined
from bulletin_press.manuscript.folders import GLOSSARY_FILE, ISSUE_FILE
from bulletin_press.manuscript.model import DEFAULT_LAYOUT, Issue, Story
from bulletin_press.manuscript.nodes import node_location
from bulletin_press.manuscript.site import SITE_FILE, Site, read_site
from bulletin_press.text.convert import DEFAULT_QUOTES, text_converter

STORIES_DIR = "stories"
ISSUE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def read_yaml(path: Path, folder: Path, report: Report, limits: Limits) -> yaml.Node | None:
    """Compose one YAML document of a file inside ``folder``; report what is wrong with it."""
    try:
        data = read_confined(path, folder, limits.file_bytes)
    except Refused as refusal:
        hint = " (--max-file-size sets the limit)" if isinstance(refusal, TooLarge) else ""
        report.error(Location(path), f"cannot read this file: {refusal}{hint}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        report.error(Location(path, line, 1), "the file is not UTF-8 text")
        return None
    return parse_yaml(path, text, report, limits)


def parse_yaml(path: Path, text: str, report: Report, limits: Limits) -> yaml.Node | None:
    """Compose one YAML document of ``text``, the content of ``path``; report what is wrong."""
    report.sources[path] = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    try:
        node = compose(text, limits.depth)
    except Refusal as refusal:
        report.error(Location(path, refusal.line, refusal.col), refusal.message)
        return None
    except yaml.MarkedYAMLError as error:
        line, col, message = explain(error, text)
        report.error(Location(path, line, col), message)
        return None
    except yaml.YAMLError as error:
        report.error(Location(path), f"YAML: {error}")
        return None
    if node is not None:
        _check_duplicate_keys(path, node, report)
    return node


def read_document(path: Path, folder: Path, report: Report, limits: Limits,
                  if_empty: str) -> yaml.Node | None:
    """Like :func:`read_yaml`, and an empty document is an error too."""
    errors_before = len(report.errors)
    root = read_yaml(path, folder, report, limits)
    if root is None and len(report.errors) == errors_before:
        report.error(Location(path, 1, 1), if_empty)
    return root


def _check_duplicate_keys(path: Path, node: yaml.Node, report: Report) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    first = seen[key.value].start_mark.line + 1
                    report.error(node_location(path, key),
                                 f"duplicate key '{key.value}' (first given on line {first})")
                else:
                    seen[key.value] = key
            _check_duplicate_keys(path, value, report)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(path, item, report)


def load_issue(folder: Path, report: Report, layouts: frozenset[str],
               limits: Limits = Limits(),
               review: list[checks.IssueReview] | None = None,
               reread: Reread | None = None, layout: str | None = None,
               site: Site | None = None) -> Issue | None:
    """Read and check one issue folder; ``None`` when it has errors.  With ``review``, the
    converter's choices in each edition are added to it (:func:`checks.edition_choices`).
    ``layout`` (one of ``layouts``), when given, replaces the one issue.yaml names.
    ``site`` (site.yaml beside the folder, read here when not given) completes its url."""
    errors_before, start = len(report.errors), len(report.diagnostics)
    issue_path = folder / ISSUE_FILE
    if not ISSUE_ID.match(folder.resolve().name):
        report.error(Location(folder), f"'{folder.resolve().name}' cannot name an issue: use "
                                       "ASCII letters, "
                                       "digits, '-', '_' and '.' (it names the output files)")
    root = read_document(issue_path, folder, report, limits,
                         "the file is empty; an issue needs at least "
                         "'title', 'publication', 'date' and 'language'")
    context = schema.Context(issue_path, folder, report, layouts, limits)
    marks = markers.silenced(issue_path, report.sources.get(issue_path, []), root, report)
    fields = {} if root is None else \
        schema.read_fields(root, schema.ISSUE_FIELDS, "an issue", context)[0]
    if site is None:
        site = read_site(folder.parent, report, limits)
    _complete_url(fields, root, site, folder, context)
    glossary = _shared_glossary(folder, report, limits) + fields.get("glossary", ())
    fields["glossary"] = tuple({entry.term: entry for entry in glossary}.values())
    fields.setdefault("editions", (fields["language"],) if "language" in fields else ())
    if layout is not None:
        fields["layout"] = layout
    line_checks = _line_checks(fields, layouts, context)
    text_checks = _review_checks(folder, fields, review)
    _check_lines(root, schema.ISSUE_FIELDS, line_checks, context, text_checks)
    layout = fields.get("layout", DEFAULT_LAYOUT)
    layout = Layout.named(layout) if layout in layouts else None
    stories = tuple(story for story in (_load_story(path, folder, report, limits, line_checks,
                                                    layout, text_checks, reread)
                                        for path in _story_paths(folder, fields, root, context)) if story)
    markers.drop_silenced(report, start, marks)
    ignored = set(fields.pop("check", {}).get("ignore", ()))
    report.diagnostics[start:] = [d for d in report.diagnostics[start:]
                                  if not (d.severity == "warning" and d.code in ignored)]
    if len(report.errors) > errors_before:
        return None
    fields["ignored"] = tuple(sorted(ignored))
    fields.pop("stories", None)
    fields["phrases"] = fields.pop("conversion", {}).get("phrases", False)
    if fields.get("vertical") and not any(e.startswith("zh-Hant") for e in fields["editions"]):
        key = next(k for k, _ in root.value if k.value == "vertical")
        report.warning(node_location(issue_path, key), "'vertical' applies to the Traditional "
                                                       "editions (zh-Hant, zh-Hant-HK), and this "
                                                       "issue has none",
                       "vertical-without-traditional")
    return Issue(id=folder.resolve().name, folder=folder, stories=stories, **fields)


def _complete_url(fields: dict, root: yaml.Node | None, site: Site, folder: Path,
                  context: schema.Context) -> None:
    """The issue's url as its QR code gives it: under the site's base_url when relative or
    absent (:mod:`bulletin_press.manuscript.site`)."""
    url = fields.get("url")
    if url is not None and "://" not in url and site.base_url is None:
        node = next(value for key, value in root.value if key.value == "url")
        context.error(node, f"'url' is a path, '{url}', and there is no {SITE_FILE} with a "
                            f"base_url beside the issue folders to complete it: write the whole "
                            "address, https://…")
        return
    completed = site.issue_url(folder.resolve().name, url)
    if completed is not None:
        fields["url"] = completed


def _story_paths(folder: Path, fields: dict, root: yaml.Node | None,
                 context: schema.Context) -> list[Path]:
    directory = folder / STORIES_DIR
    available = {path.stem: path for path in sorted(directory.glob("*.yaml"))}
    for path in sorted(directory.glob("*.yml")):
        context.report.warning(Location(path), "this file is not read: story files end in "
                                               f"'.yaml' (rename it {path.stem}.yaml)", "yml-file")
    listed = fields.get("stories")
    if listed is None:
        given = isinstance(root, yaml.MappingNode) and any(
            getattr(key, "value", None) == "stories" for key, _ in root.value)
        if not available and not given:
            context.report.error(Location(directory), "no stories: add stories/<name>.yaml files")
        return list(available.values())
    paths = []
    for stem, node in listed:
        if stem in available:
            paths.append(available[stem])
        else:
            hint = difflib.get_close_matches(stem, available, n=1)
            context.report.error(context.at(node), f"no story '{stem}': there is no "
                                                   f"{STORIES_DIR}/{stem}.yaml in this issue"
                                 + (f" (did you mean '{hint[0]}'?)" if hint else ""))
    names = {stem for stem, _ in listed}
    for stem, path in available.items():
        if stem not in names:
            context.report.warning(Location(path), f"this story is not listed in {ISSUE_FILE}'s "
                                                   "'stories', so it is not printed", "unlisted-story")
    return paths


def _line_checks(fields: dict, layouts: frozenset[str],
                 context: schema.Context) -> list[checks.LineCheck]:
    """The checks every printed line gets, given what issue.yaml says (the glossary's own
    forms are checked here too, against the same fonts)."""
    found = []
    layout = fields.get("layout", DEFAULT_LAYOUT)
    covered = Layout.named(layout).print_coverage if layout in layouts else None
    if covered is not None:
        found.append(checks.font_coverage(covered, layout))
        measure = checks.headline_measure(Layout.named(layout),
                                          fields.get("language", "zh-Hans"))
        if measure is not None:
            found.append(measure)
    found.append(checks.slips(fields.get("language", "zh-Hans")))
    found.append(checks.dash_rows())
    if "language" in fields:
        found.append(checks.script(fields["language"], fields["glossary"]))
        found.append(checks.quote_style(fields["language"]))
        found.append(checks.glossary_forms(fields["language"], fields["glossary"]))
    if "language" in fields and covered is not None:
        quotes = dict(fields.get("quotes", ()))
        phrases = fields.get("conversion", {}).get("phrases", False)
        converters = {edition: text_converter(fields["language"], edition, phrases,
                                              fields["glossary"],
                                              quotes.get(edition, DEFAULT_QUOTES[edition]))
                      for edition in fields["editions"]}
        found.append(checks.edition_coverage(covered, layout, converters, fields["glossary"]))
        checks.glossary_coverage(fields["glossary"], fields["language"], fields["editions"],
                                 covered, layout, context.report, Location(context.path))
    return found


def _review_checks(folder: Path, fields: dict,
                   review: list[checks.IssueReview] | None) -> list[checks.TextCheck]:
    if review is None or "language" not in fields:
        return []
    issue = checks.IssueReview(folder, fields["language"], fields["editions"],
                               fields.get("conversion", {}).get("phrases", False))
    review.append(issue)
    return [checks.edition_choices(issue, fields["glossary"])]


def _check_lines(root: yaml.Node | None, fields: list[schema.Field],
                 line_checks: list[checks.LineCheck], context: schema.Context,
                 text_checks: Sequence[checks.TextCheck] = ()) -> None:
    if root is None:
        return
    for field, text in schema.printed_texts(root, fields, context):
        for line in text.lines:
            for check in line_checks:
                check(line, context)
        for text_check in text_checks:
            text_check(field, text, context)


def _shared_glossary(folder: Path, report: Report, limits: Limits) -> tuple:
    """The glossary shared by all issues: glossary.yaml beside the issue folders."""
    path = folder.parent / GLOSSARY_FILE
    if not path.exists() and not path.is_symlink():
        return ()
    root = read_document(path, folder.parent, report, limits,
                         "the file is empty; remove it or map terms to their forms")
    if root is None:
        return ()
    context = schema.Context(path, folder, report, frozenset(), limits)
    try:
        return schema.glossary(root, context, "glossary")
    except schema.Invalid:
        return ()


@dataclass
class Reread:
    """What a process that reads an issue again and again (the preview) keeps between
    readings: each story file's bytes, the story read from them and its diagnostics.  A
    story whose bytes are the same is not parsed and checked again.  What a story is checked
    against — issue.yaml, the glossary, the pictures, the layout — is the caller's to watch:
    when any of it changes, :meth:`forget`."""

    stories: dict[Path, tuple[bytes, Story | None, list[Diagnostic], list[str]]] = \
        dataclass_field(default_factory=dict)

    def forget(self) -> None:
        self.stories.clear()


def _load_story(path: Path, folder: Path, report: Report, limits: Limits,
                line_checks: list[checks.LineCheck], layout: Layout | None,
                text_checks: Sequence[checks.TextCheck] = (),
                reread: Reread | None = None) -> Story | None:
    if reread is None or text_checks:
        return _read_story(path, folder, report, limits, line_checks, layout, text_checks)
    try:
        data = read_confined(path, folder, limits.file_bytes)
    except Refused:
        data = None  # reported by the reading below
    kept = reread.stories.get(path)
    if data is not None and kept is not None and kept[0] == data:
        _, story, diagnostics, lines = kept
        report.diagnostics.extend(diagnostics)
        report.sources[path] = lines
        return story
    start = len(report.diagnostics)
    story = _read_story(path, folder, report, limits, line_checks, layout, text_checks)
    if data is not None:
        reread.stories[path] = (data, story, report.diagnostics[start:],
                                report.sources.get(path, []))
    return story


def _read_story(path: Path, folder: Path, report: Report, limits: Limits,
                line_checks: list[checks.LineCheck], layout: Layout | None,
                text_checks: Sequence[checks.TextCheck] = ()) -> Story | None:
    root = read_document(path, folder, report, limits,
                         "the story is empty; it needs 'headline' and 'body'")
    if root is None:
        return None
    start = len(report.diagnostics)
    context = schema.Context(path, folder, report, frozenset(), limits, layout)
    marks = markers.silenced(path, report.sources.get(path, []), root, report)
    _check_lines(root, schema.STORY_FIELDS, line_checks, context, text_checks)
    fields = schema.read_mapping(root, schema.STORY_FIELDS, "a story", context)
    if fields is not None and "body" in fields and \
            not schema.check_paragraph_numbers(root, len(fields["body"]), context):
        fields = None
    markers.drop_silenced(report, start, marks)
    if fields is None:
        return None
    if "quote-after" in fields:
        fields["quote_after"] = fields.pop("quote-after")
    return Story(stem=path.stem, path=path, **fields)
