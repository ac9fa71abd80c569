"""A real process restart in the middle of a sync push (DESIGN §6, docs/sync.md).

`kafae serve` is killed with SIGKILL while a large push batch is in flight, started again on the same data folder
or database, and the device resends the batch it has no answer for (same seqs, same mutationIds), then goes on.
At the end every mutation was applied exactly once: every created farm exists once, every edit is on its farm
once (version = 1 + edits, the last edit's values), no conflict was opened, every push answer (first, resent and
sent a third time) is the one the mutation earned, and the device's seqs go on gaplessly. On SQLite and PostgreSQL.

The kill points are seeded: KAFAE_E2E_SEED=N replays a run (the seed is printed).
"""

import datetime
import http.client
import io
import json
import os
import random
import socket
import threading
import time
import uuid

import pytest

FARMS = 1000          # created in two pushes of 500
BATCH = 500           # the protocol's largest push
EDIT_BATCHES = 6      # each edits 250 farms twice: 500 mutations
KILLED_EDIT_BATCHES = 3
PROVINCES = ["Chiang Rai", "Chiang Mai", "Nan", "Mae Hong Son", "Chumphon", "Ranong"]

SEED = int(os.environ.get("KAFAE_E2E_SEED") or random.SystemRandom().randrange(1, 1 << 31))


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def iso_ms(text: str) -> float:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class Device:
    """A phone's outbox: mutations numbered 1, 2, 3, …; baseVersion from the versions the server answered."""

    def __init__(self):
        self.device_id = "e2e-" + uuid.uuid4().hex[:12]
        self.seq = 0
        self.version: dict[str, int] = {}      # farm id → version as last answered
        self.expected: dict[str, dict] = {}    # farm id → the fields it must end with
        self.edits: dict[str, int] = {}        # farm id → edits sent
        self.farm_ids: list[str] = []

    def _next(self, **m) -> dict:
        self.seq += 1
        m.update(seq=self.seq, mutationId=str(uuid.uuid4()), entity="farm", clientTime=now_iso())
        return m

    def creates(self, n: int) -> list[dict]:
        batch = []
        for _ in range(n):
            i = len(self.farm_ids)
            fid = str(uuid.uuid4())
            self.farm_ids.append(fid)
            fields = {"name": f"E2E farm {i}", "province": PROVINCES[i % len(PROVINCES)],
                      "altitudeM": float(600 + i % 1200), "owner": f"Owner {i}", "notes": "created"}
            m = self._next(op="upsert", recordId=fid, baseVersion=None, fields=fields)
            m["_expect"] = {"version": 1, "fields": dict(fields)}
            self.expected[fid] = dict(fields)
            self.edits[fid] = 0
            batch.append(m)
        return batch

    def edit_batch(self, farm_ids: list[str]) -> list[dict]:
        """Two edits of each farm: all the first ones, then all the second ones (the second's baseVersion is the
        version the first will make), so a replayed first edit after its second would surface as a conflict."""
        batch = []
        for round_ in (0, 1):
            for fid in farm_ids:
                base = self.version[fid] + round_
                seq = self.seq + 1
                fields = {"altitudeM": float(100 + (seq * 37) % 2800) + 0.5, "notes": f"edit seq {seq}"}
                m = self._next(op="upsert", recordId=fid, baseVersion=base, fields=fields)
                expect = dict(self.expected[fid])
                expect.update(fields)
                m["_expect"] = {"version": base + 1, "fields": expect}
                self.expected[fid] = dict(expect)
                self.edits[fid] += 1
                batch.append(m)
        return batch

    def body(self, batch: list[dict]) -> dict:
        return {"deviceId": self.device_id, "mutations": [{k: v for k, v in m.items() if k != "_expect"} for m in batch]}

    def acknowledge(self, batch: list[dict], answer: dict) -> None:
        for m, r in zip(batch, answer["results"]):
            self.version[m["recordId"]] = r["version"]


def check_answer(batch: list[dict], answer: dict, what: str) -> None:
    """Each result is the one its mutation earned when applied once, in the batch's order."""
    assert answer["lastMutationSeq"] == batch[-1]["seq"], f"{what}: lastMutationSeq {answer['lastMutationSeq']}"
    results = answer["results"]
    assert len(results) == len(batch), f"{what}: {len(results)} results for {len(batch)} mutations"
    for m, r in zip(batch, results):
        where = f"{what}: seq {m['seq']} ({m['recordId']})"
        assert r["seq"] == m["seq"], f"{where}: answered seq {r['seq']}"
        assert r.get("mutationId") == m["mutationId"], f"{where}: mutationId {r.get('mutationId')}"
        assert r["status"] == "applied", f"{where}: {r['status']} {json.dumps(r.get('error') or r.get('conflictId'))}"
        exp = m["_expect"]
        assert r["version"] == exp["version"], f"{where}: version {r['version']}, expected {exp['version']}"
        rec = r["record"]
        assert rec["id"] == m["recordId"] and rec["entity"] == "farm" and rec["deleted"] is False, where
        assert rec["version"] == exp["version"], f"{where}: record version {rec['version']}"
        for k, v in exp["fields"].items():
            assert rec["fields"].get(k) == v, f"{where}: {k} = {rec['fields'].get(k)!r}, expected {v!r}"


class _Bytes(io.BytesIO):
    def makefile(self, *_a, **_k):
        return self


def parse_response(raw: bytes):
    """(status, json) of a complete HTTP response in raw, else None."""
    if not raw:
        return None
    resp = http.client.HTTPResponse(_Bytes(raw))
    try:
        resp.begin()
        body = resp.read()
    except (http.client.HTTPException, ValueError):
        return None
    return resp.status, (json.loads(body) if body else None)


def push_and_kill(server, token: str, body: dict, delay: float):
    """Sends a push on a raw socket, SIGKILLs the server `delay` seconds after the request is out, and returns
    the response if one arrived complete before the kill (else None)."""
    data = json.dumps(body).encode()
    head = (f"POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            f"Content-Type: application/json\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n").encode()
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    received = bytearray()
    complete_at: list[float] = []

    def reader():
        try:
            while True:
                chunk = sock.recv(1 << 16)
                if not chunk:
                    return
                received.extend(chunk)
                if not complete_at and parse_response(bytes(received)) is not None:
                    complete_at.append(time.monotonic())
        except OSError:
            return

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    sock.sendall(head + data)
    time.sleep(delay)
    killed_at = time.monotonic()
    server.kill()
    t.join(timeout=30)
    sock.close()
    if complete_at and complete_at[0] < killed_at:
        return parse_response(bytes(received))
    return None


def push(api, device: Device, batch: list[dict], what: str) -> tuple[dict, float]:
    t0 = time.monotonic()
    status, headers, answer = api.request("POST", "/api/v1/sync/push", device.body(batch))
    took = time.monotonic() - t0
    assert status == 200, f"{what}: push answered {status} {answer}"
    check_answer(batch, answer, what)
    return answer, took


def pull(api, cursor: str | None) -> tuple[list[dict], str]:
    changes = []
    while True:
        q = "/api/v1/sync/pull?limit=1000" + (f"&cursor={cursor}" if cursor else "")
        status, _, page = api.request("GET", q)
        assert status == 200, f"pull answered {status} {page} (cursor {cursor!r})"
        changes.extend(page["changes"])
        cursor = page["cursor"]
        if not page["hasMore"]:
            return changes, cursor


def test_kill_mid_push_and_resend(server, api, engine):
    rng = random.Random(f"{SEED}-{engine}")
    print(f"\n[{engine}] KAFAE_E2E_SEED={SEED}")
    started = time.monotonic()
    server.start()
    reg = api.ok("POST", "/api/v1/auth/register", {
        "organizationName": "Restart Co-op", "name": "Somchai", "email": "restart@example.com",
        "password": "arabica-1400m-restart"})
    api.token = reg["accessToken"]

    device = Device()
    replica: dict[str, dict] = {}   # what the device pulled, by record id
    cursor = None

    def pull_into_replica():
        nonlocal cursor
        changes, cursor = pull(api, cursor)
        for c in changes:
            replica[c["id"]] = c

    # The batches: 2 × 500 creates, then edit batches of 250 farms × 2 edits. Killed: the second create batch and
    # KILLED_EDIT_BATCHES of the edit batches, chosen by the seed, each at a seeded point of the push.
    plan = [("create", None), ("create", None)] + [("edit", i) for i in range(EDIT_BATCHES)]
    killed = {1} | {2 + i for i in rng.sample(range(EDIT_BATCHES), KILLED_EDIT_BATCHES)}
    # Kill points spread over the push: one early (maybe before the body is read), the rest across it.
    spans = [(0.0, 0.1), (0.1, 0.4), (0.4, 0.7), (0.7, 0.95)]
    rng.shuffle(spans)
    fractions = iter([rng.uniform(*s) for s in spans])
    last_took = None
    kills = []

    for n, (kind, i) in enumerate(plan):
        if kind == "create":
            batch = device.creates(BATCH)
        else:
            # Each edit batch takes the next quarter of the farms, going round.
            quarter = FARMS // 4
            start = (i * quarter) % FARMS
            batch = device.edit_batch(device.farm_ids[start:start + quarter])
        what = f"[{engine}] batch {n} ({kind}, seqs {batch[0]['seq']}–{batch[-1]['seq']})"

        if n not in killed:
            answer, last_took = push(api, device, batch, what)
            device.acknowledge(batch, answer)
            pull_into_replica()
            continue

        frac = next(fractions)
        delay = frac * last_took
        early = push_and_kill(server, api.token, device.body(batch), delay)
        kill_time = time.time()
        server.start()

        # The device got no answer (or lost it): it resends the same batch, same seqs and mutationIds.
        resent, _ = push(api, device, batch, what + " resent after restart")
        # A third copy changes nothing and gets the stored answers again.
        again, _ = push(api, device, batch, what + " sent a third time")
        assert again == resent, f"{what}: the stored answers changed between two resends"
        if early is not None:
            status, first = early
            assert status == 200, f"{what}: answered {status} {first} before the kill"
            assert first == resent, f"{what}: the resent batch got other answers than the first send"
        before = sum(1 for r in resent["results"] if iso_ms(r["record"]["updatedAt"]) <= kill_time)
        kills.append((n, round(delay * 1000), before, early is not None))
        device.acknowledge(batch, resent)
        # The cursor pulled before the kill still works after the restart.
        pull_into_replica()

    print(f"[{engine}] kills (batch, ms after sending, mutations applied before the kill, answered): {kills}")
    assert any(0 < before < BATCH for _, _, before, _ in kills), \
        f"no kill landed in the middle of a push ({kills}); the test proved nothing, retune its timing"

    # Gapless: a seq past the next is refused with the next one expected; the next one is taken.
    nxt = device.seq + 1
    status, headers, body = api.request("POST", "/api/v1/sync/push", {"deviceId": device.device_id, "mutations": [
        {"seq": nxt + 1, "mutationId": str(uuid.uuid4()), "entity": "farm", "op": "upsert",
         "recordId": device.farm_ids[0], "baseVersion": device.version[device.farm_ids[0]], "fields": {"notes": "gap"}}]})
    assert status == 409 and body["error"]["code"] == "sync.seq_gap", f"a gapped push answered {status} {body}"
    expected_header = {k.lower(): v for k, v in headers.items()}.get("x-expected-seq")
    assert expected_header == str(nxt), f"X-Expected-Seq {expected_header}, expected {nxt}"
    last = device.edit_batch(device.farm_ids[:1])
    answer, _ = push(api, device, last, f"[{engine}] the push after the restarts")
    device.acknowledge(last, answer)
    pull_into_replica()

    # Every farm once, every edit once, nothing else.
    everything, _ = pull(api, None)
    ids = [c["id"] for c in everything]
    assert len(ids) == len(set(ids)), f"{len(ids) - len(set(ids))} records came twice in one full pull"
    assert {c["entity"] for c in everything} == {"farm"}
    assert set(ids) == set(device.farm_ids), \
        f"lost: {len(set(device.farm_ids) - set(ids))}, unknown: {len(set(ids) - set(device.farm_ids))}"
    wrong = []
    for c in everything:
        fid = c["id"]
        want_version = 1 + device.edits[fid]
        got = {k: c["fields"].get(k) for k in device.expected[fid]}
        if c["deleted"] or c["version"] != want_version or got != device.expected[fid]:
            wrong.append((fid, c["version"], want_version, got, device.expected[fid]))
    assert not wrong, f"{len(wrong)} farms differ from exactly-once, e.g. {wrong[:3]}"
    assert {k: replica[k] for k in ids} == {c["id"]: c for c in everything}, \
        "the device's incremental pulls across the restarts differ from a fresh full pull"
    conflicts = api.ok("GET", "/api/v1/sync/conflicts")["items"]
    assert conflicts == [], f"{len(conflicts)} conflicts opened, e.g. {conflicts[:2]}"
    errors = server.logged_errors()
    assert not errors, f"the server logged {len(errors)} errors, e.g. {errors[:3]}"
    print(f"[{engine}] {device.seq} mutations, {len(kills)} kills, {server.starts} starts, "
          f"{time.monotonic() - started:.1f}s")
