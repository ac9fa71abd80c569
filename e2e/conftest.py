"""Fixtures for system tests against a real `kafae serve` process.

Nothing is built here: the binary is the one `swift build --show-bin-path` names (or $KAFAE_BIN); scripts/test
builds it first. Each server runs on a free loopback port with a throwaway data folder, on SQLite or on a fresh
database of the throwaway PostgreSQL that scripts/test starts (KAFAE_TEST_POSTGRES_URL).
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SERVER_ENV = {
    "KAFAE_BCRYPT_COST": "4",
    "KAFAE_RATE_API": "100000/60",
    "KAFAE_RATE_LOGIN_IP": "100000/60",
    "KAFAE_RATE_LOGIN_ACCOUNT": "100000/60",
    "KAFAE_RATE_REFRESH_IP": "100000/60",
    "KAFAE_RATE_REFRESH_ACCOUNT": "100000/60",
    "KAFAE_RATE_REGISTER_IP": "100000/60",
    "KAFAE_LOG_LEVEL": "warning",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def kafae_bin() -> str:
    path = os.environ.get("KAFAE_BIN")
    if not path:
        out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True)
        path = os.path.join(out.stdout.strip(), "kafae")
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is missing: build it first (swift build --product kafae)")
    return path


class KafaeServer:
    """One `kafae serve` on a fixed port and data folder, which can be killed and started again on both."""

    def __init__(self, binary: str, data_dir: str, env: dict):
        self.binary = binary
        self.data_dir = data_dir
        self.port = free_port()
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.log_path = os.path.join(data_dir, "server.log")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        assert self.proc is None or self.proc.poll() is not None, "already running"
        self.starts += 1
        log = open(self.log_path, "a")
        log.write(f"---- start {self.starts}\n")
        log.flush()
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data_dir, "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kafae serve exited with {self.proc.returncode} at start:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"GET /ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"kafae serve not ready after {timeout}s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush; what was committed must survive, what was not must not half-survive."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)

    def log_tail(self, lines: int = 40) -> str:
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def logged_errors(self) -> list[str]:
        try:
            with open(self.log_path, errors="replace") as f:
                return [line for line in f if any(f'"level":"{level}"' in line for level in ("warning", "error", "critical"))]
        except OSError:
            return []


def _psql() -> str:
    pg_bin = os.environ.get("PG_BIN")
    if pg_bin and os.access(os.path.join(pg_bin, "psql"), os.X_OK):
        return os.path.join(pg_bin, "psql")
    found = shutil.which("psql")
    if not found:
        pytest.fail("psql not found (set PG_BIN, as scripts/postgres.sh does)")
    return found


def _admin(sql: str) -> None:
    url = os.environ["KAFAE_TEST_POSTGRES_URL"]
    subprocess.run([_psql(), url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True, capture_output=True, text=True)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request) -> str:
    if request.param == "postgres" and not os.environ.get("KAFAE_TEST_POSTGRES_URL"):
        if os.environ.get("KAFAE_TEST_REQUIRE_POSTGRES") == "1":
            pytest.fail("KAFAE_TEST_REQUIRE_POSTGRES=1 but KAFAE_TEST_POSTGRES_URL is unset: PostgreSQL did not start")
        pytest.skip("no PostgreSQL (source scripts/postgres.sh; pg_start)")
    return request.param


@pytest.fixture
def database_url(engine):
    """None for SQLite (the data folder's file), else a fresh PostgreSQL database dropped afterwards."""
    if engine == "sqlite":
        yield None
        return
    name = "kafae_e2e_" + uuid.uuid4().hex[:12]
    _admin(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(os.environ["KAFAE_TEST_POSTGRES_URL"])
    yield urllib.parse.urlunsplit(parts._replace(path="/" + name))
    try:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except subprocess.CalledProcessError:
        pass


@pytest.fixture
def server(kafae_bin, database_url):
    """A stopped KafaeServer (call .start()) with a throwaway data folder; stopped and removed afterwards."""
    data_dir = tempfile.mkdtemp(prefix="kafae-e2e-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAFAE_") and k != "DATABASE_URL"}
    env.update(SERVER_ENV)
    if database_url:
        env["DATABASE_URL"] = database_url
    srv = KafaeServer(kafae_bin, data_dir, env)
    yield srv
    srv.stop()
    if os.environ.get("KAFAE_E2E_KEEP"):
        print(f"kept {data_dir}")
    else:
        shutil.rmtree(data_dir, ignore_errors=True)


class Api:
    """Plain JSON over http.client: one connection per request, so a restarted server needs nothing reset."""

    def __init__(self, server: KafaeServer):
        self.server = server
        self.token: str | None = None

    def request(self, method: str, path: str, body=None, timeout: float = 120.0):
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=timeout)
        headers = {"accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["content-type"] = "application/json"
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        try:
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
            payload = json.loads(raw) if raw else None
            return resp.status, dict(resp.getheaders()), payload
        finally:
            conn.close()

    def ok(self, method: str, path: str, body=None):
        status, _, payload = self.request(method, path, body)
        assert status == 200 or status == 201, f"{method} {path}: {status} {payload}"
        return payload


@pytest.fixture
def api(server):
    return Api(server)


# ---------------------------------------------------------------------------------------------------------------
# The PWA in Debian's chromium (test_pwa.py): one `kafae serve` on SQLite for the session, serving ./web from the
# repository root; each test makes its own account, so tests share the server but no data.

@pytest.fixture(scope="session")
def pwa_server(kafae_bin):
    """A started KafaeServer on SQLite, shared by the browser tests of the session (request web_server)."""
    data_dir = tempfile.mkdtemp(prefix="kafae-pwa-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAFAE_") and k != "DATABASE_URL"}
    env.update(SERVER_ENV)
    srv = KafaeServer(kafae_bin, data_dir, env)
    srv.start()
    yield srv
    srv.stop()
    if os.environ.get("KAFAE_E2E_KEEP"):
        print(f"kept {data_dir}")
    else:
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def web_server(pwa_server):
    """The browser tests' server, started again when an earlier test left it dead."""
    if pwa_server.proc is None or pwa_server.proc.poll() is not None:
        pwa_server.start()
    return pwa_server


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium driven by Playwright (skipped without chromium, unless KAFAE_TEST_REQUIRE_BROWSER=1,
    which scripts/test sets)."""
    from pwa_support import chromium_path, launch_chromium

    if not chromium_path():
        if os.environ.get("KAFAE_TEST_REQUIRE_BROWSER") == "1":
            pytest.fail("KAFAE_TEST_REQUIRE_BROWSER=1 but chromium is not installed")
        pytest.skip("chromium is not installed (apt-get install chromium fonts-thai-tlwg)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser, web_server):
    """A factory of phones: new_page(locale="en-US" | "th-TH", name=…) opens a fresh browser context (360×640,
    device scale 2, touch) on the server and returns its page. Any uncaught page error or console error fails the
    test (see pwa_support.Phones for the offline allowance and .allow())."""
    from pwa_support import Phones

    phones = Phones(browser, web_server.url)
    yield phones
    phones.close()
    if phones.errors:  # what came after the test's own report (see pytest_runtest_call)
        pytest.fail("errors in the browser:\n" + "\n".join(phones.errors), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test whose phones showed an uncaught error or a console error fails (once, in its own report);
    when it failed already, the errors are added to its failure."""
    phones = getattr(item, "funcargs", {}).get("new_page")
    try:
        result = yield
    except BaseException as error:
        if phones is not None and phones.errors:
            error.add_note("errors in the browser:\n" + "\n".join(phones.errors))
            phones.errors.clear()
        raise
    if phones is not None and phones.errors:
        errors = list(phones.errors)
        phones.errors.clear()
        pytest.fail("errors in the browser:\n" + "\n".join(errors), pytrace=False)
    return result


@pytest.fixture
def page(new_page):
    """One English phone."""
    return new_page()


@pytest.fixture
def web_api(web_server):
    """An ApiClient (urllib) on the browser tests' server; call .register() or .sign_in() first."""
    from pwa_support import ApiClient

    return ApiClient(web_server.url)
