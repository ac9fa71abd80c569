#!/usr/bin/env python3
"""The PWA's budgets (DESIGN §11) measured in Debian's chromium on a 360 px phone over slow 4G with a 4× slower CPU
(CDP Network.emulateNetworkConditions: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up; Emulation.
setCPUThrottlingRate 4), each run in a fresh browser profile:

  (a) bytes transferred on the first load of the shell (encodedDataLength of every request the page made until the
      sign-in form was usable, counted when each finished)                                    budget 100 KB
  (b) seconds from navigation start to the sign-in form usable (Email visible and editable, Sign in enabled)
                                                                                              budget 3 s
  (c) repeat load offline after signing in (context offline, reload, until the Farms link shows)  budget 1 s
  (d) a list of 2,000 lots (pushed through /api/v1/sync/push, pulled by the app) scrolled to the bottom with the
      mouse wheel over about 3 s: p95 frame interval (requestAnimationFrame) and frames over 50 ms
                                                                                              budget p95 ≤ 50 ms

The same figures without throttling follow as a ceiling reference. It prints figures and exits 0 whatever they are;
it exits 1 only when a figure could not be measured (an error).

Usage (with the test tools' Python, `source scripts/python_env.sh; python_env` makes it):
    .venv-test/bin/python bench/pwa_budgets.py                 # starts `kafae serve` (the built binary) on SQLite
    .venv-test/bin/python bench/pwa_budgets.py --url http://127.0.0.1:8080
Options: --bin PATH (default $KAFAE_BIN, else `swift build --show-bin-path`/kafae), --lots N (2000).
"""

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "e2e"))

from pwa_support import (PASSWORD, PHONE, ApiClient, ensure_service_worker, launch_chromium,  # noqa: E402
                         nav_link, sync_status, unique_email, unsynced_pattern)

SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
BUDGET_BYTES = 100 * 1024
BUDGET_FIRST_S = 3.0
BUDGET_OFFLINE_S = 1.0
BUDGET_FRAME_MS = 50.0
SCROLL_S = 3.0
SCROLL_STEPS = 60
LOT_CODE = re.compile(r"\bBL-\d{4,}\b")


# ---------------------------------------------------------------------------------------------------------------
# Data: one organization, a farm and N lots pushed by a device in batches of 500 (the protocol's largest push).

def seed(api: ApiClient, lots: int) -> str:
    email = unique_email("bench")
    api.register(email, organization="Bench Co-op", name="Bench")
    farm = api.create_farm(name="Doi Chang bench farm", province="Chiang Rai", altitudeM=1400)
    device = "bench-" + uuid.uuid4().hex[:12]
    seq = 0
    for start in range(0, lots, 500):
        mutations = []
        for i in range(start, min(lots, start + 500)):
            seq += 1
            mutations.append({
                "seq": seq, "mutationId": str(uuid.uuid4()), "entity": "lot", "op": "upsert",
                "recordId": str(uuid.uuid4()), "baseVersion": None, "clientTime": now_iso(),
                "fields": {"code": f"BL-{i + 1:04d}", "farmId": farm["id"], "species": "arabica",
                           "stage": "green", "weightKg": 60, "variety": "Catimor", "process": "washed"}})
        answer = api.push(device, mutations)
        statuses = {r["status"] for r in answer["results"]}
        if statuses != {"applied"}:
            bad = [r for r in answer["results"] if r["status"] != "applied"][:3]
            raise RuntimeError(f"lots not applied: {bad}")
    return email


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())


# ---------------------------------------------------------------------------------------------------------------
# One run in a fresh profile.

FRAMES_START = """() => {
    window.__benchFrames = [];
    window.__benchFramesOn = true;
    const tick = t => { if (!window.__benchFramesOn) return; window.__benchFrames.push(t); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
}"""
FRAMES_STOP = "() => { window.__benchFramesOn = false; return window.__benchFrames; }"

# The element the wheel scrolls at a point: the nearest scrollable ancestor (through shadow roots), else the page.
SCROLLER = """([x, y]) => {
    let el = document.elementFromPoint(x, y);
    while (el && el.shadowRoot) {
        const inner = el.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === el) break;
        el = inner;
    }
    const scrollable = e => {
        const style = getComputedStyle(e);
        return /(auto|scroll|overlay)/.test(style.overflowY) && e.scrollHeight > e.clientHeight + 1;
    };
    while (el && !(el instanceof Document)) {
        if (el instanceof Element && scrollable(el)) break;
        el = el.parentNode instanceof ShadowRoot ? el.parentNode.host : el.parentElement;
    }
    const s = el instanceof Element ? el : document.scrollingElement;
    window.__benchScroller = s;
    return { top: s.scrollTop, height: s.scrollHeight, client: s.clientHeight,
             page: s === document.scrollingElement };
}"""
LOT_ROWS = "() => document.querySelectorAll('a[href^=\"#/lots/\"]').length"  # the lots' own links
SCROLLER_STATE = """() => { const s = window.__benchScroller;
    return { top: s.scrollTop, height: s.scrollHeight, client: s.clientHeight }; }"""


class Run:
    def __init__(self, browser, base_url: str, email: str, throttled: bool):
        self.browser = browser
        self.base_url = base_url
        self.email = email
        self.throttled = throttled
        self.figures: dict[str, object] = {}
        self.errors: dict[str, str] = {}
        self.notes: list[str] = []

    def throttle(self, cdp) -> None:
        if self.throttled:
            cdp.send("Network.emulateNetworkConditions", SLOW_4G)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})

    def measure(self, lots: int) -> None:
        context = self.browser.new_context(**PHONE, locale="en-US", base_url=self.base_url)
        context.set_default_timeout(120_000)
        try:
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            self.throttle(cdp)
            steps = [("first", lambda: self.first_load(page, cdp)),
                     ("offline", lambda: self.offline_repeat(page, cdp)),
                     ("scroll", lambda: self.scroll(page, lots))]
            for key, step in steps:
                try:
                    step()
                except Exception as error:  # noqa: BLE001 - each figure reports its own failure
                    self.errors[key] = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
                    self.notes.append(f"{key}: {traceback.format_exc(limit=3)}")
                    if key == "first":
                        self.errors.setdefault("offline", "not measured: the first load failed")
                        self.errors.setdefault("scroll", "not measured: the first load failed")
                        break
        finally:
            context.close()

    # (a) and (b)
    def first_load(self, page, cdp) -> None:
        requests: dict[str, dict] = {}
        counting = {"on": True}

        def sent(event):
            if counting["on"] and event["requestId"] not in requests:
                requests[event["requestId"]] = {"url": event["request"]["url"], "bytes": None}

        def finished(event):
            if event["requestId"] in requests:
                requests[event["requestId"]]["bytes"] = event["encodedDataLength"]

        def failed(event):
            if event["requestId"] in requests:
                requests[event["requestId"]]["bytes"] = 0

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.loadingFailed", failed)

        page.goto("/?lang=en", wait_until="commit")
        email = page.get_by_label("Email", exact=True)
        button = page.get_by_role("button", name="Sign in", exact=True)
        email.wait_for(state="visible")
        deadline = time.monotonic() + 60
        while not (email.is_editable() and button.is_enabled()):
            if time.monotonic() > deadline:
                raise TimeoutError("the sign-in form never became usable")
            page.wait_for_timeout(5)
        usable_ms = page.evaluate("performance.now()")
        counting["on"] = False
        self.figures["first"] = usable_ms / 1000

        deadline = time.monotonic() + 60
        while any(r["bytes"] is None for r in requests.values()) and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        pending = [r["url"] for r in requests.values() if r["bytes"] is None]
        self.figures["bytes"] = sum(r["bytes"] or 0 for r in requests.values())
        self.figures["requests"] = len(requests)
        if pending:
            self.notes.append(f"still loading after 60 s, not counted: {pending}")

        # What the service worker fetched for its cache is not in the page's requests: shown as a note.
        try:
            ensure_service_worker(page, ready=email, timeout_ms=60_000)
            cached = page.evaluate("""async () => {
                let bytes = 0, files = 0;
                for (const name of await caches.keys()) {
                    const cache = await caches.open(name);
                    for (const request of await cache.keys()) {
                        const response = await cache.match(request);
                        bytes += (await response.clone().arrayBuffer()).byteLength; files += 1;
                    }
                }
                return [bytes, files];
            }""")
            self.figures["cache"] = cached
        except Exception as error:  # noqa: BLE001
            self.figures["cache"] = None
            self.notes.append(f"service worker cache not read: {str(error).splitlines()[0]}")

    # (c)
    def offline_repeat(self, page, cdp) -> None:
        pulls_done = watch_pulls(page)
        page.get_by_label("Email", exact=True).fill(self.email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        farms = nav_link(page, "Farms")
        farms.wait_for(state="visible")
        wait_for(lambda: pulls_done["done"], 180, "the first sync to finish (a pull with hasMore false)", page)
        status = sync_status(page)
        from playwright.sync_api import expect
        expect(status).to_have_text(unsynced_pattern(0), timeout=120_000)
        ensure_service_worker(page, ready=farms, timeout_ms=60_000)

        page.context.set_offline(True)
        try:
            page.reload(wait_until="commit")
            farms.wait_for(state="visible", timeout=60_000)
            self.figures["offline"] = page.evaluate("performance.now()") / 1000
        finally:
            page.context.set_offline(False)
            self.throttle(cdp)  # going online again resets the page's network conditions

    # (d)
    def scroll(self, page, lots: int) -> None:
        nav_link(page, "Lots").click()
        lot_links = page.get_by_role("link", name=LOT_CODE)
        lot_links.first.wait_for(state="visible", timeout=120_000)
        from playwright.sync_api import expect
        expect(sync_status(page)).to_have_text(unsynced_pattern(0), timeout=120_000)
        page.wait_for_timeout(1000)

        x, y = PHONE["viewport"]["width"] // 2, PHONE["viewport"]["height"] // 2
        box = lot_links.first.bounding_box()
        if box:
            y = int(min(max(box["y"] + box["height"] / 2, 80), PHONE["viewport"]["height"] - 80))
        page.mouse.move(x, y)
        start = page.evaluate(SCROLLER, [x, y])
        drawn = page.evaluate(LOT_ROWS)
        if start["height"] - start["client"] - start["top"] <= 0:
            raise RuntimeError(f"the lots list does not scroll ({start})")
        # A long list may draw its rows a page at a time as it scrolls: the wheel is sized for all the lots (the
        # height per drawn row times the lots), then followed to the end however the list grows.
        # A windowed list already has the whole list's height (spacers for the rows not drawn): scroll just that.
        if start["height"] >= lots * 40:
            estimate = start["height"] - start["client"] - start["top"]
        else:
            estimate = start["height"] * max(1.0, lots / max(drawn, 1)) - start["client"] - start["top"]
        per_step = math.ceil(estimate / SCROLL_STEPS)

        page.evaluate(FRAMES_START)
        began = time.monotonic()
        for step in range(SCROLL_STEPS):
            page.mouse.wheel(0, per_step)
            lag = began + (step + 1) * SCROLL_S / SCROLL_STEPS - time.monotonic()
            if lag > 0:
                time.sleep(lag)
        state = page.evaluate(SCROLLER_STATE)
        still, extra = 0, 0
        while still < 5 and extra < 200:
            at_end = state["top"] + state["client"] >= state["height"] - 2
            page.mouse.wheel(0, max(per_step, 600))
            time.sleep(SCROLL_S / SCROLL_STEPS)
            extra += 1
            after = page.evaluate(SCROLLER_STATE)
            still = still + 1 if at_end and after["height"] == state["height"] else 0
            state = after
        scrolled_s = time.monotonic() - began
        page.wait_for_timeout(300)
        stamps = page.evaluate(FRAMES_STOP)

        intervals = [b - a for a, b in zip(stamps, stamps[1:])]
        if len(intervals) < 10:
            raise RuntimeError(f"only {len(stamps)} frames drawn while scrolling")
        ordered = sorted(intervals)
        p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
        self.figures["p95"] = p95
        self.figures["long_frames"] = sum(1 for i in intervals if i > BUDGET_FRAME_MS)
        self.figures["frames"] = len(intervals)
        self.figures["max_frame"] = ordered[-1]
        self.figures["scrolled_s"] = scrolled_s
        rows = page.evaluate(LOT_ROWS)
        last = lot_links.last
        last_name = (last.get_attribute("aria-label") or last.inner_text().split("\n")[0]).strip() \
            if lot_links.count() else "none"
        self.notes.append(f"scrolled {state['top']:.0f} px of {'the page' if start['page'] else 'the list'} in"
                          f" {scrolled_s:.1f} s ({SCROLL_STEPS} wheel steps of {per_step} px, then {extra} to"
                          f" follow the end); {rows} of {lots} lots drawn at the end, the last one {last_name}")


def watch_pulls(page) -> dict:
    """Marks done when the app's pull answers hasMore: false (the first sync after signing in has finished)."""
    state = {"done": False, "pages": 0}

    def on_response(response):
        if "/api/v1/sync/pull" not in response.url or response.status != 200:
            return
        try:
            body = response.json()
        except Exception:  # noqa: BLE001
            return
        state["pages"] += 1
        if body.get("hasMore") is False:
            state["done"] = True

    page.on("response", on_response)
    return state


def wait_for(probe, timeout: float, what: str, page) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        page.wait_for_timeout(100)


# ---------------------------------------------------------------------------------------------------------------
# The table.

def kb(n) -> str:
    return f"{n / 1024:.1f} KB"


def row(label: str, run: Run, reference: Run, key: str, budget: float, show, error_key: str) -> list[str]:
    def cell(r: Run) -> str:
        if error_key in r.errors:
            return "error"
        value = r.figures.get(key)
        return show(value) if value is not None else "error"

    value = run.figures.get(key)
    if error_key in run.errors or value is None:
        ratio, verdict = "-", "ERROR"
    else:
        ratio, verdict = f"{value / budget:.2f}", "PASS" if value <= budget else "FAIL"
    return [label, cell(run), show(budget), ratio, verdict, cell(reference)]


def print_table(throttled: Run, plain: Run, lots: int, chromium_version: str) -> None:
    print(f"PWA budgets: chromium {chromium_version}, {PHONE['viewport']['width']}×{PHONE['viewport']['height']} px"
          f" at {PHONE['device_scale_factor']}×, fresh profile per run")
    print(f"throttled: {SLOW_4G['latency']} ms latency, {SLOW_4G['downloadThroughput'] * 8 / 1e6:.1f} Mbit/s down,"
          f" {SLOW_4G['uploadThroughput'] * 8 / 1e3:.0f} kbit/s up, CPU {CPU_SLOWDOWN}× slower")
    print()
    seconds = lambda v: f"{v:.2f} s"  # noqa: E731
    millis = lambda v: f"{v:.1f} ms"  # noqa: E731
    rows = [
        ["figure", "throttled", "budget", "ratio", "result", "no throttling"],
        row("(a) shell transferred, first load", throttled, plain, "bytes", BUDGET_BYTES, kb, "first"),
        row("(b) sign-in form usable, first load", throttled, plain, "first", BUDGET_FIRST_S, seconds, "first"),
        row("(c) usable offline, repeat load", throttled, plain, "offline", BUDGET_OFFLINE_S, seconds, "offline"),
        row(f"(d) {lots:,} lots scrolled: p95 frame", throttled, plain, "p95", BUDGET_FRAME_MS, millis, "scroll"),
    ]

    def frames(r: Run) -> str:
        if "scroll" in r.errors or "long_frames" not in r.figures:
            return "error"
        return f"{r.figures['long_frames']} of {r.figures['frames']}"

    rows.append(["    frames over 50 ms", frames(throttled), "-", "-", "info", frames(plain)])

    def longest(r: Run) -> str:
        return "error" if "max_frame" not in r.figures else f"{r.figures['max_frame']:.1f} ms"

    rows.append(["    longest frame", longest(throttled), "-", "-", "info", longest(plain)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths))))
    print()
    for name, r in (("throttled", throttled), ("no throttling", plain)):
        if "requests" in r.figures:
            cache = r.figures.get("cache")
            extra = (f"; the service worker then holds {cache[1]} files, {kb(cache[0])} in its cache"
                     " (fetched by the service worker, not counted in (a))") if cache else ""
            print(f"{name}: (a) counts {r.figures['requests']} requests{extra}")
        for note in r.notes:
            print(f"{name}: {note.rstrip()}")
        for key, error in r.errors.items():
            print(f"{name}: error in {key}: {error}")


# ---------------------------------------------------------------------------------------------------------------

def kafae_binary(given: str | None) -> str:
    path = given or os.environ.get("KAFAE_BIN")
    if not path:
        out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True,
                             check=True)
        path = os.path.join(out.stdout.strip(), "kafae")
    if not os.access(path, os.X_OK):
        raise SystemExit(f"{path} is missing: build it first (swift build --product kafae)")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (else one is started on SQLite)")
    parser.add_argument("--bin", help="the kafae binary to start")
    parser.add_argument("--lots", type=int, default=2000)
    args = parser.parse_args()

    server = None
    data_dir = None
    if args.url:
        base_url = args.url.rstrip("/")
    else:
        from conftest import SERVER_ENV, KafaeServer

        data_dir = tempfile.mkdtemp(prefix="kafae-bench-pwa-")
        env = {k: v for k, v in os.environ.items() if not k.startswith("KAFAE_") and k != "DATABASE_URL"}
        env.update(SERVER_ENV)
        server = KafaeServer(kafae_binary(args.bin), data_dir, env)
        server.start()
        base_url = server.url
    try:
        email = seed(ApiClient(base_url), args.lots)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                throttled = Run(browser, base_url, email, throttled=True)
                throttled.measure(args.lots)
                plain = Run(browser, base_url, email, throttled=False)
                plain.measure(args.lots)
                print_table(throttled, plain, args.lots, browser.version)
            finally:
                browser.close()
        return 1 if throttled.errors or plain.errors else 0
    finally:
        if server:
            server.stop()
        if data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
