"""The output formats a build can make, and the names of their outputs."""

FORMATS = ("pdf", "epub", "html")
DEFAULT_FORMATS = ("pdf", "epub")


def output_name(issue_id: str, edition: str, fmt: str) -> str:
    """``<issue>.<edition>.pdf|epub``, or the folder ``<issue>.<edition>`` for html."""
    return f"{issue_id}.{edition}" + ("" if fmt == "html" else f".{fmt}")
