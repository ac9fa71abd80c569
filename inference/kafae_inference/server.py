"""The SageMaker container contract over the standard library's ThreadingHTTPServer.

GET /ping          200 {"status": "ok", "modelVersion": ...} once the model is loaded (503 otherwise)
POST /invocations  a JPEG, PNG or WebP photo -> the analysis as JSON (pipeline.Analyzer.analyze)
Errors are JSON {"error": {"code", "message"}} with a 4xx status; the server keeps running.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import imageio
from .pipeline import Analyzer

ACCEPTED_TYPES = {"application/octet-stream", "application/x-image", "binary/octet-stream"}
READ_TIMEOUT_S = 30.0
BUSY_WAIT_S = 50.0
DRAIN_LIMIT = 64 * 1024 * 1024  # a refused body up to this size is read and dropped, so the client gets the answer


def sagemaker_environment() -> bool:
    if any(k.startswith(("SAGEMAKER_", "SM_")) for k in os.environ):
        return True
    return Path("/opt/ml").is_dir()


def default_port() -> int:
    for var in ("PORT", "SAGEMAKER_BIND_TO_PORT"):
        v = os.environ.get(var)
        if v and v.isdigit():
            return int(v)
    return 8080 if sagemaker_environment() else 8090


def default_host() -> str:
    return os.environ.get("HOST") or ("0.0.0.0" if sagemaker_environment() else "127.0.0.1")


class State:
    def __init__(self, analyzer: Analyzer | None, load_error: str | None, workers: int, quiet: bool):
        self.analyzer = analyzer
        self.load_error = load_error
        self.slots = threading.BoundedSemaphore(max(1, workers))
        self.quiet = quiet


class Handler(BaseHTTPRequestHandler):
    server_version = "kafae-inference/1"
    protocol_version = "HTTP/1.1"
    state: State  # set on the class by make_server

    # --- plumbing ---------------------------------------------------------------------------------------------
    def log_message(self, fmt, *args):  # the default writes every request unstructured to stderr
        pass

    def _log(self, status: int, started: float, **extra):
        if self.state.quiet:
            return
        rec = {"ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "method": self.command,
               "path": self.path, "status": status, "ms": round((time.perf_counter() - started) * 1000, 1)}
        rec.update(extra)
        sys.stderr.write(json.dumps(rec, sort_keys=True) + "\n")

    def _send_json(self, status: int, body: dict, started: float, headers: dict | None = None, **log):
        data = json.dumps(body, separators=(",", ":")).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Content-Type-Options", "nosniff")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            self.close_connection = True
        self._log(status, started, **log)

    def _error(self, status: int, code: str, message: str, started: float, headers: dict | None = None):
        self._send_json(status, {"error": {"code": code, "message": message}}, started, headers, error=code)

    def _discard_body(self) -> None:
        """Reads and drops a body we refuse (up to DRAIN_LIMIT), then closes the connection: a client that sends its
        whole body before reading would otherwise see a reset instead of our answer."""
        self.close_connection = True
        length = (self.headers.get("Content-Length") or "").strip()
        if not length.isdigit():
            return
        left = min(int(length), DRAIN_LIMIT)
        try:
            self.connection.settimeout(5.0)
            while left > 0:
                chunk = self.rfile.read(min(left, 1 << 20))
                if not chunk:
                    break
                left -= len(chunk)
        except (OSError, ValueError):
            pass

    def _read_body(self, started: float) -> bytes | None:
        """Reads the body (Content-Length or chunked) up to the cap; on failure answers and returns None."""
        self.connection.settimeout(READ_TIMEOUT_S)
        cap = imageio.MAX_BODY_BYTES
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        try:
            if "chunked" in te:
                chunks, total = [], 0
                while True:
                    line = self.rfile.readline(1024)
                    if not line:
                        raise ValueError("truncated chunked body")
                    size = int(line.split(b";")[0].strip() or b"x", 16)
                    if size == 0:
                        while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                            pass
                        break
                    total += size
                    if total > cap:
                        self.close_connection = True
                        self._error(413, "body_too_large", f"The photo is larger than {cap // (1024 * 1024)} MB.",
                                    started)
                        return None
                    chunk = self.rfile.read(size)
                    if len(chunk) != size:
                        raise ValueError("truncated chunk")
                    chunks.append(chunk)
                    self.rfile.readline(1024)
                return b"".join(chunks)
            length = self.headers.get("Content-Length")
            if length is None:
                self.close_connection = True
                self._error(411, "length_required", "Send the photo with a Content-Length header.", started)
                return None
            if not length.strip().isdigit():
                self.close_connection = True
                self._error(400, "bad_content_length", "The Content-Length header is not a number.", started)
                return None
            n = int(length)
            if n > cap:
                self._discard_body()
                self._error(413, "body_too_large", f"The photo is larger than {cap // (1024 * 1024)} MB.", started)
                return None
            data = self.rfile.read(n)
            if len(data) != n:
                raise ValueError("short body")
            return data
        except (ValueError, socket.timeout, ConnectionResetError):
            self.close_connection = True
            self._error(400, "incomplete_body", "The request body ended early or could not be read.", started)
            return None

    # --- routes -----------------------------------------------------------------------------------------------
    ROUTES = {"/ping": ("GET", "HEAD"), "/invocations": ("POST",)}

    def _route(self) -> str | None:
        path = self.path.split("?", 1)[0]
        started = time.perf_counter()
        allowed = self.ROUTES.get(path)
        if allowed is None:
            if self.command not in ("GET", "HEAD"):
                self._discard_body()
            self._error(404, "not_found", f"No such endpoint: {path}. Use GET /ping or POST /invocations.",
                        started)
            return None
        if self.command not in allowed:
            self._discard_body()
            self._error(405, "method_not_allowed", f"{path} accepts {', '.join(allowed)} only.", started,
                        headers={"Allow": ", ".join(allowed)})
            return None
        return path

    def do_GET(self):
        path = self._route()
        if path == "/ping":
            started = time.perf_counter()
            st = self.state
            if st.analyzer is None:
                self._error(503, "model_unavailable", f"The model is not loaded: {st.load_error}", started)
            else:
                self._send_json(200, {"status": "ok", "modelVersion": st.analyzer.model_version}, started)

    do_HEAD = do_GET

    def do_POST(self):
        path = self._route()
        if path != "/invocations":
            return
        started = time.perf_counter()
        st = self.state
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype and not (ctype.startswith("image/") or ctype in ACCEPTED_TYPES):
            self._discard_body()
            self._error(415, "unsupported_media_type",
                        f"Content-Type {ctype} is not accepted: send image/jpeg, image/png, image/webp or "
                        f"application/octet-stream.", started)
            return
        body = self._read_body(started)
        if body is None:
            return
        if st.analyzer is None:
            self._error(503, "model_unavailable", f"The model is not loaded: {st.load_error}", started)
            return
        try:
            img = imageio.decode(body)
        except imageio.ImageError as e:
            self._error(e.status, e.code, e.message, started)
            return
        if not st.slots.acquire(timeout=BUSY_WAIT_S):
            self._error(503, "busy", "The service is busy; retry in a moment.", started, headers={"Retry-After": "2"})
            return
        try:
            result = st.analyzer.analyze(img)
        except MemoryError:
            self._error(413, "image_too_large", "The image is too large to process.", started)
            return
        except Exception as e:  # a bug, not the client's fault: report it without stopping the server
            traceback.print_exc(file=sys.stderr)
            self._error(500, "internal_error", f"The photo could not be analysed ({type(e).__name__}).", started)
            return
        finally:
            st.slots.release()
        self._send_json(200, result, started, beans=len(result["beans"]))

    def do_PUT(self):
        self._route()

    do_DELETE = do_PATCH = do_OPTIONS = do_PUT


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def load_analyzer(model_dir: Path | None = None) -> tuple[Analyzer | None, str | None]:
    from .model import MODEL_DIR, OnnxClassifier

    try:
        clf = OnnxClassifier(model_dir or MODEL_DIR)
    except Exception as e:
        return None, f"{type(e).__name__}: {e}"
    return Analyzer(clf, clf.version), None


def make_server(host: str, port: int, analyzer: Analyzer | None, load_error: str | None = None,
                workers: int = 2, quiet: bool = False) -> Server:
    handler = type("BoundHandler", (Handler,), {"state": State(analyzer, load_error, workers, quiet)})
    return Server((host, port), handler)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="serve", description="Kafae bean defect detection (SageMaker contract).")
    ap.add_argument("--port", type=int, default=default_port(),
                    help="port (default: $PORT, else 8080 under SageMaker, else 8090)")
    ap.add_argument("--host", default=default_host(),
                    help="address (default: $HOST, else 0.0.0.0 under SageMaker, else 127.0.0.1)")
    ap.add_argument("--model-dir", type=Path, default=None, help="folder with bean_classifier.onnx/.json")
    ap.add_argument("--workers", type=int, default=int(os.environ.get("INFERENCE_WORKERS", "2")),
                    help="photos analysed at once (default: $INFERENCE_WORKERS or 2)")
    ap.add_argument("--quiet", action="store_true", help="no request log")
    args = ap.parse_args(argv)
    analyzer, err = load_analyzer(args.model_dir)
    if err:
        sys.stderr.write(json.dumps({"event": "model_load_failed", "error": err}) + "\n")
    srv = make_server(args.host, args.port, analyzer, err, args.workers, args.quiet)
    host, port = srv.server_address[:2]
    sys.stderr.write(json.dumps({"event": "listening", "host": host, "port": port,
                                 "modelVersion": analyzer.model_version if analyzer else None}) + "\n")
    sys.stderr.flush()
    try:
        srv.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
