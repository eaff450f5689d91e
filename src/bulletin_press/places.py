"""Where the shipped layouts and fonts are: beside the package, in the project's folders."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LAYOUTS_DIR = PROJECT_ROOT / "layouts"
FONTS_DIR = PROJECT_ROOT / "fonts"
