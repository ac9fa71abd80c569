"""The process as an operator runs it: `kafae serve` stops cleanly on SIGTERM after real work, and the command-line
tools (CQI import, backup export and restore, migrate) finish with exit 0 and never crash, on both engines."""

import json
import os
import signal
import subprocess
from pathlib import Path

from conftest import ROOT

CQI = ROOT.parent / "shared" / "data" / "cqi-2018" / "robusta_data_cleaned.csv"


def run_cli(server, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([server.binary, *args, "--data-dir", server.data_dir], cwd=ROOT, env=server.env, input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_serve_stops_cleanly_after_work(server, api):
    server.start()
    session = api.ok("POST", "/api/v1/auth/register", {"organizationName": "Co-op", "name": "Somchai",
                                                       "email": "som@example.com", "password": "arabica-1400m"})
    api.token = session["accessToken"]
    farm = api.ok("POST", "/api/v1/farms", {"name": "Doi Chang", "province": "Chiang Rai"})
    api.ok("GET", f"/api/v1/farms/{farm['id']}")
    api.ok("GET", "/api/v1/sync/pull")
    server.proc.send_signal(signal.SIGTERM)
    code = server.proc.wait(timeout=30)
    assert code == 0, f"kafae serve exited with {code} on SIGTERM:\n{server.log_tail()}"
    assert server.logged_errors() == []


def test_command_line_tools_finish_cleanly(server, api):
    server.start()
    session = api.ok("POST", "/api/v1/auth/register", {"organizationName": "Co-op", "name": "Somchai",
                                                       "email": "som@example.com", "password": "arabica-1400m"})
    org = session["organization"]["id"]
    server.stop()
    assert server.proc.returncode == 0, server.log_tail()

    migrate = run_cli(server, "migrate")
    assert migrate.returncode == 0, migrate.stderr
    assert "Schema is current" in migrate.stdout

    imported = run_cli(server, "import", "cqi", "--organization", org, str(CQI))
    assert imported.returncode == 0, imported.stderr[-2000:]
    assert "Imported 28" in imported.stdout, imported.stdout

    backup_path = os.path.join(server.data_dir, "backup.json")
    exported = run_cli(server, "export", "--organization", org, "--output", backup_path)
    assert exported.returncode == 0, exported.stderr[-2000:]
    backup = json.loads(Path(backup_path).read_text())
    assert backup["format"] == "kafae-backup"

    # Errors are reported, not crashes: an unknown organization, an unknown owner, a second restore of one backup.
    unknown = run_cli(server, "export", "--organization", "00000000-0000-0000-0000-000000000000")
    assert unknown.returncode not in (0, -signal.SIGILL, -signal.SIGABRT, -signal.SIGSEGV), unknown.stderr[-2000:]
    assert "No organization" in unknown.stderr
    nobody = run_cli(server, "import", "backup", "--owner-email", "nobody@example.com", backup_path)
    assert nobody.returncode not in (0, -signal.SIGILL, -signal.SIGABRT, -signal.SIGSEGV), nobody.stderr[-2000:]
    assert "nobody@example.com" in nobody.stderr

    reset = run_cli(server, "user", "reset-password", "--email", "som@example.com", stdin="a-new-password-1\n")
    assert reset.returncode == 0, reset.stderr[-2000:]

    # The server starts again on what the tools left, and the new password works.
    server.start()
    status, _, body = api.request("POST", "/api/v1/auth/login", {"email": "som@example.com", "password": "a-new-password-1"})
    assert status == 200, body
    api.token = body["accessToken"]
    lots = api.ok("GET", "/api/v1/lots?limit=200")
    assert len(lots["items"]) == 28
