"""``bulletin-press doctor``: can this machine build, and build fast?"""

from __future__ import annotations

import ctypes.util
import shutil
import sys

from bulletin_press import fonts
from bulletin_press.layouts import LAYOUTS_DIR, available_layouts
from bulletin_press.places import project_layouts

PANGO_MINIMUM = (1, 44)


def checks() -> list[tuple[str, bool, str, bool]]:
    """(what, ok, detail, required) for each thing the build needs."""
    results = []
    try:
        import weasyprint

        from bulletin_press.clreq.weasyprint70 import pango_version as loaded_pango

        pango_version = loaded_pango()
        results.append(("WeasyPrint", True, weasyprint.__version__, True))
        results.append(("Pango ≥ 1.44", pango_version[:2] >= PANGO_MINIMUM,
                        ".".join(map(str, pango_version)), True))
    except (ImportError, OSError) as error:
        results.append(("WeasyPrint and Pango", False,
                        f"{error} — on Debian/Ubuntu: apt-get install libpango-1.0-0 "
                        "libpangoft2-1.0-0", True))
    subsetter = ctypes.util.find_library("harfbuzz-subset")
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
