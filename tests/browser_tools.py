"""Debian's Chromium, headless, driven by Selenium: the tests of the e-book, the site and the
preview in a real browser."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = ("chromium", "chromedriver")  # Debian's chromium and chromium-driver


def chromium(what: str, *arguments: str):  # noqa: ANN201 (a selenium WebDriver)
    """A headless Chromium for the test of ``what`` (said when it is missing), with the
    extra command-line ``arguments``."""
    missing = [name for name in CHROMIUM if shutil.which(name) is None]
    if missing:
        pytest.fail(f"{what}'s browser test needs {' and '.join(missing)}: run make "
                    "test-system as root, or apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", *arguments):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
