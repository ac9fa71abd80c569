import http.client
import io
import json
import socket
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

INF = Path(__file__).resolve().parents[1]
REPO = INF.parent
sys.path.insert(0, str(INF))

from kafae_inference.server import load_analyzer, make_server  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATA = REPO.parent / "shared" / "data" / "beans" / "wbmagalhaes-coffee-classification"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def analyzer():
    a, err = load_analyzer()
    assert a is not None, err
    return a


@pytest.fixture(scope="session")
def server(analyzer):
    srv = make_server("127.0.0.1", 0, analyzer, quiet=True)
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    t.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


class Client:
    def __init__(self, port: int):
        self.port = port

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                timeout: float = 60.0):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            data = r.read()
            ctype = r.getheader("Content-Type") or ""
            parsed = json.loads(data) if data and ctype.startswith("application/json") else None
            return r.status, parsed, dict(r.getheaders())
        finally:
            conn.close()

    def invoke(self, body: bytes, content_type: str | None = "image/jpeg", **kw):
        headers = {"Content-Type": content_type} if content_type else {}
        return self.request("POST", "/invocations", body, headers, **kw)


@pytest.fixture()
def client(server):
    return Client(server)


@pytest.fixture(scope="session")
def fixture_bytes() -> bytes:
    return (FIXTURES / "beans.jpg").read_bytes()


@pytest.fixture(scope="session")
def fixture_meta() -> dict:
    return json.loads((FIXTURES / "beans.meta.json").read_text())


def encode(img: Image.Image, fmt: str = "JPEG", **kw) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG" and "quality" not in kw:
        kw["quality"] = 92
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


def fixture_image() -> Image.Image:
    return Image.open(FIXTURES / "beans.jpg").convert("RGB")


def synthetic_beans(centres, size=(300, 300), axes=(14, 10), colour=(110, 95, 60), seed=0) -> Image.Image:
    """Dark ellipses ('beans') on light paper with a little noise; centres as (x, y)."""
    h, w = size[1], size[0]
    yy, xx = np.mgrid[0:h, 0:w]
    a = np.empty((h, w, 3), dtype=np.float64)
    a[:] = (215, 214, 210)
    for cx, cy in centres:
        m = ((xx - cx) / axes[0]) ** 2 + ((yy - cy) / axes[1]) ** 2 <= 1.0
        a[m] = colour
    rng = np.random.default_rng(seed)
    a += rng.normal(0, 3, a.shape)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
