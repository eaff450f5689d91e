"""Reading manuscripts: YAML with positions → validated, frozen model."""

from bulletin_press.manuscript.load import find_issues, load_issue
from bulletin_press.manuscript.model import Issue, Story

__all__ = ["find_issues", "load_issue", "Issue", "Story"]
