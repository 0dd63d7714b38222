"""What the load and fault scripts share: gunicorn with 4 workers on 127.0.0.1 against a migrated database
(low priority, limits raised for the load), and signing an official in through the HTML form as a browser
does (CSRF token, session cookie)."""
import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOAD_LIMITS = {"PORTAL_GRIEVANCE_FILE_RATE_LIMIT": "1000000 per minute", "PORTAL_LOGIN_RATE_LIMIT": "1000 per minute",
               "PORTAL_REQUIRE_2FA": "false"}
TOKEN = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')


def app_env(database_url: str) -> dict:
    return dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="bench-secret", **LOAD_LIMITS)


def factory(instance: str) -> str:
    return f"portal.app:create_app({{'INSTANCE_PATH': {instance!r}}})"


def start_server(database_url: str, port: int, instance: str, workers: int = 4) -> subprocess.Popen:
    """Migrate the database, start gunicorn and wait until /health answers."""
    env = app_env(database_url)
    subprocess.run([sys.executable, "-m", "flask", "--app", factory(instance), "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    server = subprocess.Popen(["nice", sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                               "--graceful-timeout", "2", "--log-level", "warning", factory(instance)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def signed_in(base: str, email: str, password: str) -> urllib.request.OpenerDirector:
    """A browser-like client (its own cookie jar, redirects not followed) signed in as email."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
    token = csrf_token(opener, f"{base}/login")
    data = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token}).encode()
    try:
        opener.open(f"{base}/login", data=data, timeout=60)
    except urllib.error.HTTPError as answer:
        if answer.code != 302:
            raise
    return opener


def csrf_token(opener, url: str) -> str:
    with opener.open(url, timeout=60) as page:
        return TOKEN.search(page.read().decode()).group(1)
