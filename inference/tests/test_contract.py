"""The SageMaker contract: /ping, /invocations and the response's shape."""
import io

import pytest
from PIL import Image

from conftest import encode, fixture_image
from kafae_inference.pipeline import CLASSES, SCA_DEFECT_OF_CLASS

WARNING_CODES = {"no_beans", "beans_too_small", "blurred", "crowded", "too_dark", "too_bright", "uneven_lighting"}


def test_ping(client, analyzer):
    status, body, _ = client.request("GET", "/ping")
    assert status == 200
    assert body == {"status": "ok", "modelVersion": analyzer.model_version}


def check_shape(body, width, height):
    assert set(body) >= {"modelVersion", "image", "beans", "counts", "scaDefects", "warnings"}
    assert body["image"] == {"width": width, "height": height}
    assert list(body["counts"]) == CLASSES
    assert sum(body["counts"].values()) == len(body["beans"])
    assert set(body["scaDefects"]) == set(SCA_DEFECT_OF_CLASS.values())
    for cls, key in SCA_DEFECT_OF_CLASS.items():
        assert body["scaDefects"][key] == body["counts"][cls]
    per_class = {c: 0 for c in CLASSES}
    for b in body["beans"]:
        assert b["class"] in CLASSES
        per_class[b["class"]] += 1
        assert 0.0 <= b["confidence"] <= 1.0
        x, y, w, h = b["bbox"]
        assert w > 0 and h > 0 and x >= 0 and y >= 0 and x + w <= width + 0.5 and y + h <= height + 0.5
        assert len(b["polygon"]) >= 3
        for px, py in b["polygon"]:
            assert x - 0.5 <= px <= x + w + 0.5 and y - 0.5 <= py <= y + h + 0.5
    assert per_class == body["counts"]
    for w in body["warnings"]:
        assert set(w) == {"code", "message"} and w["code"] in WARNING_CODES and w["message"]


def test_invocations_shape(client, fixture_bytes, analyzer):
    status, body, headers = client.invoke(fixture_bytes)
    assert status == 200, body
    assert headers["Content-Type"] == "application/json"
    assert body["modelVersion"] == analyzer.model_version
    check_shape(body, 256, 256)
    assert len(body["beans"]) > 10


@pytest.mark.parametrize("ctype", ["image/jpeg", "application/octet-stream", None, "image/png",
                                   "application/x-image", "image/jpeg; charset=binary"])
def test_content_types_accepted_and_bytes_sniffed(client, fixture_bytes, ctype):
    status, body, _ = client.invoke(fixture_bytes, ctype)
    assert status == 200, body


@pytest.mark.parametrize("fmt,kw", [("PNG", {}), ("WEBP", {"quality": 95}), ("WEBP", {"lossless": True})])
def test_png_and_webp(client, fixture_bytes, fmt, kw):
    _, ref, _ = client.invoke(fixture_bytes)
    status, body, _ = client.invoke(encode(fixture_image(), fmt, **kw), "image/" + fmt.lower())
    assert status == 200, body
    check_shape(body, 256, 256)
    assert abs(len(body["beans"]) - len(ref["beans"])) <= 1


@pytest.mark.parametrize("mode", ["RGBA", "L", "P", "I;16"])
def test_other_pixel_formats(client, mode):
    img = fixture_image()
    if mode == "I;16":
        import numpy as np
        a = (np.asarray(img.convert("L"), dtype=np.uint16) * 257)
        img = Image.fromarray(a)
        assert img.mode.startswith("I;16")
    else:
        img = img.convert(mode)
    status, body, _ = client.invoke(encode(img, "PNG"), "image/png")
    assert status == 200, body
    assert len(body["beans"]) > 10


def test_tiny_and_blank_images(client):
    status, body, _ = client.invoke(encode(Image.new("RGB", (1, 1), (255, 255, 255)), "PNG"), "image/png")
    assert status == 200, body
    assert body["beans"] == [] and sum(body["counts"].values()) == 0
    assert "no_beans" in {w["code"] for w in body["warnings"]}
    status, body, _ = client.invoke(encode(Image.new("RGB", (400, 300), (225, 224, 220)), "JPEG"))
    assert status == 200 and body["beans"] == []
    assert "no_beans" in {w["code"] for w in body["warnings"]}


def test_chunked_body(client, fixture_bytes):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", client.port, timeout=60)
    try:
        chunks = (fixture_bytes[i:i + 4000] for i in range(0, len(fixture_bytes), 4000))
        conn.request("POST", "/invocations", body=chunks, headers={"Content-Type": "image/jpeg"},
                     encode_chunked=True)
        r = conn.getresponse()
        assert r.status == 200
        r.read()
    finally:
        conn.close()


def test_keep_alive_serves_several_requests(client, fixture_bytes):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", client.port, timeout=60)
    try:
        for _ in range(2):
            conn.request("GET", "/ping")
            r = conn.getresponse()
            assert r.status == 200
            r.read()
        conn.request("POST", "/invocations", body=fixture_bytes, headers={"Content-Type": "image/jpeg"})
        r = conn.getresponse()
        assert r.status == 200
        r.read()
    finally:
        conn.close()
