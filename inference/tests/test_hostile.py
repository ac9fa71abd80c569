"""Hostile or broken requests: always a 4xx JSON error, never a crash, and the server stays up."""
import socket
import struct
import time
import zlib

import pytest

from kafae_inference import imageio


def png_declaring(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg_declaring(data: bytes, width: int, height: int) -> bytes:
    """The same JPEG with its frame header (SOF0/SOF2) claiming another size."""
    b = bytearray(data)
    i = 2
    while i < len(b) - 9:
        if b[i] != 0xFF:
            i += 1
            continue
        marker = b[i + 1]
        seglen = struct.unpack(">H", b[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            b[i + 5:i + 9] = struct.pack(">HH", height, width)
            return bytes(b)
        i += 2 + seglen
    raise AssertionError("no SOF marker")


def error_of(resp):
    status, body, headers = resp
    assert 400 <= status < 500, (status, body)
    assert headers["Content-Type"] == "application/json"
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return status, body["error"]["code"]


def test_empty_body(client):
    assert error_of(client.invoke(b"")) == (400, "empty_body")


@pytest.mark.parametrize("body", [b"hello, not an image", b"%PDF-1.7\n...", b"GIF89a\x01\x00\x01\x00", b"\x00" * 100,
                                  b'{"image": "x"}'])
def test_non_image_bodies(client, body):
    assert error_of(client.invoke(body, "application/octet-stream")) == (415, "unsupported_image")


@pytest.mark.parametrize("ctype", ["text/plain", "application/json", "multipart/form-data; boundary=x"])
def test_wrong_content_type(client, fixture_bytes, ctype):
    assert error_of(client.invoke(fixture_bytes, ctype)) == (415, "unsupported_media_type")


def test_corrupt_jpeg(client, fixture_bytes):
    bad = fixture_bytes[:3] + bytes((b * 7 + 3) & 0xFF for b in fixture_bytes[3:2000])
    assert error_of(client.invoke(bad)) == (422, "corrupt_image")


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9])
def test_truncated_jpeg(client, fixture_bytes, keep):
    assert error_of(client.invoke(fixture_bytes[:int(len(fixture_bytes) * keep)])) == (422, "corrupt_image")


def test_truncated_png(client):
    from conftest import encode, fixture_image
    data = encode(fixture_image(), "PNG")
    assert error_of(client.invoke(data[: len(data) // 2], "image/png")) == (422, "corrupt_image")


def test_magic_only(client):
    assert error_of(client.invoke(b"\xff\xd8\xff")) == (422, "corrupt_image")
    assert error_of(client.invoke(b"\x89PNG\r\n\x1a\n", "image/png")) == (422, "corrupt_image")


def test_body_over_cap(client):
    body = b"\xff\xd8\xff" + b"\x00" * imageio.MAX_BODY_BYTES
    assert error_of(client.invoke(body)) == (413, "body_too_large")


def test_declared_length_over_cap_is_refused_before_reading(client):
    with socket.create_connection(("127.0.0.1", client.port), timeout=10) as s:
        s.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\n"
                  b"Content-Length: 999999999999\r\n\r\n\xff\xd8\xff")
        s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    assert data.startswith(b"HTTP/1.1 413"), data[:100]
    assert b"body_too_large" in data


@pytest.mark.parametrize("w,h", [(100000, 100000), (8001, 100), (100, 9000), (7000, 7000)])
def test_bomb_dimensions_refused_without_decoding(client, w, h):
    t = time.perf_counter()
    assert error_of(client.invoke(png_declaring(w, h), "image/png")) == (413, "image_too_large")
    assert time.perf_counter() - t < 2.0


def test_jpeg_declaring_huge_dimensions(client, fixture_bytes):
    body = jpeg_declaring(fixture_bytes, 60000, 60000)
    assert error_of(client.invoke(body)) == (413, "image_too_large")


def test_missing_content_length(client):
    with socket.create_connection(("127.0.0.1", client.port), timeout=10) as s:
        s.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\n\r\n")
        data = s.recv(65536)
    assert data.startswith(b"HTTP/1.1 411"), data[:100]


def test_bad_content_length(client):
    with socket.create_connection(("127.0.0.1", client.port), timeout=10) as s:
        s.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n")
        data = s.recv(65536)
    assert data.startswith(b"HTTP/1.1 400"), data[:100]


def test_body_shorter_than_declared(client, fixture_bytes):
    with socket.create_connection(("127.0.0.1", client.port), timeout=40) as s:
        s.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n"
                  % (len(fixture_bytes) + 100) + fixture_bytes)
        s.shutdown(socket.SHUT_WR)
        data = s.recv(65536)
    assert data.startswith(b"HTTP/1.1 400"), data[:100]


@pytest.mark.parametrize("method,path,status,code", [
    ("GET", "/invocations", 405, "method_not_allowed"),
    ("PUT", "/invocations", 405, "method_not_allowed"),
    ("DELETE", "/invocations", 405, "method_not_allowed"),
    ("POST", "/ping", 405, "method_not_allowed"),
    ("GET", "/", 404, "not_found"),
    ("GET", "/invocations/../etc/passwd", 404, "not_found"),
    ("POST", "/predict", 404, "not_found"),
])
def test_wrong_method_or_path(client, method, path, status, code):
    st, c = error_of(client.request(method, path, b"x" if method in ("POST", "PUT") else None))
    assert (st, c) == (status, code)


def test_allow_header_on_405(client):
    status, _, headers = client.request("GET", "/invocations")
    assert status == 405 and headers["Allow"] == "POST"


def test_garbage_request_line(client):
    with socket.create_connection(("127.0.0.1", client.port), timeout=10) as s:
        s.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n")
        try:
            s.recv(65536)
        except ConnectionResetError:
            pass


def test_server_still_up_after_all_that(client, fixture_bytes):
    assert client.request("GET", "/ping")[0] == 200
    assert client.invoke(fixture_bytes)[0] == 200
