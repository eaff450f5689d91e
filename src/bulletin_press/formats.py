"""The output formats a build can make."""

FORMATS = ("pdf", "epub", "html")
DEFAULT_FORMATS = ("pdf", "epub")
