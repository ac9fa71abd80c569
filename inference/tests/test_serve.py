"""inference/serve as a real process on a free port, reached over HTTP."""
import os
import subprocess
import sys
import time

from conftest import INF, Client, free_port


def test_serve_script_end_to_end(fixture_bytes):
    port = free_port()
    env = dict(os.environ)
    env.pop("PORT", None)
    proc = subprocess.Popen([str(INF / "serve"), "--port", str(port), "--host", "127.0.0.1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        c = Client(port)
        deadline = time.time() + 60
        while True:
            try:
                status, body, _ = c.request("GET", "/ping", timeout=5)
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.time() < deadline, "serve did not answer /ping within 60 s"
                time.sleep(0.2)
        assert status == 200 and body["status"] == "ok"
        status, body, _ = c.invoke(fixture_bytes)
        assert status == 200 and len(body["beans"]) > 10
        status, body, _ = c.invoke(b"not an image", "application/octet-stream")
        assert status == 415
        assert c.request("GET", "/ping")[0] == 200
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    log = proc.stderr.read().decode()
    assert '"event": "listening"' in log
    assert '"path": "/invocations"' in log


def test_port_defaults(monkeypatch):
    sys.path.insert(0, str(INF))
    from kafae_inference import server
    for k in list(os.environ):
        if k.startswith(("SAGEMAKER_", "SM_")) or k in ("PORT", "HOST"):
            monkeypatch.delenv(k, raising=False)
    monkeypatch.setattr(server, "sagemaker_environment", lambda: False)
    assert server.default_port() == 8090 and server.default_host() == "127.0.0.1"
    monkeypatch.setattr(server, "sagemaker_environment", lambda: True)
    assert server.default_port() == 8080 and server.default_host() == "0.0.0.0"
    monkeypatch.setenv("PORT", "9123")
    assert server.default_port() == 9123
