"""The real browsers the review page is proven in, behind the few operations its tests use.

Chromium is driven by selenium through Debian's chromedriver. Firefox has no driver here:
geckodriver is not packaged for Debian and selenium-manager cannot download it offline, so
Debian's firefox-esr is started with its own Marionette server and driven by Mozilla's
``marionette_driver``. Each skips with the command that would install what is missing.

Elements come back as each driver's own element object; both offer the same ``click()``,
``send_keys()``, ``text``, ``get_attribute()`` and ``is_displayed()`` (the WebDriver
semantics Marionette implements), which is all the tests touch.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import pytest

WIDTH, HEIGHT = 1600, 1000
CSS = "css selector"  # the WebDriver locator strategy both drivers name this way
FIREFOX_START_SECONDS = 90  # a cold start on two busy cores took 5-8 s; generous on purpose


class Browser(Protocol):
    name: str

    def open(self, path: Path) -> None: ...

    def run(self, script: str, *args: Any) -> Any:
        """Run ``script`` as a function body in the page itself (``arguments`` are ``args``)."""

    def find_all(self, css: str) -> list[Any]: ...

    def resize(self, width: int, height: int) -> None:
        """Set the window's outer size (the page gets what the browser's own chrome leaves)."""

    def screenshot(self, path: Path) -> None:
        """Write a PNG of what the window shows."""


def find(browser: Browser, css: str) -> Any:
    found = browser.find_all(css)
    assert found, f"{browser.name}: nothing matches {css}"
    return found[0]


class Chromium:
    name = "chromium"

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    def open(self, path: Path) -> None:
        self.driver.get(path.as_uri())

    def run(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def find_all(self, css: str) -> list[Any]:
        return self.driver.find_elements(CSS, css)

    def resize(self, width: int, height: int) -> None:
        self.driver.set_window_size(width, height)

    def screenshot(self, path: Path) -> None:
        self.driver.save_screenshot(str(path))


class Firefox:
    name = "firefox"

    def __init__(self, client: Any) -> None:
        self.client = client

    def open(self, path: Path) -> None:
        self.client.navigate(path.as_uri())

    def run(self, script: str, *args: Any) -> Any:
        # sandbox=None: in the page's own scope, as selenium runs scripts (Marionette's
        # default sandbox sees the page through wrappers).
        return self.client.execute_script(script, script_args=list(args), sandbox=None)

    def find_all(self, css: str) -> list[Any]:
        return self.client.find_elements(CSS, css)

    def resize(self, width: int, height: int) -> None:
        self.client.set_window_rect(width=width, height=height)

    def screenshot(self, path: Path) -> None:
        path.write_bytes(self.client.screenshot(format="binary", full=False))


@contextmanager
def chromium() -> Iterator[Chromium]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_binary = shutil.which("chromedriver")
    if binary is None or driver_binary is None:
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="pip install selenium")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--window-size={WIDTH},{HEIGHT}",
    ):
        options.add_argument(flag)
    profile = Path(tempfile.mkdtemp(prefix="jixiao-chromium-"))
    options.add_argument(f"--user-data-dir={profile}")
    service = webdriver.ChromeService(executable_path=driver_binary)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield Chromium(driver)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@contextmanager
def firefox() -> Iterator[Firefox]:
    binary = shutil.which("firefox-esr") or shutil.which("firefox")
    if binary is None:
        pytest.skip("firefox-esr is not installed (apt-get install firefox-esr)")
    try:
        # Its mozbase dependencies warn about their own deprecated imports (distro, telnetlib).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            from marionette_driver.marionette import Marionette
    except ImportError as error:  # also telnetlib, gone in Python 3.13, used by mozrunner
        pytest.skip(f"marionette_driver is not usable (pip install marionette_driver): {error}")
    profile = Path(tempfile.mkdtemp(prefix="jixiao-firefox-"))
    # Port 0: Firefox picks a free port and writes it to MarionetteActivePort, so parallel
    # runs never collide on 2828. The rest of the testing defaults (no updates, no
    # telemetry, no captive-portal probes) Marionette applies itself at startup.
    (profile / "user.js").write_text('user_pref("marionette.port", 0);\n', encoding="utf-8")
    log = (profile / "firefox.log").open("wb")
    process = subprocess.Popen(
        [binary, "--headless", "--marionette", "--no-remote", "--profile", str(profile)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    client = None
    try:
        port_file = profile / "MarionetteActivePort"
        deadline = time.monotonic() + FIREFOX_START_SECONDS
        while not port_file.exists() or not port_file.read_text().strip():
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                tail = (profile / "firefox.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"firefox-esr did not open its Marionette port:\n{tail}")
            time.sleep(0.2)
        client = Marionette(host="127.0.0.1", port=int(port_file.read_text()))
        client.start_session()
        client.set_window_rect(width=WIDTH, height=HEIGHT)
        yield Firefox(client)
    finally:
        if client is not None and client.session is not None:
            client.delete_session()
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(profile, ignore_errors=True)
