"""The main screens in Thai at 360 px: Thai labels are longer than English ones, so each screen is checked again in
Thai for sideways scroll, 44 px touch targets and axe-core, with a screenshot (e2e/artifacts/screenshots/*-th.png)."""

import pytest
from playwright.sync_api import expect

from pwa_support import THAI, axe_problems, layout_problems, screenshot, unique_email, unique_tag
from test_pwa import account_with_farm, expect_unsynced

ROUTES = {
    "home": "#/", "farms": "#/farms", "farm-form": "#/farms/new", "lots": "#/lots", "grading-form": "#/grading/new",
    "cupping-form": "#/cupping/new", "roast-form": "#/roasts/new", "conflicts": "#/conflicts", "settings": "#/settings",
}


@pytest.fixture
def thai_phone(new_page, web_api):
    tag = unique_tag()
    email, _ = account_with_farm(web_api, f"ไร่ดอยช้าง {tag}", f"TH-{tag}")
    page = new_page(locale="th-TH")
    page.goto("/?lang=th")
    page.get_by_label("อีเมล", exact=True).fill(email)
    page.get_by_label("รหัสผ่าน", exact=True).fill("arabica-1400m")
    page.get_by_role("button", name="เข้าสู่ระบบ", exact=True).click()
    expect_unsynced(page, 0)
    return page


def test_main_screens_in_thai_at_360_px(thai_phone):
    page = thai_phone
    problems = []
    for name, route in ROUTES.items():
        page.evaluate("route => { location.hash = route }", route)
        expect(page.locator("main h1")).to_be_visible()
        page.wait_for_timeout(300)
        assert page.evaluate("document.documentElement.lang") == "th"
        assert THAI.search(page.locator("main").inner_text()), name
        screenshot(page, f"{name}-th")
        problems += [f"{name}: {p}" for p in axe_problems(page, f"{name}-th") + layout_problems(page)]
    assert not problems, "\n".join(problems)
