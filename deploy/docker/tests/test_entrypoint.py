"""deploy/docker/server-entrypoint.sh: the secrets ECS injects as separate variables end up inside the URLs the server
reads, percent-encoded, and nowhere else.

The script runs with KAFAE_BIN=/usr/bin/env standing in for the server, so the test sees the exact environment the
server would start with.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "server-entrypoint.sh"


def server_environment(**env: str) -> dict[str, str]:
    base = {"PATH": "/usr/bin:/bin", "KAFAE_BIN": "/usr/bin/env"}
    out = subprocess.run(["bash", str(SCRIPT)], env={**base, **env}, capture_output=True, text=True, check=True)
    return dict(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)


@pytest.mark.parametrize(
    "password",
    ["plain", "p@ss:w/rd", "100%&?#[]!$'()*+,;= ~", "ทดสอบ", "-leading-dash"],
)
def test_database_credentials_are_spliced_in_and_survive_decoding(password: str):
    env = server_environment(
        DATABASE_URL="postgres://db.example:5432/kafae?sslmode=verify-full&sslrootcert=/etc/ssl/certs/x.pem",
        KAFAE_DB_USERNAME="kafae_admin",
        KAFAE_DB_PASSWORD=password,
    )
    url = urlsplit(env["DATABASE_URL"])
    assert (url.scheme, url.hostname, url.port, url.path) == ("postgres", "db.example", 5432, "/kafae")
    assert unquote(url.username) == "kafae_admin"
    assert unquote(url.password) == password
    assert url.query == "sslmode=verify-full&sslrootcert=/etc/ssl/certs/x.pem"


def test_the_parts_are_not_passed_on():
    env = server_environment(
        DATABASE_URL="postgres://db.example/kafae", KAFAE_DB_USERNAME="u", KAFAE_DB_PASSWORD="p",
        KAFAE_REDIS_URL="rediss://cache.example:6379", KAFAE_REDIS_AUTH_TOKEN="t0ken",
    )
    assert not {"KAFAE_DB_USERNAME", "KAFAE_DB_PASSWORD", "KAFAE_REDIS_AUTH_TOKEN"} & set(env)


def test_redis_token_becomes_the_password_of_the_url():
    env = server_environment(KAFAE_REDIS_URL="rediss://cache.example:6379", KAFAE_REDIS_AUTH_TOKEN="abcDEF123")
    assert env["KAFAE_REDIS_URL"] == "rediss://:abcDEF123@cache.example:6379"


def test_a_url_with_credentials_is_left_alone():
    env = server_environment(DATABASE_URL="postgres://me:secret@h/db", KAFAE_DB_USERNAME="other", KAFAE_DB_PASSWORD="x")
    assert env["DATABASE_URL"] == "postgres://me:secret@h/db"


def test_nothing_set_changes_nothing():
    env = server_environment()
    assert "DATABASE_URL" not in env and "KAFAE_REDIS_URL" not in env


def test_arguments_reach_the_server():
    out = subprocess.run(
        ["bash", str(SCRIPT), "-u", "PATH", "sh", "-c", "echo migrate-ran"],
        env={"PATH": "/usr/bin:/bin", "KAFAE_BIN": "/usr/bin/env"}, capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == "migrate-ran"


def test_print_urls_masks_the_secrets():
    out = subprocess.run(
        ["bash", str(SCRIPT), "--print-urls"],
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://h/db", "KAFAE_DB_USERNAME": "u",
             "KAFAE_DB_PASSWORD": "hunter2"},
        capture_output=True, text=True, check=True,
    )
    assert "hunter2" not in out.stdout
    assert "DATABASE_URL=postgres://u:***@h/db" in out.stdout
