"""The preview in Chromium: the page follows a save by itself, keeping the reader's place."""

from __future__ import annotations

import pytest

from tests.browser_tools import chromium
from tests.preview.conftest import BOUND, story


@pytest.fixture(scope="module")
def browser():
    driver = chromium("the preview", "--window-size=1200,900")
    yield driver
    driver.quit()


def test_the_page_updates_by_itself_after_a_save(preview, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(preview.url + "?edition=zh-Hans")
    WebDriverWait(browser, BOUND).until(
        lambda driver: "居民们一早就来了" in driver.execute_script(
            "return document.querySelector('.page-text')?.textContent || ''"))
    browser.execute_script("window.notReloaded = true")
    preview.write("stories/01.yaml", story("浏览器里自己更新了。"))
    WebDriverWait(browser, BOUND).until(
        lambda driver: "浏览器里自己更新了" in driver.execute_script(
            "return document.querySelector('.page-text')?.textContent || ''"))
    assert browser.execute_script("return window.notReloaded") is True
    WebDriverWait(browser, BOUND).until(lambda driver: driver.execute_script(  # the new picture
        "const image = document.querySelector('.page img');"
        "return image.complete && image.naturalWidth > 0"))


def test_a_broken_save_shows_the_diagnostics_in_the_browser(preview, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    preview.write("stories/01.yaml", "headlin: 社区里的早晨\nbody: |\n  正文。\n")
    WebDriverWait(browser, BOUND).until(lambda driver: driver.execute_script(
        "return document.getElementById('diagnostics')?.textContent || ''").count(
            "stories/01.yaml:1:1"))
    assert browser.execute_script("return window.notReloaded") is True
    assert browser.execute_script(
        "return document.querySelector('details.last-good').open") is False
