"""The quality work in the PWA, in real headless Chromium against a real `kafae serve`: grading a green sample with
the defect counters, cupping a session, recording a roast from a real Artisan log — each scored on the phone by
web/js/science and then found on the server with the server's own figures. And the sync client's recoveries: a
seq gap (409) renumbers the outbox, a reset (410) pulls everything again, and neither loses a queued change.
"""

import re
from pathlib import Path

from playwright.sync_api import expect

from pwa_support import nav_link, unique_email, unique_tag, wait_until
from test_pwa import create_account, expect_unsynced, new_farm, open_farm

ALOGS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "artisan-alog"


def new_lot_on(page, farm_name: str) -> str:
    nav_link(page, "Lots").click()
    page.get_by_role("button", name="New lot", exact=True).click()
    page.get_by_label("Farm", exact=True).select_option(label=farm_name)
    page.get_by_label("Weight (kg)").fill("60")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("button", name="Edit", exact=True)).to_be_visible()
    expect_unsynced(page, 0)
    # The code comes from the server once the lot has synced (province initials, Buddhist-era year, sequence).
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^[A-Z]{2}-\d{4}-\d{3}$"))
    return heading.inner_text()


def test_grade_cup_and_roast_on_the_phone_match_the_server(page, web_api):
    email = unique_email("quality")
    create_account(page, email)
    farm = f"Pang Khon {unique_tag()}"
    new_farm(page, farm, province="Chiang Rai", altitude=1350)
    code = new_lot_on(page, farm)
    web_api.sign_in(email)

    # Green grading: 2 full black (category 1) and 5 floaters (one category 2 full defect) is Premium.
    nav_link(page, "Grading").click()
    page.get_by_role("button", name="New grading", exact=True).click()
    page.get_by_label("Lot", exact=True).select_option(label=code)
    page.get_by_label("Moisture (%)").fill("11.2")
    for _ in range(2):
        page.get_by_role("button", name="Increase Full black", exact=True).click()
    for _ in range(5):
        page.get_by_role("button", name="Increase Floater", exact=True).click()
    page.get_by_role("button", name="Decrease Floater", exact=True).click()
    page.get_by_role("button", name="Increase Floater", exact=True).click()
    expect(page.get_by_label("Full black", exact=True)).to_have_value("2")
    expect(page.get_by_role("status")).to_have_count(1)  # the sync indicator stays the one status
    expect(page.locator("#res-c1-value")).to_have_text("2")
    expect(page.locator("#res-c2-value")).to_have_text("1")
    expect(page.locator("#res-total-value")).to_have_text("3")
    expect(page.locator("#res-grade-value")).to_have_text("Premium")
    page.get_by_role("button", name="Save", exact=True).click()
    gradings = wait_until(lambda: web_api.all_pages("/api/v1/gradings"), what="the grading on the server")
    expect_unsynced(page, 0)
    assert len(gradings) == 1, gradings
    g = gradings[0]
    assert (g["defects"], g["category1"], g["category2"], g["totalFullDefects"], g["grade"], g["moisturePct"]) == (
        {"fullBlack": 2, "floater": 5}, 2, 1, 3, "premium", 11.2), g

    # Cupping: one blind sample, SCA 2004, every quality at 8.00 but flavor 8.25 → 86.25.
    nav_link(page, "Cupping").click()
    page.get_by_role("button", name="New session", exact=True).click()
    page.get_by_label("Session name").fill("Harvest 2568 table")
    page.get_by_label("Sample 1").select_option(label=code)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name=re.compile(r"^Score sample \d{3}$")).click()
    page.get_by_role("button", name="Increase Flavor", exact=True).click()
    expect(page.get_by_label("Flavor", exact=True)).to_have_value("8.25")
    expect(page.locator("#final-score")).to_have_text("86.25")
    page.get_by_role("checkbox", name="Uniformity (cups): Cup 3").uncheck()  # one non-uniform cup: −2
    expect(page.locator("#final-score")).to_have_text("84.25")
    page.get_by_role("button", name="Save score", exact=True).click()
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    scores = wait_until(lambda: web_api.all_pages("/api/v1/cupping-scores"), what="the score on the server")
    expect_unsynced(page, 0)
    assert len(scores) == 1, scores
    assert (scores[0]["finalScore"], scores[0]["band"], scores[0]["scores"]["uniformCups"]) == (84.25, "veryGood", 4), scores[0]
    expect(page.locator(".results")).to_contain_text("84.25")
    expect(page.get_by_role("img", name=re.compile("Attribute scores"))).to_be_visible()

    # Roast: a real Artisan log, parsed on the phone; the server derives the same DTR from the stored events.
    alog = sorted(ALOGS.glob("*.alog"))[0]
    nav_link(page, "Roasts").click()
    page.get_by_role("button", name="New roast", exact=True).click()
    page.get_by_label("Green lot").select_option(label=code)
    page.get_by_label("Artisan log (.alog)").set_input_files(str(alog))
    expect(page.get_by_role("img", name=re.compile("Roast curve"))).to_be_visible()
    if not page.get_by_label("Green weight (kg)").input_value():
        page.get_by_label("Green weight (kg)").fill("0.25")
    phone_dtr = page.locator("dt", has_text="Development time ratio").locator("xpath=following-sibling::dd[1]").inner_text()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("img", name=re.compile("Roast curve"))).to_be_visible()
    roasts = wait_until(lambda: web_api.all_pages("/api/v1/roast-batches"), what="the roast on the server")
    expect_unsynced(page, 0)
    assert len(roasts) == 1, roasts
    server_dtr = roasts[0]["dtrPct"]
    assert phone_dtr.startswith(f"{server_dtr:.1f}"), (phone_dtr, server_dtr)
    expect(page.locator("dl.facts").first).to_contain_text(f"{server_dtr:.1f} %")


META = """async ([key, value, write]) => {
    const names = (await indexedDB.databases()).map((d) => d.name).filter((n) => n.startsWith('kafae:'));
    const db = await new Promise((ok, bad) => { const r = indexedDB.open(names[0]); r.onsuccess = () => ok(r.result); r.onerror = () => bad(r.error); });
    try {
        return await new Promise((ok, bad) => {
            const t = db.transaction('meta', write ? 'readwrite' : 'readonly');
            const store = t.objectStore('meta');
            if (write) { store.put({ key, value }); t.oncomplete = () => ok(value); }
            else { const r = store.get(key); r.onsuccess = () => ok(r.result ? r.result.value : null); }
            t.onerror = () => bad(t.error);
        });
    } finally { db.close(); }
}"""


def put_meta(page, key: str, value):
    """Writes one entry of the organization's meta store on the phone, as a restored backup or a stale copy would."""
    return page.evaluate(META, [key, value, True])


def get_meta(page, key: str):
    return page.evaluate(META, [key, None, False])


def test_seq_gap_and_reset_are_recovered_without_losing_a_change(new_page, web_api):
    # Chromium logs every 4xx answer as a console error; these two are the protocol at work, nothing else is allowed.
    new_page.allow(r"status of (409 \(Conflict\)|410 \(Gone\))$")
    page = new_page()
    email = unique_email("recover")
    create_account(page, email)
    farm = f"Mae Chan {unique_tag()}"
    new_farm(page, farm, province="Chiang Rai", altitude=1100)
    expect_unsynced(page, 0)
    web_api.sign_in(email)
    open_farm(page, farm)

    # 409: the phone believes its next seq is far ahead of what the server has seen (a restored phone backup).
    put_meta(page, "nextSeq", 40)
    page.get_by_role("button", name="Edit", exact=True).click()
    page.get_by_label("Altitude (m)").fill("1180")
    page.get_by_role("button", name="Save", exact=True).click()
    wait_until(lambda: [x for x in web_api.farms() if x["name"] == farm and x.get("altitudeM") == 1180], what="the edit past the gap")
    expect_unsynced(page, 0)
    assert get_meta(page, "nextSeq") == 3  # renumbered from the server's expected seq (2), then advanced

    # 410: a cursor the server cannot continue (another organization's) makes the phone pull everything again;
    # a change queued meanwhile stays and reaches the server.
    other = web_api.__class__(web_api.base_url)
    other.register(unique_email("other"), organization="Other Co-op")
    other.create_farm(name="Not ours")
    foreign = other.get("/api/v1/sync/pull")["cursor"]
    page.context.set_offline(True)
    page.get_by_role("button", name="Edit", exact=True).click()
    page.get_by_label("Altitude (m)").fill("1190")
    page.get_by_role("button", name="Save", exact=True).click()
    expect_unsynced(page, 1)
    put_meta(page, "cursor", foreign)
    page.context.set_offline(False)
    wait_until(lambda: [x for x in web_api.farms() if x["name"] == farm and x.get("altitudeM") == 1190], what="the edit queued across the reset")
    expect_unsynced(page, 0)
    assert get_meta(page, "cursor") != foreign
    nav_link(page, "Farms").click()
    expect(page.get_by_role("link", name=farm, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Not ours")).to_have_count(0)


def test_a_correction_made_while_a_push_is_unanswered_is_not_a_conflict(new_page, web_api):
    """The first push of a new farm fails in transit; the person corrects the altitude meanwhile. The correction must
    build on the version the first change made, never be held as a conflict against the person's own value."""
    new_page.allow(r"net::ERR_FAILED")
    page = new_page()
    email = unique_email("correct")
    create_account(page, email)
    web_api.sign_in(email)
    failed = []

    def fail_once(route):
        failed.append(route.request.post_data or "")
        route.abort()

    page.route("**/api/v1/sync/push", fail_once)
    farm = f"Doi Tung {unique_tag()}"
    new_farm(page, farm, province="Chiang Rai", altitude=1000)
    for _ in range(120):  # Playwright runs the route handler only while the page is being waited on
        if failed:
            break
        page.wait_for_timeout(250)
    assert failed, "the first push never happened"
    page.unroute("**/api/v1/sync/push")
    open_farm(page, farm)
    page.get_by_role("button", name="Edit", exact=True).click()
    page.get_by_label("Altitude (m)").fill("1350")
    page.get_by_role("button", name="Save", exact=True).click()
    wait_until(lambda: [x for x in web_api.farms() if x["name"] == farm and x.get("altitudeM") == 1350],
               what="the correction on the server")
    expect_unsynced(page, 0)
    assert web_api.conflicts() == []
    [f] = [x for x in web_api.farms() if x["name"] == farm]
    assert f["version"] == 2, f
