"""``bulletin-press doctor``: can this machine build, and build fast?"""

from __future__ import annotations

import shutil
import sys
from importlib import metadata

from bulletin_press import fonts
from bulletin_press.layouts import LAYOUTS_DIR, available_layouts
from bulletin_press.libraries import harfbuzz_subsetter, pango_version
from bulletin_press.places import project_layouts

PANGO_MINIMUM = (1, 44)


def checks() -> list[tuple[str, bool, str, bool]]:
    """(what, ok, detail, required) for each thing the build needs."""
    results = []
    # WeasyPrint is not imported: its version is its package's, and Pango's the library's
    # it would load (doctor stays quick, and a broken WeasyPrint is reported, not raised)
    try:
        weasyprint_version = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        weasyprint_version = None
    results.append(("WeasyPrint", weasyprint_version is not None,
                    weasyprint_version or "missing — pip install the package again", True))
    found = pango_version()
    results.append(("Pango ≥ 1.44", found is not None and found[:2] >= PANGO_MINIMUM,
                    ".".join(map(str, found)) if found else
                    "missing — on Debian/Ubuntu: apt-get install libpango-1.0-0 "
                    "libpangoft2-1.0-0", True))
    subsetter = harfbuzz_subsetter()
    results.append(("HarfBuzz subsetter", subsetter is not None,
                    subsetter or "missing: WeasyPrint falls back to fontTools, about 60 times "
                                 "slower on CJK fonts — apt-get install libharfbuzz-subset0", True))
    for font in fonts.shipped_fonts():
        problem = fonts.verify(font)
        results.append((f"font {font.file}", problem is None, problem or "matches the manifest",
                        True))
    layouts = sorted(available_layouts())
    own = project_layouts()
    places = f"built-in in {LAYOUTS_DIR}" + (f", the project's own in {own}" if own else "")
    results.append(("layouts", bool(layouts), f"{', '.join(layouts) or 'none'} ({places})", True))
    java = shutil.which("java")
    results.append(("Java (for EPUBCheck in the tests)", java is not None,
                    java or "missing — apt-get install default-jre-headless", False))
    return results


def run_doctor() -> int:
    failed = False
    for what, ok, detail, required in checks():
        mark = "ok" if ok else ("MISSING" if required else "optional")
        print(f"{mark:>8}  {what}: {detail}")
        failed |= required and not ok
    print(f"python {sys.version.split()[0]}")
    return 1 if failed else 0
