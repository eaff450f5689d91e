"""The output formats a build can make, the print profiles of the PDF, and the names of
their outputs."""

FORMATS = ("pdf", "epub", "html")
DEFAULT_FORMATS = ("pdf", "epub")

# What a PDF is for: screens (tagged PDF/UA-1), the archive (PDF/A-2u), the print shop
# (PDF/X-4 with bleed and crop marks).  Only the PDF differs between profiles.
PROFILES = ("screen", "archive", "press")
DEFAULT_PROFILE = "screen"


def output_name(issue_id: str, edition: str, fmt: str, profile: str = DEFAULT_PROFILE) -> str:
    """``<issue>.<edition>.pdf|epub``, ``<issue>.<edition>.archive.pdf`` or ``….press.pdf``
    for the other profiles' PDFs, or the folder ``<issue>.<edition>`` for html."""
    if fmt == "html":
        return f"{issue_id}.{edition}"
    if fmt == "pdf" and profile != DEFAULT_PROFILE:
        return f"{issue_id}.{edition}.{profile}.pdf"
    return f"{issue_id}.{edition}.{fmt}"


def profile_of(fmt: str, profile: str) -> str:
    """The profile that makes a difference to an output of ``fmt``: only a PDF has one."""
    return profile if fmt == "pdf" else DEFAULT_PROFILE
