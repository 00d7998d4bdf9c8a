"""Headless Chromium (Debian's `chromium` + `chromium-driver`) driven over
the WebDriver protocol by Selenium, for the HTML report's tests.

Chromium is started with the flags a closed network and a root CI need
(--headless --no-sandbox --disable-gpu --disable-background-networking
--disable-component-update --disable-sync --no-first-run) and a fresh
--user-data-dir per session. Selenium is pointed at /usr/bin/chromedriver
and /usr/bin/chromium, so it never downloads a driver or a browser.
`unavailable()` says why a browser cannot be had here (tests skip with it).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-GB")


def unavailable() -> str | None:
    """None when a browser can be driven, else the reason it cannot."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    for p in (CHROMIUM, CHROMEDRIVER):
        if not Path(p).exists():
            return (f"{p} is missing: `make browser` installs Debian's chromium and chromium-driver "
                    "(needs apt-get and root)")
    return None


class Browser:
    """One Chromium session; `load(path)` opens a file, `console_errors()`
    returns the browser log's errors (console.error and uncaught exceptions)."""

    def __init__(self, width: int = 1400, height: int = 1000):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="treatylang-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for f in FLAGS:
            opts.add_argument(f)
        opts.add_argument(f"--user-data-dir={self.profile}")
        opts.add_argument(f"--window-size={width},{height}")
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)

    def load(self, path: Path) -> None:
        self.driver.get(Path(path).resolve().as_uri())

    def console_errors(self) -> list[str]:
        return [e["message"] for e in self.driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]

    def screenshot(self, path: Path, full_page: bool = True) -> None:
        """A PNG of the page (the whole page when `full_page`)."""
        import base64

        d = self.driver
        if full_page:
            metrics = d.execute_cdp_cmd("Page.getLayoutMetrics", {})
            size = metrics["cssContentSize"]
            shot = d.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 12000), "scale": 1}})
            Path(path).write_bytes(base64.b64decode(shot["data"]))
        else:
            d.save_screenshot(str(path))

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)
