"""What the PWA's browser tests (e2e/test_pwa.py) and bench/pwa_budgets.py share: Debian's chromium as a phone,
the server's API over urllib, the axe-core check, the layout check (no sideways scroll at 360 px, 44 px touch
targets) and screenshots.

The app is driven by accessible names only (roles, labels), as a person with a screen reader would; CSS classes
and element ids are never used. Playwright is imported only where a browser is used, so the other system tests run
without it.
"""

import json
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "e2e" / "artifacts"

# A 360 px phone, as the field staff carry (DESIGN §11).
PHONE = {
    "viewport": {"width": 360, "height": 640},
    "device_scale_factor": 2,
    "has_touch": True,
    "is_mobile": True,
}
PHONE_WIDTH = PHONE["viewport"]["width"]
TOUCH_TARGET_PX = 44
THAI = re.compile("[\u0e00-\u0e7f]")

PASSWORD = "arabica-1400m"


def chromium_path() -> str | None:
    """Debian's chromium (the `chromium` package); Playwright's own browser downloads are never used."""
    return shutil.which("chromium")


def launch_chromium(playwright, **options):
    path = chromium_path()
    if not path:
        raise RuntimeError("chromium is not installed (apt-get install chromium fonts-thai-tlwg)")
    return playwright.chromium.launch(executable_path=path, headless=True, **options)


def unique_email(prefix: str = "phone") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


def unique_tag() -> str:
    return uuid.uuid4().hex[:6].upper()


# ---------------------------------------------------------------------------------------------------------------
# The server's API (docs/openapi.yaml), plain urllib.

class ApiError(Exception):
    def __init__(self, method: str, path: str, status: int, body):
        super().__init__(f"{method} {path}: {status} {body}")
        self.status = status
        self.body = body


class ApiClient:
    """One organization's view of the server: register or sign in, then read and write records as JSON."""

    def __init__(self, base_url: str, token: str | None = None):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session: dict | None = None

    def call(self, method: str, path: str, body=None, timeout: float = 120.0):
        data = None
        headers = {"accept": "application/json", "accept-language": "en"}
        if body is not None:
            data = json.dumps(body).encode()
            headers["content-type"] = "application/json"
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                payload = json.loads(raw) if raw else None
            except ValueError:
                payload = raw[:500]
            raise ApiError(method, path, error.code, payload) from None
        return json.loads(raw) if raw else None

    def get(self, path: str, **query):
        query = {k: v for k, v in query.items() if v is not None}
        return self.call("GET", path + ("?" + urllib.parse.urlencode(query) if query else ""))

    def post(self, path: str, body):
        return self.call("POST", path, body)

    # Accounts

    def register(self, email: str, password: str = PASSWORD, name: str = "Somchai",
                 organization: str = "Doi Chang Co-op") -> dict:
        self.session = self.post("/api/v1/auth/register", {
            "organizationName": organization, "name": name, "email": email, "password": password})
        self.token = self.session["accessToken"]
        return self.session

    def sign_in(self, email: str, password: str = PASSWORD) -> dict:
        self.session = self.post("/api/v1/auth/login", {"email": email, "password": password})
        self.token = self.session["accessToken"]
        return self.session

    # Records

    def all_pages(self, path: str, **query) -> list[dict]:
        items, cursor = [], None
        while True:
            page = self.get(path, limit=200, cursor=cursor, **query)
            items.extend(page["items"])
            cursor = page.get("nextCursor")
            if not cursor:
                return items

    def farms(self, **query) -> list[dict]:
        return self.all_pages("/api/v1/farms", **query)

    def farm(self, farm_id: str) -> dict:
        return self.get(f"/api/v1/farms/{farm_id}")

    def lots(self, **query) -> list[dict]:
        return self.all_pages("/api/v1/lots", **query)

    def conflicts(self, state: str = "open") -> list[dict]:
        return self.all_pages("/api/v1/sync/conflicts", state=state)

    def create_farm(self, **fields) -> dict:
        return self.post("/api/v1/farms", fields)

    def create_lot(self, **fields) -> dict:
        return self.post("/api/v1/lots", fields)

    def push(self, device_id: str, mutations: list[dict]) -> dict:
        return self.post("/api/v1/sync/push", {"deviceId": device_id, "mutations": mutations})


def wait_until(probe, timeout: float = 30.0, interval: float = 0.25, what: str = "condition"):
    """Calls probe() until it returns something truthy; fails with the last value seen after timeout seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = probe()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; last seen: {last!r}")
        time.sleep(interval)


# ---------------------------------------------------------------------------------------------------------------
# Driving the app by accessible names.

def nav_link(page, name: str):
    """A navigation link (Farms, Lots, Grading, Cupping, Roasts, Settings); the first when a screen repeats it."""
    return page.get_by_role("link", name=name, exact=True).first


def sync_status(page):
    return page.get_by_role("status")


def unsynced_pattern(count: int) -> re.Pattern:
    """The sync indicator's text holds one number, the count of unsynced changes ("Unsynced: 1")."""
    return re.compile(rf"^\D*(?<!\d){count}(?!\d)\D*$")


def ensure_service_worker(page, ready=None, timeout_ms: int = 20_000) -> None:
    """Waits until the service worker controls the page (reloading once when it is ready but not yet in
    control), so the app survives going offline. `ready` is a locator to wait for after the reload."""
    script = """async (ms) => {
        if (!('serviceWorker' in navigator)) return 'no serviceWorker in navigator';
        const controlled = navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller);
        const late = new Promise(resolve => setTimeout(() => resolve('no service worker became ready'), ms));
        return Promise.race([controlled, late]);
    }"""
    state = page.evaluate(script, timeout_ms)
    if state is False:
        page.reload()
        if ready is not None:
            ready.wait_for(state="visible")
        state = page.evaluate(script, timeout_ms)
    if state is not True:
        raise AssertionError(f"the service worker does not control {page.url}: {state}")


def go_to(page, route: str) -> None:
    """Opens a hash route (#/, #/farms, …) in the running app, as a bookmark would, without reloading."""
    page.evaluate("route => { location.hash = route }", route)


# ---------------------------------------------------------------------------------------------------------------
# Screenshots, axe-core, layout.

def screenshot(page, name: str) -> Path:
    """The screen as the phone shows it, e2e/artifacts/screenshots/<name>.png, and the whole scrolled page beside it
    as <name>-full.png (where fixed bars such as the navigation are drawn where the viewport left them)."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.screenshot(path=str(path.with_name(f"{name}-full.png")), full_page=True)
    return path


def axe_problems(page, screen: str) -> list[str]:
    """Runs axe-core on the page, writes its full results to e2e/artifacts/axe/<screen>.json and returns one line
    per serious or critical violation (empty when there is none)."""
    from axe_playwright_python.base import AXE_SCRIPT

    # Injected and run in one evaluation (no options: every result type, for the artifact), so that a reload of
    # the page in between (the service worker taking control) cannot separate the two; tried again after one.
    for attempt in range(3):
        try:
            response = page.evaluate(AXE_SCRIPT + "\n;axe.run(document)")
            break
        except Exception as error:
            if attempt == 2 or not re.search(r"context was destroyed|axe is not defined|navigat", str(error)):
                raise
            page.wait_for_load_state()
    path = ARTIFACTS / "axe" / f"{screen}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(response, indent=2, ensure_ascii=False))
    problems = []
    for violation in response.get("violations", []):
        if violation.get("impact") not in ("serious", "critical"):
            continue
        targets = "; ".join(
            f"{' > '.join(map(str, node.get('target', [])))}: {node.get('html', '')[:120]}"
            for node in violation.get("nodes", [])[:5])
        problems.append(f"axe {violation['impact']} {violation['id']} ({violation.get('help')}): {targets}")
    return problems


def assert_accessible(page, screen: str) -> None:
    problems = axe_problems(page, screen)
    assert not problems, f"{screen} at {page.url}:\n" + "\n".join(problems)


_LAYOUT_SCRIPT = """([width, minimum]) => {
    const all = [];
    const walk = root => {
        for (const el of root.querySelectorAll('*')) {
            all.push(el);
            if (el.shadowRoot) walk(el.shadowRoot);
        }
    };
    walk(document);
    const visible = el => {
        if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
    };
    const roles = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'option',
                           'textbox', 'combobox', 'slider', 'spinbutton', 'searchbox']);
    const interactive = el => {
        const tag = el.tagName;
        if (tag === 'BUTTON' || tag === 'SELECT' || tag === 'TEXTAREA') return true;
        if (tag === 'A') return el.hasAttribute('href');
        if (tag === 'INPUT') return el.type !== 'hidden';
        return roles.has(el.getAttribute('role'));
    };
    const describe = el => {
        const text = (el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('name') || '')
            .trim().replace(/\\s+/g, ' ').slice(0, 40);
        const role = el.getAttribute('role');
        return el.tagName.toLowerCase() + (el.type ? `[type=${el.type}]` : '') + (role ? `[role=${role}]` : '')
            + ` "${text}"`;
    };
    // Links that run inside a sentence are exempt from the target size (WCAG 2.5.8's inline exception).
    const inlineInText = el => (el.tagName === 'A' || el.getAttribute('role') === 'link')
        && getComputedStyle(el).display === 'inline' && el.closest('p') !== null;
    const small = [];
    for (const el of all) {
        if (!interactive(el) || !visible(el) || inlineInText(el)) continue;
        let r = el.getBoundingClientRect();
        let w = r.width, h = r.height;
        // A checkbox or radio button is tapped through its label too.
        if (el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio')) {
            for (const label of el.labels || []) {
                const lr = label.getBoundingClientRect();
                w = Math.max(w, lr.width); h = Math.max(h, lr.height);
            }
        }
        if (w < minimum - 0.5 || h < minimum - 0.5) small.push(`${describe(el)} is ${w.toFixed(1)}×${h.toFixed(1)} px`);
    }
    const wide = [];
    for (const el of all) {
        if (wide.length >= 8) break;
        if (!visible(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.right > width + 0.5 || r.left < -0.5) {
            if (wide.some(w => w.el.contains(el))) continue;
            wide.push({ el, text: `${describe(el)} spans ${r.left.toFixed(0)}…${r.right.toFixed(0)} px` });
        }
    }
    return { scrollWidth: document.documentElement.scrollWidth, small, wide: wide.map(w => w.text) };
}"""


def layout_problems(page, width: int = PHONE_WIDTH, minimum: int = TOUCH_TARGET_PX) -> list[str]:
    """No sideways scrolling at the phone's width, and every visible button, link and field at least 44×44 px
    (links inside a paragraph's text excepted). Looks inside open shadow roots too."""
    found = page.evaluate(_LAYOUT_SCRIPT, [width, minimum])
    problems = []
    if found["scrollWidth"] > width:
        problems.append(f"scrolls sideways: document.documentElement.scrollWidth = {found['scrollWidth']} > {width}"
                        + ("; wider than the screen: " + "; ".join(found["wide"]) if found["wide"] else ""))
    problems.extend(f"touch target under {minimum}×{minimum}: {item}" for item in found["small"])
    return problems


# ---------------------------------------------------------------------------------------------------------------
# Phones: browser contexts that collect the page's uncaught errors and console errors.

class Phones:
    """Makes phones (a browser context and its page) against one server and gathers every uncaught error and
    console error they show. Going offline goes through set_offline(), so that "Failed to load resource" while
    offline (and in the moment after coming back) is not counted; allow() accepts a console error a test causes
    on purpose."""

    GRACE_S = 2.0

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.errors: list[str] = []
        self.allowed: list[re.Pattern] = []
        self._offline: dict[int, bool] = {}
        self._online_since: dict[int, float] = {}

    def __call__(self, locale: str = "en-US", name: str | None = None, **options):
        context = self.browser.new_context(**PHONE, locale=locale, base_url=self.base_url, **options)
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        label = name or f"phone {len(self.contexts)}"
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(
            f"[{label}] uncaught {getattr(error, 'name', 'Error')}: {getattr(error, 'message', error)}"
            f" at {page.url}\n{getattr(error, 'stack', '') or ''}".rstrip()))
        page.on("console", lambda message: self._console(context, label, page, message))
        return page

    def _console(self, context, label: str, page, message) -> None:
        if message.type != "error":
            return
        text = message.text
        if text.startswith("Failed to load resource") and self._offline_recently(context):
            return
        if any(pattern.search(text) for pattern in self.allowed):
            return
        location = message.location or {}
        where = f"{location['url']}:{location.get('lineNumber', '')}" if location.get("url") else page.url
        self.errors.append(f"[{label}] console error: {text} ({where})")

    def _offline_recently(self, context) -> bool:
        key = id(context)
        if self._offline.get(key):
            return True
        since = self._online_since.get(key)
        return since is not None and time.monotonic() - since < self.GRACE_S

    def set_offline(self, page, offline: bool) -> None:
        key = id(page.context)
        if offline:
            self._offline[key] = True
            page.context.set_offline(True)
        else:
            page.context.set_offline(False)
            self._offline[key] = False
            self._online_since[key] = time.monotonic()

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def close(self) -> None:
        for context in self.contexts:
            try:
                context.close()
            except Exception:
                pass
        self.contexts.clear()
