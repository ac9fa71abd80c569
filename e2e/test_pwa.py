"""The offline-first PWA in real headless Chromium (Debian's `chromium`, Playwright for Python) against a real
`kafae serve` that serves ./web (DESIGN §6, §11).

Everything is driven by accessible names (roles and labels), in English (`?lang=en`) except where Thai is the
point: an account made in the app, a farm and a lot; an edit made offline that survives a reload and reaches the
server; two phones editing one field offline and the second settling the conflict with Keep mine; a push answer lost
in transit and replayed without a duplicate; Thai by default and English on request; axe-core, 360 px layout and
screenshots of the main screens (saved under e2e/artifacts/). Any uncaught error or console error fails a test.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from pwa_support import (PASSWORD, THAI, axe_problems, ensure_service_worker, go_to,
                         layout_problems, nav_link, screenshot, sync_status, unique_email, unique_tag,
                         unsynced_pattern, wait_until)

SYNC_TIMEOUT_MS = 45_000


# ---------------------------------------------------------------------------------------------------------------
# Steps a person takes, by accessible name.

def open_app(page, route: str = "#/", lang: str | None = "en") -> None:
    page.goto(("/?lang=" + lang if lang else "/") + route)


def create_account(page, email: str, organization: str = "Doi Chang Co-op", name: str = "Somchai") -> None:
    open_app(page)
    page.get_by_role("button", name="Create account", exact=True).click()
    page.get_by_label("Organization").fill(organization)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account", exact=True).click()
    expect(nav_link(page, "Farms")).to_be_visible()


def sign_in(page, email: str) -> None:
    open_app(page)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(nav_link(page, "Farms")).to_be_visible()


def expect_unsynced(page, count: int, timeout: int = SYNC_TIMEOUT_MS) -> None:
    status = sync_status(page)
    expect(status).to_have_count(1)
    expect(status).to_have_text(unsynced_pattern(count), timeout=timeout)


def open_farm(page, farm_name: str) -> None:
    nav_link(page, "Farms").click()
    page.get_by_role("link", name=farm_name).click()
    expect(page.get_by_role("heading", name=farm_name)).to_be_visible()


def fill_farm_form(page, name: str | None = None, province: str | None = None, altitude: int | None = None) -> None:
    if name is not None:
        page.get_by_label("Name", exact=True).fill(name)
    if province is not None:
        page.get_by_label("Province").select_option(province)
    if altitude is not None:
        page.get_by_label("Altitude (m)").fill(str(altitude))
    page.get_by_role("button", name="Save", exact=True).click()


def new_farm(page, name: str, province: str = "Nan", altitude: int = 1200) -> None:
    nav_link(page, "Farms").click()
    page.get_by_role("button", name="New farm", exact=True).click()
    fill_farm_form(page, name, province, altitude)
    nav_link(page, "Farms").click()
    expect(page.get_by_role("link", name=name)).to_be_visible()


def edit_farm(page, farm_name: str, **fields) -> None:
    open_farm(page, farm_name)
    page.get_by_role("button", name="Edit", exact=True).click()
    fill_farm_form(page, **fields)


def account_with_farm(web_api, farm_name: str, lot_code: str | None = None) -> tuple[str, dict]:
    """An organization made through the API, with one farm (and a lot on it): what a phone signs in to."""
    email = unique_email()
    web_api.register(email)
    farm = web_api.create_farm(name=farm_name, province="Nan", altitudeM=1200)
    if lot_code:
        web_api.create_lot(code=lot_code, farmId=farm["id"], species="arabica", stage="green", weightKg=60)
    return email, farm


# ---------------------------------------------------------------------------------------------------------------
# Records made in the app reach the server.

def test_account_farm_and_lot_made_in_the_app(page, web_api):
    email = unique_email("owner")
    tag = unique_tag()
    farm_name, lot_code = f"Doi Chang {tag}", f"E2E-{tag}"

    create_account(page, email)
    expect(page).to_have_url(re.compile(r"#/$"))
    expect_unsynced(page, 0)
    new_farm(page, farm_name, province="Nan", altitude=1200)

    nav_link(page, "Lots").click()
    page.get_by_role("button", name="New lot", exact=True).click()
    page.get_by_label("Farm", exact=True).select_option(label=farm_name)
    page.get_by_label("Species", exact=True).select_option(label="Arabica")
    page.get_by_label("Stage", exact=True).select_option("green")
    page.get_by_label("Weight (kg)").fill("60")
    page.get_by_label("Code", exact=True).fill(lot_code)
    page.get_by_role("button", name="Save", exact=True).click()
    nav_link(page, "Lots").click()
    expect(page.get_by_role("link", name=lot_code)).to_be_visible()
    expect_unsynced(page, 0)

    web_api.sign_in(email)
    farms = [f for f in web_api.farms() if f["name"] == farm_name]
    assert len(farms) == 1, farms
    assert farms[0]["province"] == "Nan" and farms[0]["altitudeM"] == 1200, farms[0]
    lots = [lot for lot in web_api.lots() if lot.get("code") == lot_code]
    assert len(lots) == 1, lots
    assert lots[0]["farmId"] == farms[0]["id"] and lots[0]["species"] == "arabica", lots[0]
    assert lots[0]["stage"] == "green" and lots[0]["weightKg"] == 60, lots[0]


# ---------------------------------------------------------------------------------------------------------------
# Offline.

def test_offline_edit_survives_reload_and_reaches_the_server(new_page, web_api):
    farm_name = f"Mae Chan {unique_tag()}"
    email, farm = account_with_farm(web_api, farm_name)
    page = new_page()
    sign_in(page, email)
    expect_unsynced(page, 0)
    open_farm(page, farm_name)
    ensure_service_worker(page, ready=page.get_by_role("heading", name=farm_name))

    new_page.set_offline(page, True)
    page.get_by_role("button", name="Edit", exact=True).click()
    fill_farm_form(page, altitude=980)
    expect_unsynced(page, 1, timeout=15_000)

    page.reload()
    expect(page.get_by_role("heading", name=farm_name)).to_be_visible()
    expect(page.get_by_text(re.compile(r"(?<![\d,.])980(?![\d,.])")).first).to_be_visible()
    expect_unsynced(page, 1, timeout=15_000)
    page.get_by_role("button", name="Edit", exact=True).click()
    expect(page.get_by_label("Altitude (m)")).to_have_value("980")

    new_page.set_offline(page, False)
    expect_unsynced(page, 0)
    wait_until(lambda: web_api.farm(farm["id"])["altitudeM"] == 980, what="the offline edit on the server")


def test_conflict_between_two_phones_settled_with_keep_mine(new_page, web_api):
    tag = unique_tag()
    farm_name = f"Huai Nam Rin {tag}"
    first_name, second_name = f"Huai Nam Rin North {tag}", f"Huai Nam Rin South {tag}"
    email = unique_email("twophones")

    first = new_page(name="first phone")
    create_account(first, email)
    new_farm(first, farm_name)
    expect_unsynced(first, 0)

    second = new_page(name="second phone")
    sign_in(second, email)
    expect_unsynced(second, 0)

    for phone in (first, second):
        open_farm(phone, farm_name)
        ensure_service_worker(phone, ready=phone.get_by_role("heading", name=farm_name))
    for phone in (first, second):
        new_page.set_offline(phone, True)
    edit_farm(first, farm_name, name=first_name)
    edit_farm(second, farm_name, name=second_name)
    expect_unsynced(first, 1, timeout=15_000)
    expect_unsynced(second, 1, timeout=15_000)

    new_page.set_offline(first, False)
    expect_unsynced(first, 0)
    web_api.sign_in(email)
    farm_id = next(f["id"] for f in web_api.farms() if f["name"] == first_name)

    new_page.set_offline(second, False)
    expect_unsynced(second, 0)
    go_to(second, "#/")
    attention = second.get_by_role("link", name="Needs attention")
    expect(attention).to_be_visible(timeout=SYNC_TIMEOUT_MS)
    attention.click()
    expect(second).to_have_url(re.compile(r"#/conflicts$"))
    expect(second.get_by_text(first_name).first).to_be_visible()
    expect(second.get_by_text(second_name).first).to_be_visible()
    second.get_by_role("button", name="Keep mine", exact=True).click()
    expect_unsynced(second, 0)

    wait_until(lambda: web_api.farm(farm_id)["name"] == second_name, what="the second phone's name on the server")
    wait_until(lambda: web_api.conflicts() == [], what="no open conflict")
    go_to(second, "#/")
    expect(second.get_by_role("link", name="Needs attention")).to_have_count(0, timeout=SYNC_TIMEOUT_MS)


def test_push_answer_lost_in_transit_is_replayed_without_duplicate(new_page, web_api):
    farm_name = f"Pha Hi {unique_tag()}"
    email = unique_email("lost")
    web_api.register(email)
    page = new_page()
    new_page.allow(r"Failed to load resource: net::ERR_FAILED")  # the answer this test throws away
    sign_in(page, email)
    expect_unsynced(page, 0)

    lost, delivered = [], []

    def lose_first_answer(route):
        if not lost and farm_name in (route.request.post_data or ""):
            response = route.fetch()  # the server applies the push …
            lost.append(response.status)
            route.abort()  # … and the phone never hears of it
        else:
            delivered.append(route.request.post_data or "")
            route.continue_()

    page.route("**/api/v1/sync/push", lose_first_answer)
    new_farm(page, farm_name)
    # "Unsynced: 0" can still show from before the save: wait for the push itself (the route runs while Playwright waits).
    for _ in range(240):
        if lost:
            break
        page.wait_for_timeout(250)
    expect_unsynced(page, 0, timeout=90_000)

    assert lost == [200], f"the push carrying the new farm was not intercepted as planned: {lost}"
    assert any(farm_name in body for body in delivered), "the lost push was never sent again"
    same_name = [f for f in web_api.farms() if f["name"] == farm_name]
    assert len(same_name) == 1, same_name
    nav_link(page, "Farms").click()
    expect(page.get_by_role("link", name=farm_name)).to_have_count(1)
    assert web_api.conflicts() == []


# ---------------------------------------------------------------------------------------------------------------
# Thai first, English on request.

def test_thai_by_default_and_english_on_request(new_page):
    page = new_page(locale="th-TH")
    page.goto("/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "th")
    expect(page.get_by_role("button", name=THAI).first).to_be_visible()
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_have_count(0)
    assert THAI.search(page.locator("body").inner_text()), "no Thai text on the sign-in screen"
    screenshot(page, "sign-in-th")

    page.goto("/?lang=en")
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_label("Email", exact=True)).to_be_visible()

    page.goto("/")
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()

    page.goto("/?lang=th")
    expect(html).to_have_attribute("lang", "th")
    page.goto("/")
    expect(html).to_have_attribute("lang", "th")
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_have_count(0)


def test_catalogues_have_the_same_strings():
    """Every string in web/i18n/th.json has its English in en.json and the other way round (DESIGN §11)."""
    folder = ROOT / "web" / "i18n"
    catalogues = {}
    for lang in ("th", "en"):
        path = folder / f"{lang}.json"
        assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
        catalogues[lang] = flatten(json.loads(path.read_text()))
    th, en = catalogues["th"], catalogues["en"]
    assert sorted(set(th) - set(en)) == [], "only in th.json"
    assert sorted(set(en) - set(th)) == [], "only in en.json"
    assert [key for key, value in {**th, **en}.items() if not str(value).strip()] == [], "empty strings"


def flatten(tree, prefix: str = "") -> dict:
    if not isinstance(tree, dict):
        return {prefix: tree}
    flat = {}
    for key, value in tree.items():
        flat.update(flatten(value, f"{prefix}.{key}" if prefix else key))
    return flat


# ---------------------------------------------------------------------------------------------------------------
# The main screens on a 360 px phone: screenshot, axe-core (no serious or critical violation), no sideways scroll,
# 44×44 px touch targets.

SCREENS = ["sign-in", "home", "farms", "farm-form", "farm-detail", "lots", "lot-detail", "grading-form",
           "cupping-session", "cupping-score", "roast-form", "conflicts", "settings"]


def open_screen(page, web_api, screen: str) -> None:
    if screen == "sign-in":
        open_app(page)
        expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
        return
    tag = unique_tag()
    farm_name, lot_code = f"Doi Pha Hom Pok {tag}", f"E2E-{tag}"
    email, _ = account_with_farm(web_api, farm_name, lot_code)
    sign_in(page, email)
    expect_unsynced(page, 0)
    nav_link(page, "Farms").click()
    expect(page.get_by_role("link", name=farm_name)).to_be_visible()  # the first pull has come in
    if screen == "home":
        go_to(page, "#/")
        expect(nav_link(page, "Farms")).to_be_visible()
    elif screen == "farm-form":
        page.get_by_role("button", name="New farm", exact=True).click()
        expect(page.get_by_label("Name", exact=True)).to_be_visible()
    elif screen == "farm-detail":
        page.get_by_role("link", name=farm_name).click()
        expect(page.get_by_role("button", name="Edit", exact=True)).to_be_visible()
    elif screen == "lots":
        nav_link(page, "Lots").click()
        expect(page.get_by_role("link", name=lot_code)).to_be_visible()
    elif screen == "lot-detail":
        nav_link(page, "Lots").click()
        page.get_by_role("link", name=lot_code).click()
        expect(page.get_by_role("heading", name=lot_code)).to_be_visible()
    elif screen == "grading-form":
        nav_link(page, "Grading").click()
        page.get_by_role("button", name="New grading", exact=True).click()
        page.get_by_label("Lot", exact=True).select_option(label=lot_code)
        page.get_by_role("button", name="Increase Full black", exact=True).click()
    elif screen in ("cupping-session", "cupping-score"):
        nav_link(page, "Cupping").click()
        page.get_by_role("button", name="New session", exact=True).click()
        page.get_by_label("Session name").fill("Axe table")
        page.get_by_label("Sample 1").select_option(label=lot_code)
        page.get_by_role("button", name="Save", exact=True).click()
        if screen == "cupping-score":
            page.get_by_role("button", name=re.compile(r"^Score sample \d{3}$")).click()
            expect(page.get_by_role("button", name="Save score", exact=True)).to_be_visible()
        else:
            expect(page.get_by_role("heading", name="Samples")).to_be_visible()
    elif screen == "roast-form":
        nav_link(page, "Roasts").click()
        page.get_by_role("button", name="New roast", exact=True).click()
        expect(page.get_by_label("Artisan log (.alog)")).to_be_visible()
    elif screen == "conflicts":
        go_to(page, "#/conflicts")
        expect(page.get_by_role("heading", name="Needs attention")).to_be_visible()
    elif screen == "settings":
        page.get_by_role("link", name="Settings").click()
        expect(page.get_by_role("button", name="Download backup")).to_be_visible()


@pytest.mark.parametrize("screen", SCREENS)
def test_main_screen_accessible_at_360_px(page, web_api, screen):
    open_screen(page, web_api, screen)
    page.evaluate("document.fonts.ready.then(() => true)")
    screenshot(page, screen)
    problems = axe_problems(page, screen) + layout_problems(page)
    assert not problems, f"{screen} at {page.url}:\n" + "\n".join(problems)
    if screen != "sign-in":
        # "Click the link named Farms" must find one link on every screen, even without exact matching.
        for name in ("Farms", "Lots", "Grading", "Cupping", "Roasts", "Settings"):
            expect(page.get_by_role("link", name=name)).to_have_count(1)
