"""Debian's headless Chromium driven by Selenium, offline, for the view tests and the cap measurements.

The browser runs with a fresh profile and a dead proxy, so a page that reaches for the network
fails; the performance log still lists every request it tried, which the tests check.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,900", "--force-device-scale-factor=1",
         # no network: every http(s) request goes to a closed port, and no name resolves
         "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         "--host-resolver-rules=MAP * ~NOTFOUND"]
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
NETWORK_SCHEMES = ("http:", "https:", "ws:", "wss:", "ftp:")


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for tool in ("chromium", "chromedriver"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install chromium chromium-driver)"
    return None


@dataclass
class Load:
    """What happened while a page loaded: console errors, requests that left the machine, timing."""
    errors: list[str]
    remote_requests: list[str]
    seconds: float


class Browser:
    """One headless Chromium session; load() opens a file and waits for the page to be drawn."""

    def __init__(self, profile: Path):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = _chromium_binary()
        for flag in FLAGS + [f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        self.driver.set_page_load_timeout(30)

    def load(self, path: Path, timeout: float = 30, fragment: str = "") -> Load:
        """Open a local HTML file and wait until its script says the page is drawn (kgView.ready)."""
        self.driver.get_log("browser")  # drop what earlier pages logged
        self.driver.get_log("performance")
        start = time.perf_counter()
        self.driver.get("about:blank")  # a new fragment on the same page would not load it again
        self.driver.get(Path(path).resolve().as_uri() + fragment)
        while not self.js("return Boolean(window.kgView && window.kgView.ready)"):
            if time.perf_counter() - start > timeout:
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        errors = [e["message"] for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]
        return Load(errors, self._remote_requests(), seconds)

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def screenshot(self, path: Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))

    def close(self) -> None:
        self.driver.quit()

    def _remote_requests(self) -> list[str]:
        """Requests that a page made to anything but a local file, and any request to a network."""
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] != "Network.requestWillBeSent":
                continue
            params = message["params"]
            url = params["request"]["url"]
            from_page = params.get("documentURL", "").startswith("file:")
            if url.startswith(NETWORK_SCHEMES) or (from_page and not url.startswith(LOCAL_SCHEMES)):
                urls.append(url)
        return urls


def _chromium_binary() -> str:
    # Debian's /usr/bin/chromium is a shell wrapper that reads /etc/chromium.d; the real binary
    # takes the same flags without the wrapper's extras.
    real = Path("/usr/lib/chromium/chromium")
    return str(real) if real.is_file() and os.access(real, os.X_OK) else shutil.which("chromium")
