"""End-to-end fixtures: the portal served by gunicorn as `make run` serves it, and Debian's chromium."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited early")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds}s")


@dataclass
class LivePortal:
    url: str
    demo_notes: str  # what `make run` prints: the demo logins, a contract code, a grievance reference
    env: dict  # the environment the server runs with (for `flask` commands against the same portal)
    root: Path


@pytest.fixture(scope="session")
def live_server(live_portal) -> str:
    return live_portal.url


@pytest.fixture(scope="session")
def live_portal(tmp_path_factory):
    """Migrate a fresh database, load the demo data and serve with gunicorn: the steps of `make run`."""
    home = tmp_path_factory.mktemp("live")
    env = os.environ | {
        "FLASK_APP": "wsgi:app",
        "DATABASE_URL": f"sqlite:///{home}/portal.sqlite3",
        "SECRET_KEY": "e2e-secret",
        "PORTAL_UPLOAD_FOLDER": str(home / "uploads"),
        "PORTAL_REQUIRE_2FA": "false",  # as `make run` serves the demo
        "PORTAL_AUDIT_KEY": "e2e-audit-key",
        "PORTAL_AUDIT_CHECKPOINT_FILE": str(home / "audit-checkpoints.log"),
    }
    env.pop("TEST_DATABASE_URL", None)
    root = Path(__file__).resolve().parents[2]
    for step in (["db", "upgrade"], ["demo", "load"]):
        done = subprocess.run([BIN / "flask", *step], cwd=root, env=env, check=True, capture_output=True, text=True)
    port = _free_port()
    server = subprocess.Popen(
        [BIN / "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
        yield LivePortal(url, done.stdout, env, root)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page (360 px wide); shots are saved under tests/e2e/screenshots/ for people to look at."""
    context = browser.new_context(viewport={"width": 360, "height": 780}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shot(request):
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def fill_date(page, field_id: str, day) -> None:
    """Type a date as an official does: the day, the month by name, the year (portal.forms.DayMonthYearField)."""
    page.fill(f"#{field_id}", str(day.day))
    page.select_option(f"#{field_id}-month", str(day.month))
    page.fill(f"#{field_id}-year", str(day.year))
