"""The site as readers see it: its pages in headless Chromium on a phone (390 × 844) and a
desktop window (1280 × 800), from ``file://``, measured from the DOM; and axe-core's
accessibility rules, injected into the pages."""

from __future__ import annotations

import json

import pytest

from tests.browser_tools import chromium
from tests.conftest import ROOT, MIXED_TEXT, SAMPLE

SCREENS = {"phone": (390, 844), "desktop": (1280, 800)}
PAGES = ("index.html", f"{MIXED_TEXT.name}/index.html", f"{SAMPLE.name}/zh-Hant/index.html",
         f"{SAMPLE.name}/zh-Hant-HK/index.html")
AXE = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# the faces the stylesheet declares, and whether each loaded; each text node's family and
# whether its face has every character of it (document.fonts.check); what is wider than
# the window; the ruby and the emphasis marks as laid out
MEASURE = """
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => {
  const root = document.documentElement;
  const faces = [...document.fonts].map(face => [face.family.replace(/"/g, ''), face.status]);
  const families = new Set(faces.map(face => face[0]));
  const fallback = [], unloaded = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const element = node.parentElement;
    if (!text || element.closest('[hidden]') || element.offsetParent === null && getComputedStyle(element).position !== 'fixed') continue;
    const style = getComputedStyle(element);
    const family = style.fontFamily.split(',')[0].trim().replace(/"/g, '');
    if (!families.has(family)) fallback.push([family, text.slice(0, 20)]);
    else if (!document.fonts.check(`${style.fontWeight} ${style.fontSize} "${family}"`, text))
      unloaded.push([family, text.slice(0, 20)]);
  }
  const rubies = [...document.querySelectorAll('ruby rt')].map(rt => {
    const box = rt.getBoundingClientRect(), base = rt.parentElement.getBoundingClientRect();
    return [box.height, box.bottom <= base.top + base.height / 2 + 1];
  });
  const emphasis = [...document.querySelectorAll('em.emphasis')].map(em =>
    getComputedStyle(em).webkitTextEmphasisStyle || getComputedStyle(em).textEmphasisStyle);
  done(JSON.stringify({faces, fallback, unloaded, rubies, emphasis,
                       scrollWidth: root.scrollWidth, clientWidth: root.clientWidth}));
});
"""


@pytest.fixture(scope="module")
def browser():
    driver = chromium("the site", "--allow-file-access-from-files")
    driver.set_script_timeout(30)
    yield driver
    driver.quit()


def _platform_fonts(browser) -> dict[str, bool]:  # noqa: ANN001
    """The fonts Chromium drew the page's text with: family → whether a web font (as its
    developer tools tell, CSS.getPlatformFontsForNode), never a font of the machine."""
    browser.execute_cdp_cmd("DOM.enable", {})
    browser.execute_cdp_cmd("CSS.enable", {})
    root = browser.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = browser.execute_cdp_cmd("DOM.querySelectorAll",
                                    {"nodeId": root, "selector": "body, body *"})["nodeIds"]
    used: dict[str, bool] = {}
    for node in nodes:
        for font in browser.execute_cdp_cmd("CSS.getPlatformFontsForNode",
                                            {"nodeId": node})["fonts"]:
            used[font["familyName"]] = used.get(font["familyName"], True) and font["isCustomFont"]
    return used


def _show(browser, url: str, screen: str) -> None:  # noqa: ANN001
    width, height = SCREENS[screen]
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": screen == "phone"})
    browser.get(url)


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("page", PAGES)
def test_pages_fit_the_screen_in_the_shipped_fonts(browser, built_site, page, screen):
    _show(browser, (built_site.root / page).as_uri(), screen)
    measured = json.loads(browser.execute_async_script(MEASURE))
    assert measured["faces"] and all(status == "loaded" for _, status in measured["faces"]), \
        measured["faces"]
    assert {family for family, _ in measured["faces"]} == {"BP Serif", "BP Sans"}
    assert measured["fallback"] == [], "text set in a font the site does not ship"
    assert measured["unloaded"] == [], "characters the page's fonts lack"
    drawn = _platform_fonts(browser)
    assert drawn and all(drawn.values()), f"text drawn in the machine's fonts: {drawn}"
    assert measured["scrollWidth"] <= measured["clientWidth"], "the page is wider than the screen"
    if page.startswith(MIXED_TEXT.name):
        assert measured["rubies"] and all(height > 0 and above
                                          for height, above in measured["rubies"])
        assert measured["emphasis"] and all("dot" in style for style in measured["emphasis"])


@pytest.mark.parametrize("page", PAGES)
def test_pages_pass_axe_cores_accessibility_rules(browser, built_site, page):
    if not AXE.is_file():
        pytest.fail(f"the accessibility test needs axe-core at {AXE}: run make test")
    _show(browser, (built_site.root / page).as_uri(), "phone")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = json.loads(browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa', 'best-practice']}}).then(r => done(JSON.stringify(r.violations)));"))
    assert [(violation["id"], [node["target"] for node in violation["nodes"]][:3])
            for violation in result] == []
