#!/usr/bin/env python3
"""Bounded-time fuzz of Kafae's parsers against a RUNNING server, over HTTP on loopback (DESIGN §8).

A crash is the server process dying, a stall is a request past --timeout, a bug is a 5xx; a 4xx must carry the
bilingual error shape {"error": {"code", "message", "messageTh", "messageEn", ...}} and a 2xx strict JSON.

Targets (inputs built from the real files in --data, then mutated with a seeded generator):
  alog     POST /api/v1/calc/roast          Artisan logs: byte flips, truncation, splicing, duplicated chunks,
                                            hostile numbers (1e19, nan, 2^63...), huge arrays, deep nesting,
                                            decreasing and all-equal timex, JSON form, type confusion, unicode
  csv      POST /api/v1/import/cqi          CQI review files: the same, plus quotes, line ends, wide and long files
  cupping  POST /api/v1/calc/cupping        valid sheets from /api/v1/calc/catalogue, then mutated JSON
  grading  POST /api/v1/calc/grading        valid gradings from the catalogue, then mutated JSON
  farms    POST /api/v1/farms               valid farms, then mutated JSON
  lots     POST /api/v1/lots                valid lots, then mutated JSON
  roastbatch POST /api/v1/roast-batches/import?lotId=  the Artisan logs of `alog`, stored as a roast batch of a
                                            green lot the script makes (the log's figures pass the record's checks)
Every file already kept in Tests/fuzz-regressions/<target>/ is replayed first.

On a failure the input is written to Tests/fuzz-regressions/<target>/<sha256 prefix>.<ext> (keep it: the Swift test
FuzzRegressionTests and every later fuzz run replay it) and the script exits non-zero. Input number i of a seed is
made from (seed, i) alone: `--only i` remakes and resends just that input.

Usage: python3 scripts/fuzz_parsers.py --url http://127.0.0.1:PORT --token TOKEN --seconds 150 --seed N --pid PID
Python 3 standard library only.
"""

import argparse
import ast
import copy
import hashlib
import http.client
import json
import math
import os
import random
import re
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ROUTES = {
    "alog": ("/api/v1/calc/roast", "application/octet-stream", "alog"),
    "csv": ("/api/v1/import/cqi", "text/csv", "csv"),
    "cupping": ("/api/v1/calc/cupping", "application/json", "json"),
    "grading": ("/api/v1/calc/grading", "application/json", "json"),
    "farms": ("/api/v1/farms", "application/json", "json"),
    "lots": ("/api/v1/lots", "application/json", "json"),
    "roastbatch": ("/api/v1/roast-batches/import?lotId={lot}", "application/octet-stream", "alog"),
}
# How often each target is picked: the parsers of files first.
WEIGHTS = {"alog": 5, "csv": 3, "cupping": 2, "grading": 2, "farms": 1, "lots": 1, "roastbatch": 2}

# Numbers a client can write where a number is expected. The text forms that are not JSON (nan, inf, 1_0) are for
# the Python-literal parser; JSON bodies get them as raw tokens too (the server must answer 400, not fail).
HOSTILE_NUMBERS = ["1e19", "-1e19", "1e308", "-1e308", "1e309", "-1e999", "nan", "NaN", "inf", "-inf", "Infinity",
                   "-0", "-0.0", "0.0", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                   "18446744073709551616", "1e-320", "4.9e-324", "1.5", "0.5", "-1", "2147483648", "1_000", "00",
                   ".5", "5.", "+1", "1e", "--1", "99999.5", "100000", "1" * 400]
JSON_HOSTILE = [1e19, -1e19, 1e308, -1e308, 9223372036854775807, 9223372036854775808, -9223372036854775809,
                18446744073709551616, 2 ** 200, -0.0, 0.5, 1.5, -1, 5e-324, 1e-320, 2147483648, 99999.5, 100000]
# Raw JSON number tokens that Python's json module cannot produce from a float.
JSON_RAW_TOKENS = ["1e309", "-1e309", "1e-400", "NaN", "Infinity", "-Infinity", "-0", "1" * 400, "0." + "1" * 400,
                   "1E400", "01", "1.", ".1", "+1", "0x10"]
UNICODE = ["\u0000", "\ufeff", "\u202e", "\u0e01\u0e32\u0e41\u0e1f", "\U0001f600", "\ud800", "\udfff", "\uffff",
           "\u00e9", "e\u0301", "\u200b", "\r", "\n", "\t", "\\", "'", '"', "{", "}", "[", "]", ",", ":", "\\u", "\\x",
           "\\U", "\\ud800"]


class Failure(Exception):
    pass


# ---------------------------------------------------------------------------------------------------------------
# Seeds


def load_seeds(data_dir):
    logs, log_dicts, csvs = [], [], []
    alog_dir = os.path.join(data_dir, "artisan-alog")
    for name in sorted(os.listdir(alog_dir)) if os.path.isdir(alog_dir) else []:
        if name.endswith(".alog"):
            with open(os.path.join(alog_dir, name), "rb") as f:
                raw = f.read()
            logs.append(raw)
            try:
                d = ast.literal_eval(raw.decode("utf-8"))
                if isinstance(d, dict):
                    log_dicts.append(d)
            except (ValueError, SyntaxError, UnicodeDecodeError, MemoryError, RecursionError):
                pass
    csv_dir = os.path.join(data_dir, "cqi-2018")
    for name in sorted(os.listdir(csv_dir)) if os.path.isdir(csv_dir) else []:
        if name.endswith(".csv"):
            with open(os.path.join(csv_dir, name), "rb") as f:
                text = f.read().decode("utf-8", errors="replace")
            lines = text.splitlines(keepends=True)
            if len(lines) > 1:
                csvs.append((lines[0], lines[1:]))
    if not logs or not log_dicts or not csvs:
        sys.exit("fuzz_parsers: no seed files under %s (artisan-alog/*.alog, cqi-2018/*.csv); use --data" % data_dir)
    return logs, log_dicts, csvs


# ---------------------------------------------------------------------------------------------------------------
# Byte-level mutations (any target)


def byte_flips(rng, data):
    if not data:
        return bytes([rng.randrange(256)])
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(b))
        b[i] = rng.choice([rng.randrange(256), b[i] ^ (1 << rng.randrange(8)), ord(rng.choice("{}[](),:'\"\\ -.eE0"))])
    return bytes(b)


def truncate(rng, data):
    return data[: rng.randrange(len(data) + 1)] if data else data


def splice(rng, a, b):
    return a[: rng.randrange(len(a) + 1)] + b[rng.randrange(len(b) + 1):]


def duplicate_chunk(rng, data, max_copies=50):
    if not data:
        return data
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 2000))
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[i:j] * rng.randint(1, max_copies) + data[at:]


def insert_unicode(rng, data):
    text = data.decode("utf-8", errors="replace")
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(UNICODE) * rng.choice([1, 1, 3, 100]) + text[at:]
    return text.encode("utf-8", errors="surrogatepass")


NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def replace_numbers(rng, data, pool=HOSTILE_NUMBERS):
    spans = [m.span() for m in NUMBER.finditer(data)]
    if not spans:
        return data
    chosen = sorted(rng.sample(spans, min(len(spans), rng.choice([1, 1, 2, 5, 50]))), reverse=True)
    out = data
    for start, end in chosen:
        out = out[:start] + rng.choice(pool).encode() + out[end:]
    return out


def deep_nesting(rng, data, opens=b"[", closes=b"]"):
    depth = rng.choice([63, 64, 65, 66, 199, 200, 511, 512, 1000, 100000])
    at = rng.randrange(len(data) + 1) if data else 0
    closed = rng.random() < 0.7
    inner = opens * depth + b"1" + (closes * depth if closed else b"")
    return data[:at] + inner + data[at:]


def generic_mutation(rng, data, others):
    kind = rng.choice(["flip", "truncate", "splice", "duplicate", "unicode", "numbers", "nest", "empty", "repeat"])
    if kind == "flip":
        return kind, byte_flips(rng, data)
    if kind == "truncate":
        return kind, truncate(rng, data)
    if kind == "splice":
        return kind, splice(rng, data, rng.choice(others))
    if kind == "duplicate":
        return kind, duplicate_chunk(rng, data)
    if kind == "unicode":
        return kind, insert_unicode(rng, data)
    if kind == "numbers":
        return kind, replace_numbers(rng, data)
    if kind == "nest":
        return kind, deep_nesting(rng, data, *rng.choice([(b"[", b"]"), (b"(", b")"), (b"{'a':", b"}"), (b'{"a":', b"}")]))
    if kind == "empty":
        return kind, rng.choice([b"", b" ", b"\n", b"\xef\xbb\xbf", b"{}", b"[]", b"null", b"0"])
    return kind, data * rng.randint(2, 4)


# ---------------------------------------------------------------------------------------------------------------
# Artisan logs


def artisan_structured(rng, d):
    d = copy.deepcopy(d)
    n = len(d.get("timex", [])) or 1
    kind = rng.choice(["decreasing", "equal", "equal_huge", "huge", "timeindex", "types", "weight", "readings",
                       "short_readings", "json_form", "drop_keys", "epoch", "extra_huge"])
    if kind == "decreasing":
        t = list(d.get("timex", [0.0, 1.0]))
        if len(t) > 2:
            i, j = sorted(rng.sample(range(len(t)), 2))
            part = t[i:j + 1]
            t[i:j + 1] = part[::-1] if rng.random() < 0.5 else rng.sample(part, len(part))
        d["timex"] = t
    elif kind == "equal":
        d["timex"] = [rng.choice([0.0, 5.0, 1e6, -0.0])] * n
    elif kind == "equal_huge":
        m = rng.choice([49_999, 50_000, 50_001, 60_000])
        d["timex"] = [5.0] * m
        d["temp1"] = [200.0 + (i % 7) for i in range(m)]
        d["temp2"] = [150.0 + (i % 50) for i in range(m)]
        d["timeindex"] = [0, 0, 0, 0, 0, 0, m - 1, 0]
    elif kind == "huge":
        m = rng.choice([49_999, 50_000, 50_001, 100_000, 100_001, 200_000])
        step = rng.choice([0.001, 0.01, 0.1, 1.0, 3.0])
        d["timex"] = [round(i * step, 3) for i in range(m)]
        d["temp1"] = [200.0 + (i % 7) for i in range(m)]
        d["temp2"] = [100.0 + (i % 100) * 0.5 for i in range(m)]
        d["timeindex"] = [0, m // 3, m // 2, 0, 0, 0, m - 1, 0]
    elif kind == "timeindex":
        ti = list(d.get("timeindex", [0] * 8)) + [0] * 8
        for _ in range(rng.randint(1, 4)):
            ti[rng.randrange(8)] = rng.choice([1e19, -1e19, 2 ** 63, -(2 ** 63) - 1, 1e308, -0.0, 0.5, 1.5, n, n - 1,
                                               n + 1, -1, float("nan"), float("inf"), "x", None, [], True])
        d["timeindex"] = ti[: rng.choice([0, 1, 7, 8, 9, 100])]
    elif kind == "types":
        key = rng.choice(["timex", "temp1", "temp2", "timeindex", "weight", "mode", "phases", "roastepoch", "title"])
        d[key] = rng.choice([None, True, "x" * rng.choice([1, 100000]), {}, {"a": 1}, [], [[1, 2]], 1e19, -1,
                             [None] * n, ["1"] * n, [True] * n, [[]] * min(n, 10)])
    elif kind == "weight":
        d["weight"] = [rng.choice([1e308, -1e308, 1e19, 0, -0.0, 0.5, float("nan"), "1", None, 150.0]) for _ in range(2)] + \
            [rng.choice(["g", "kg", "lb", "oz", "KG", "", "t", None, 1])][: rng.choice([0, 1])]
    elif kind == "readings":
        key = rng.choice(["temp1", "temp2"])
        vals = list(d.get(key, [100.0] * n))
        for _ in range(rng.randint(1, 10)):
            if vals:
                vals[rng.randrange(len(vals))] = rng.choice([1e300, -1e300, 1e19, 1e5, 100001.0, float("nan"),
                                                             float("inf"), -1, 0, -0.0, 5e-324])
        d[key] = vals
    elif kind == "short_readings":
        key = rng.choice(["temp1", "temp2", "timex"])
        d[key] = list(d.get(key, []))[: rng.randrange(n + 1)]
    elif kind == "json_form":
        pass  # serialized as JSON below
    elif kind == "drop_keys":
        for key in rng.sample(sorted(d.keys()), min(len(d), rng.randint(1, 5))):
            d.pop(key, None)
    elif kind == "epoch":
        d["roastepoch"] = rng.choice([1e300, -1e300, 2 ** 63, 0, -1, 253402300800, 1e19, float("nan")])
    elif kind == "extra_huge":
        d["extratimex"] = [[1.0] * rng.choice([100_000, 100_001, 150_000])]
    if kind == "json_form" or rng.random() < 0.25:
        text = json.dumps(d, allow_nan=True).encode()
    else:
        text = repr(d).encode()
    return kind, text


def make_alog(rng, seeds):
    logs, dicts, _ = seeds
    if rng.random() < 0.45:
        kind, data = artisan_structured(rng, rng.choice(dicts))
    else:
        kind, data = generic_mutation(rng, rng.choice(logs), logs)
    if rng.random() < 0.2:
        more, data = generic_mutation(rng, data, logs)
        kind += "+" + more
    return kind, data


# ---------------------------------------------------------------------------------------------------------------
# CQI files


def make_csv(rng, seeds):
    _, _, csvs = seeds
    header, rows = rng.choice(csvs)
    sample = [rng.choice(rows) for _ in range(rng.choice([0, 1, 2, 5, 10, 30]))]
    base = (header + "".join(sample)).encode()
    kind = rng.choice(["generic", "generic", "numbers", "quotes", "line_ends", "wide", "long_field", "many_rows",
                       "many_blank", "bom", "mixed_headers"])
    if kind == "generic":
        kind, data = generic_mutation(rng, base, [(h + "".join(r[:5])).encode() for h, r in csvs])
    elif kind == "numbers":
        data = replace_numbers(rng, base, HOSTILE_NUMBERS + ["99999.5", "1e19 full defects", "12 %", "0.12", "-0", "100"])
    elif kind == "quotes":
        b = bytearray(base)
        for _ in range(rng.randint(1, 10)):
            b.insert(rng.randrange(len(b) + 1), ord('"'))
        data = bytes(b)
    elif kind == "line_ends":
        data = base.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\n", b"\r\r\n", b""]))
    elif kind == "wide":
        cols = rng.choice([999, 1000, 1001, 5000, 100_000])
        data = base + (",".join(["8"] * cols) + "\n").encode()
    elif kind == "long_field":
        field = rng.choice(["9" * 200_000, "1." + "1" * 200_000, "-" * 200_000, "." * 200_000, "\u0e51" * 50_000,
                            '"' + "x\n" * 50_000 + '"'])
        line = sample[0] if sample else rows[0]
        cells = line.rstrip("\r\n").split(",")
        cells[rng.randrange(len(cells))] = field
        data = (header + ",".join(cells) + "\n").encode()
    elif kind == "many_rows":
        # Past the cap (fast refusal) or invalid rows (no writes): a long valid file takes the server minutes.
        count = rng.choice([20_000, 20_001, 30_000, 100_000])
        data = (header + "x\n" * count).encode() if rng.random() < 0.5 else (header + ("Arabica," * 3 + "\n") * count).encode()
    elif kind == "many_blank":
        data = header.encode() + b"\n" * rng.choice([1000, 100_000, 1_000_000]) + (sample[0].encode() if sample else b"")
    elif kind == "bom":
        data = b"\xef\xbb\xbf" + base
    else:
        other_header, other_rows = rng.choice(csvs)
        data = (other_header + "".join(sample or other_rows[:3])).encode()
    return kind, data


# ---------------------------------------------------------------------------------------------------------------
# JSON bodies


def valid_bodies(catalogue, rng, target):
    if target == "cupping":
        forms = catalogue.get("forms") or []
        if not forms:
            return {"protocol": "sca2004", "scores": {}}
        form = rng.choice(forms)
        scores = {}
        for s in form.get("sections", []):
            if s.get("kind") == "descriptors":
                choices = s.get("choices") or []
                scores[s["key"]] = rng.sample(choices, min(len(choices), rng.randint(0, 3)))
            elif s.get("kind") == "deduction":
                scores[s["key"]] = 0
            else:
                lo, hi, step = s.get("min", 0), s.get("max", 10), s.get("step", 1) or 1
                steps = int(round((hi - lo) / step))
                scores[s["key"]] = lo + step * rng.randint(0, max(0, steps))
        return {"protocol": form["id"], "scores": scores}
    if target == "grading":
        standards = catalogue.get("gradingStandards") or []
        if not standards:
            return {"standard": "scaArabica"}
        st = rng.choice(standards)
        return {"standard": st["id"], "sampleG": st.get("sampleG", 350),
                "defects": {d["key"]: rng.randint(0, 10) for d in st.get("defects", [])},
                "quakers": rng.randint(0, 5), "moisturePct": 11.2, "waterActivity": 0.55}
    if target == "farms":
        return {"name": "Doi Chang " + str(rng.randrange(10 ** 6)), "province": rng.choice(["เชียงราย", "Chiang Mai", "Nan"]),
                "district": "Mae Suai", "altitudeM": 1400, "latitude": 19.9, "longitude": 99.6, "owner": "Somchai",
                "notes": "fuzz"}
    return {"species": rng.choice(["arabica", "robusta"]), "stage": rng.choice(["cherry", "parchment", "green", "roasted"]),
            "variety": "Catimor", "process": "washed", "harvestDate": "2025-11-20", "weightKg": 120.5, "notes": "fuzz"}


def leaf_paths(value, path=()):
    if isinstance(value, dict):
        out = [path] if not value else []
        for k, v in value.items():
            out += leaf_paths(v, path + (k,))
        return out
    if isinstance(value, list):
        out = [path] if not value else []
        for i, v in enumerate(value):
            out += leaf_paths(v, path + (i,))
        return out
    return [path]


def set_path(value, path, new):
    if not path:
        return new
    cur = value
    for p in path[:-1]:
        cur = cur[p]
    cur[path[-1]] = new
    return value


RAW_MARK = "\u0000RAW%d\u0000"


def json_mutation(rng, body):
    body = copy.deepcopy(body)
    raws = []

    def hostile_value():
        kind = rng.random()
        if kind < 0.35:
            return rng.choice(JSON_HOSTILE)
        if kind < 0.5:
            raws.append(rng.choice(JSON_RAW_TOKENS))
            return RAW_MARK % (len(raws) - 1)
        if kind < 0.7:
            return rng.choice([None, True, False, "", "1", "x" * rng.choice([10, 5000, 100_000, 1_100_000]), [], {},
                               [1, 2], {"a": 1}, "\ud800", "\u0000", "\u0e01" * 10_000, "2025-02-30", "-1e19"])
        if kind < 0.85:
            depth = rng.choice([63, 64, 65, 100, 200, 511, 512, 600, 10_000])
            v = 1
            for _ in range(min(depth, 900)):  # json.dumps recurses: deeper nesting is added as text below
                v = [v] if rng.random() < 0.5 else {"a": v}
            if depth > 900:
                raws.append("[" * depth + "1" + "]" * depth)
                return RAW_MARK % (len(raws) - 1)
            return v
        return [rng.choice(JSON_HOSTILE)] * rng.choice([1000, 100_000])

    kind = rng.choice(["leaf", "leaf", "leaves", "unknown_key", "top", "text", "duplicate_key", "parents"])
    if kind in ("leaf", "leaves"):
        paths = leaf_paths(body)
        for _ in range(1 if kind == "leaf" else rng.randint(2, 6)):
            body = set_path(body, rng.choice(paths), hostile_value())
    elif kind == "unknown_key":
        body[rng.choice(["x", "__proto__", "constructor", "", "a" * 1000, "\u0000"])] = hostile_value()
    elif kind == "top":
        body = hostile_value()
    elif kind == "parents":
        body["parents"] = [{"lotId": "00000000-0000-0000-0000-000000000000", "weightKg": rng.choice(JSON_HOSTILE)}] \
            * rng.choice([1, 51, 10_000])
    try:
        text = json.dumps(body, ensure_ascii=rng.random() < 0.5, allow_nan=True)
    except (ValueError, RecursionError):
        text = "{}"
    for i, raw in enumerate(raws):
        text = text.replace(json.dumps(RAW_MARK % i), raw, 1)
    data = text.encode("utf-8", errors="surrogatepass")
    if kind == "text":
        more, data = generic_mutation(rng, data, [data])
        kind += "+" + more
    elif kind == "duplicate_key" and data.startswith(b"{") and len(data) > 2:
        data = b'{"name": 1, "name": "x", ' + data[1:]
    return kind, data


def make_json(rng, catalogue, target):
    body = valid_bodies(catalogue, rng, target)
    if rng.random() < 0.08:
        return "valid", json.dumps(body, ensure_ascii=False).encode()
    return json_mutation(rng, body)


# ---------------------------------------------------------------------------------------------------------------
# Sending and checking


class Server:
    def __init__(self, url, token, timeout, pid):
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname or "127.0.0.1", u.port or 80
        self.token, self.timeout, self.pid = token, timeout, pid
        self.conn = None

    def alive(self):
        if not self.pid:
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        # A zombie has exited but not been reaped by its parent.
        try:
            with open("/proc/%d/stat" % self.pid) as f:
                return f.read().split(")")[-1].split()[0] != "Z"
        except OSError:
            return True

    def request(self, method, path, body=b"", content_type="application/json"):
        headers = {"Authorization": "Bearer " + self.token, "Content-Type": content_type, "Accept-Language": "th"}
        for attempt in range(2):
            if self.conn is None:
                # Long enough to measure a stall past --timeout, not to wait for ever.
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout + 20)
            try:
                start = time.monotonic()
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                elapsed = time.monotonic() - start
                if response.getheader("connection", "").lower() == "close":
                    self.close()
                return response.status, data, elapsed
            except (ConnectionError, http.client.HTTPException, OSError) as e:
                self.close()
                if isinstance(e, TimeoutError) or "timed out" in str(e):
                    raise Failure("no answer in %ds (stall)" % (self.timeout + 20))
                # A dying process drops its connections a moment before it is gone.
                time.sleep(0.5)
                if not self.alive():
                    raise Failure("the server died (%s)" % e)
                if attempt == 1:
                    # A server may close a connection on a body it refuses before reading it all (413): the
                    # answer is lost, the process is fine. Count it as a refusal.
                    return 0, b"", time.monotonic() - start
        return 0, b"", 0.0

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
            self.conn = None


def strict_json(data):
    def reject(token):
        raise ValueError("non-standard JSON token " + token)
    return json.loads(data.decode("utf-8"), parse_constant=reject)


def check(status, data, elapsed, timeout):
    if status >= 500:
        raise Failure("status %d: %s" % (status, data[:300].decode("utf-8", errors="replace")))
    if elapsed > timeout:
        raise Failure("took %.1fs (limit %ds)" % (elapsed, timeout))
    if status == 0:
        return
    try:
        body = strict_json(data)
    except (ValueError, UnicodeDecodeError) as e:
        raise Failure("status %d with a body that is not strict JSON (%s): %r" % (status, e, data[:200]))
    if 400 <= status < 500:
        err = body.get("error") if isinstance(body, dict) else None
        if not isinstance(err, dict) or not all(isinstance(err.get(k), str) and err.get(k) for k in
                                                ("code", "message", "messageTh", "messageEn")):
            raise Failure("status %d without the error shape: %r" % (status, data[:300]))


def save(out_dir, target, data):
    ext = ROUTES[target][2]
    folder = os.path.join(out_dir, target)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, hashlib.sha256(data).hexdigest()[:16] + "." + ext)
    with open(path, "wb") as f:
        f.write(data)
    return path


def pick_target(rng, targets):
    weights = [WEIGHTS[t] for t in targets]
    return rng.choices(targets, weights=weights)[0]


def make_input(seed, index, seeds, catalogue, targets):
    rng = random.Random("kafae-fuzz:%d:%d" % (seed, index))
    target = pick_target(rng, targets)
    if target in ("alog", "roastbatch"):
        kind, data = make_alog(rng, seeds)
    elif target == "csv":
        kind, data = make_csv(rng, seeds)
    else:
        kind, data = make_json(rng, catalogue, target)
    return target, kind, data


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True, help="the running server, e.g. http://127.0.0.1:18123")
    ap.add_argument("--token", required=True, help="an owner's access token (the CQI import needs the owner)")
    ap.add_argument("--seconds", type=float, default=150, help="how long to fuzz after the replay (default 150)")
    ap.add_argument("--seed", type=int, default=1, help="the same seed makes the same inputs")
    ap.add_argument("--pid", type=int, default=0, help="the server's process id: checked alive after every input")
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"), help="seed files (../shared/data)")
    ap.add_argument("--out", default=os.path.join(ROOT, "Tests", "fuzz-regressions"), help="where failing inputs go")
    ap.add_argument("--timeout", type=float, default=10, help="seconds one input may take (default 10: a debug build)")
    ap.add_argument("--targets", default=",".join(ROUTES), help="comma-separated subset of " + ",".join(ROUTES))
    ap.add_argument("--count", type=int, default=0, help="stop after this many inputs (0: only --seconds)")
    ap.add_argument("--only", type=int, default=-1, help="remake and send only input number ONLY of --seed")
    ap.add_argument("--no-replay", action="store_true", help="skip the inputs kept in --out")
    ap.add_argument("--max-failures", type=int, default=20, help="stop after this many failures")
    ap.add_argument("--dry-run", type=int, default=0, metavar="N", help="only make inputs 0..N-1 and list them")
    ap.add_argument("--dump", metavar="DIR", help="with --dry-run: also write each input to DIR/<target>/<number>.<ext>")
    args = ap.parse_args()

    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    for t in targets:
        if t not in ROUTES:
            sys.exit("fuzz_parsers: unknown target %s (known: %s)" % (t, ", ".join(ROUTES)))
    seeds = load_seeds(os.path.abspath(args.data))
    if args.dry_run:
        for i in range(args.dry_run):
            target, kind, body = make_input(args.seed, i, seeds, {}, targets)
            if args.dump:
                os.makedirs(os.path.join(args.dump, target), exist_ok=True)
                with open(os.path.join(args.dump, target, "%06d.%s" % (i, ROUTES[target][2])), "wb") as f:
                    f.write(body)
            print("%6d %-8s %-24s %9d bytes  %s" % (i, target, kind, len(body), hashlib.sha256(body).hexdigest()[:16]))
        return 0
    server = Server(args.url, args.token, args.timeout, args.pid)
    if not server.alive():
        sys.exit("fuzz_parsers: process %d is not running" % args.pid)

    status, data, _ = server.request("GET", "/api/v1/calc/catalogue")
    if status != 200:
        sys.exit("fuzz_parsers: GET /api/v1/calc/catalogue answered %d: %r (is the token valid?)" % (status, data[:200]))
    catalogue = json.loads(data)
    lot_id = ""
    if "roastbatch" in targets:
        # A green lot heavy enough for every batch the run imports.
        status, data, _ = server.request("POST", "/api/v1/lots", json.dumps(
            {"species": "arabica", "stage": "green", "weightKg": 10_000_000, "notes": "parser fuzz"}).encode())
        if status != 201:
            sys.exit("fuzz_parsers: could not make a green lot for roastbatch: %d %r" % (status, data[:200]))
        lot_id = json.loads(data)["id"]

    tried = {t: 0 for t in ROUTES}
    seconds = {t: 0.0 for t in ROUTES}
    slowest = {t: 0.0 for t in ROUTES}
    statuses = {t: {} for t in ROUTES}
    failures = []
    began = time.monotonic()

    previous = []

    def run_one(target, label, body):
        path, content_type, _ = ROUTES[target]
        path = path.replace("{lot}", lot_id)
        tried[target] += 1
        try:
            status, data, elapsed = server.request("POST", path, body, content_type)
            seconds[target] += elapsed
            slowest[target] = max(slowest[target], elapsed)
            statuses[target][status] = statuses[target].get(status, 0) + 1
            check(status, data, elapsed, args.timeout)
            if not server.alive():
                raise Failure("the server died")
        except Failure as e:
            saved = save(args.out, target, body)
            failures.append((target, label, str(e), saved))
            print("FAIL %s %s: %s\n     input (%d bytes) kept in %s" % (target, label, e, len(body), os.path.relpath(saved)),
                  file=sys.stderr, flush=True)
            if not server.alive():
                if previous and "refused" in str(e):
                    # Dead before this input was sent: the one before killed it, after answering (or not).
                    p_target, p_label, p_body = previous[-1]
                    p_saved = save(args.out, p_target, p_body)
                    failures.append((p_target, p_label, "sent just before the server died", p_saved))
                return False
        previous[:] = [(target, label, body)]
        return len(failures) < args.max_failures

    going = True
    replayed = 0
    if not args.no_replay and args.only < 0:
        for target in targets:
            folder = os.path.join(args.out, target)
            for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
                if name.startswith(".") or name == "README.md":
                    continue
                with open(os.path.join(folder, name), "rb") as f:
                    body = f.read()
                replayed += 1
                going = run_one(target, "replay " + name, body)
                if not going:
                    break
            if not going:
                break
        print("replayed %d kept inputs in %.1fs" % (replayed, time.monotonic() - began), file=sys.stderr, flush=True)

    fuzz_began = time.monotonic()
    index = args.only if args.only >= 0 else 0
    made = 0
    while going:
        if args.only >= 0 and made == 1:
            break
        if args.only < 0 and time.monotonic() - fuzz_began >= args.seconds:
            break
        if args.count and made >= args.count:
            break
        target, kind, body = make_input(args.seed, index, seeds, catalogue, targets)
        going = run_one(target, "seed %d input %d (%s)" % (args.seed, index, kind), body)
        index += 1
        made += 1
    server.close()

    total = time.monotonic() - began
    print("\nparser fuzz: seed %d, %d inputs made + %d replayed in %.1fs, %d failures" %
          (args.seed, made, replayed, total, len(failures)))
    print("%-10s %8s %10s %9s  %s" % ("target", "inputs", "seconds", "slowest", "statuses"))
    for t in ROUTES:
        if tried[t]:
            print("%-10s %8d %10.1f %8.2fs  %s" % (t, tried[t], seconds[t], slowest[t],
                                           " ".join("%s:%d" % (k, v) for k, v in sorted(statuses[t].items()))))
    for target, label, why, saved in failures:
        print("FAILED %s %s: %s -> %s" % (target, label, why, os.path.relpath(saved)))
    if not server.alive():
        print("the server process %d is gone" % args.pid)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
