"""Issue 11's "done means", in headless Chromium against gunicorn with the demo data: the administrator
enrols two-factor sign-in, creates a case officer who sets a password through the one-time link, resets
that password, deactivates the account (its open session stops at once), finds its actions in the audit
viewer; a backup taken while the portal runs is restored into an empty database and folder."""
import re
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest

pytestmark = pytest.mark.e2e
FLASK = Path(sys.executable).parent / "flask"
OFFICER = "nuru.case@ministry.example"


def _login(page, base, email, password):
    page.goto(base + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


def _set_password(page, link, password):
    page.goto(link)
    page.fill("input[name=password]", password)
    page.fill("input[name=password_confirm]", password)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Your password is set.")


def test_a_new_administrator_runs_the_portal(live_portal, browser, shot, tmp_path):
    base = live_portal.url
    admin = browser.new_context().new_page()
    admin.set_default_timeout(20_000)
    _login(admin, base, "admin@demo.example", "demo-admin-pass")
    admin.goto(base + "/account/two-factor")
    secret = re.search(r"[A-Z2-7]{32}", admin.locator("main code").first.inner_text()).group(0)
    admin.fill("input[name=code]", pyotp.TOTP(secret).now())
    admin.click("main button[type=submit]")
    admin.wait_for_selector("text=Two-factor sign-in is on")
    assert admin.locator("ul.codes li").count() == 10

    admin.goto(base + "/admin/users/new")
    admin.fill("input[name=email]", OFFICER)
    admin.fill("input[name=name]", "Nuru Case")
    admin.select_option("select[name=role]", "case_officer")
    admin.fill("textarea[name=reason]", "New case officer, order 7/2026")
    admin.click("main button[type=submit]")
    link = admin.locator("input[readonly]").input_value()
    shot(admin, "set-password-link")

    officer = browser.new_context().new_page()
    officer.set_default_timeout(20_000)
    _set_password(officer, link, "mango river lantern eleven")
    _login(officer, base, OFFICER, "mango river lantern eleven")
    officer.goto(base + "/grievances/cases")
    assert officer.url.endswith("/grievances/cases")

    admin.goto(base + "/admin/users?q=nuru")
    admin.click(f"text={OFFICER}")
    user_page = admin.url
    admin.fill("textarea[name=reason]", "Forgot the password")
    admin.click("text=Reset the password")
    _set_password(officer, admin.locator("input[readonly]").input_value(), "purple tractor under snow")
    _login(officer, base, OFFICER, "purple tractor under snow")
    officer.goto(base + "/grievances/cases")
    assert officer.url.endswith("/grievances/cases")

    admin.goto(user_page)
    admin.fill("textarea[name=reason]", "Left the ministry")
    admin.click("text=Deactivate the account")
    admin.wait_for_selector("text=The account is deactivated")
    officer.goto(base + "/grievances/cases")
    assert "/login" in officer.url  # the open session stopped at once

    admin.goto(base + "/admin/audit")
    admin.click("text=Verify the chain now")  # the scheduler's hourly verification, asked for now
    admin.wait_for_selector("text=The chain is verified.")
    admin.goto(base + f"/admin/audit?actor={OFFICER}")
    page = admin.content()
    assert "user.set_password" in page and "user.login" in page and "The chain is intact" in page
    admin.goto(base + "/admin/audit?action=user.deactivate")
    assert "Left the ministry" in admin.content()
    shot(admin, "audit")

    archive = tmp_path / "backup.tar.gz"
    run = dict(cwd=live_portal.root, capture_output=True, text=True, timeout=120)
    made = subprocess.run([FLASK, "backup", "create", str(archive)], env=live_portal.env, **run)
    assert made.returncode == 0, made.stderr
    empty = live_portal.env | {"DATABASE_URL": f"sqlite:///{tmp_path}/restored.sqlite3",
                               "PORTAL_UPLOAD_FOLDER": str(tmp_path / "uploads"),
                               "PORTAL_AUDIT_CHECKPOINT_FILE": str(tmp_path / "checkpoints.log")}
    restored = subprocess.run([FLASK, "backup", "restore", str(archive)], env=empty, **run)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "the audit chain match the backup" in restored.stdout
