"""The PWA as an installed app: a new version waits for the person's approval ("Update available") instead of
changing under their thumb, and the one-tap local backup holds everything on the phone, unsynced changes first.
"""

import json
import os
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import expect

from conftest import ROOT, SERVER_ENV, KafaeServer
from pwa_support import PHONE, ensure_service_worker, unique_email, unique_tag
from test_pwa import create_account, expect_unsynced, new_farm, open_farm


def test_a_new_version_waits_for_the_person(browser, kafae_bin):
    web = Path(tempfile.mkdtemp(prefix="kafae-web-"))
    data = tempfile.mkdtemp(prefix="kafae-upd-")
    shutil.copytree(ROOT / "web", web / "web")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAFAE_") and k != "DATABASE_URL"}
    env.update(SERVER_ENV, KAFAE_WEB_DIR=str(web / "web"))
    server = KafaeServer(kafae_bin, data, env)
    context = None
    errors = []
    try:
        server.start()
        context = browser.new_context(**PHONE, base_url=server.url)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto("/?lang=en")
        expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
        ensure_service_worker(page)
        first = page.evaluate("document.querySelector('script[type=module]').src")
        page.get_by_label("Email", exact=True).fill("typing@example.com")

        # A deploy: one file changes, so the version and the worker change.
        server.stop()
        css = web / "web" / "css" / "app.css"
        css.write_text(css.read_text() + "\n/* next release */\n")
        server.start()
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        expect(page.get_by_text("Update available")).to_be_visible(timeout=20_000)
        # Nothing reloaded meanwhile: what the person typed is still there, on the old version.
        expect(page.get_by_label("Email", exact=True)).to_have_value("typing@example.com")
        assert page.evaluate("document.querySelector('script[type=module]').src") == first

        with page.expect_event("load", timeout=20_000):
            page.get_by_role("button", name="Update now").click()
        expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
        now = page.evaluate("document.querySelector('script[type=module]').src")
        assert now != first and "/v/" in now, (first, now)
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
        assert not errors, errors
    finally:
        if context:
            context.close()
        server.stop()
        shutil.rmtree(web, ignore_errors=True)
        shutil.rmtree(data, ignore_errors=True)


def test_local_backup_holds_everything_unsynced_first(new_page):
    page = new_page()
    create_account(page, unique_email("backup"))
    farm = f"Huai Nam Rin {unique_tag()}"
    new_farm(page, farm, province="Chiang Rai", altitude=1300)
    expect_unsynced(page, 0)
    open_farm(page, farm)
    new_page.set_offline(page, True)
    page.get_by_role("button", name="Edit", exact=True).click()
    page.get_by_label("Altitude (m)").fill("1320")
    page.get_by_role("button", name="Save", exact=True).click()
    expect_unsynced(page, 1)
    page.get_by_role("link", name="Settings").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download backup").click()
    path = download.value.path()
    text = Path(path).read_text()
    backup = json.loads(text)
    assert backup["kafaeBackup"] == 1
    # The unsynced change comes before the records in the file.
    assert text.index('"outbox"') < text.index('"farm"')
    [change] = backup["outbox"]
    assert (change["entity"], change["op"], change["fields"]) == ("farm", "upsert", {"altitudeM": 1320})
    [record] = backup["farm"]
    assert record["fields"]["name"] == farm and record["pending"] == {"altitudeM": 1320}
    new_page.set_offline(page, False)
    expect_unsynced(page, 0)


def test_language_from_any_address_and_from_settings(new_page):
    page = new_page()
    page.goto("/#/?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # Only the hash changes: the running app still switches.
    page.evaluate("location.hash = '#/?lang=th'")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("button", name="เข้าสู่ระบบ", exact=True)).to_be_visible()
    # A choice made in Settings wins over the ?lang= the app was opened with.
    page.goto("/?lang=en")
    create_account(page, unique_email("lang"))
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Language").select_option("th")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("link", name="ตั้งค่า")).to_be_visible()
    assert "lang=" not in page.url
    page.goto("/#/settings")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("link", name="ตั้งค่า")).to_be_visible()
