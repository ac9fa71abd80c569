#!/usr/bin/env bash
# The Python tools the tests use (e2e/requirements.txt: the OpenAPI check, schemathesis, pytest, and Playwright with
# axe-core for the browser tests, which drive Debian's chromium and download no browser), in a virtual environment
# under the repository, `.venv-test/`. A second run reuses it while the requirements file and the Python version are
# unchanged, and installs nothing.
# Without `python3 -m venv` (Debian without python3-venv) it installs python3-venv with apt when root, and else
# falls back to `python3 -m pip install --user`.
# Usage: source scripts/python_env.sh; python_env
# Exports TEST_PYTHON (the interpreter to run the tools with) and puts the tools' scripts first on PATH.

python_env() {
    local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    local req="$root/e2e/requirements.txt"
    local venv="${KAFAE_TEST_VENV:-$root/.venv-test}"
    local stamp
    stamp="$(sha256sum "$req" | cut -c1-64) $(python3 -c 'import sys; print(sys.version.split()[0])')"

    if [[ -x "$venv/bin/python" && "$(cat "$venv/.kafae-requirements" 2>/dev/null)" == "$stamp" ]] \
        && "$venv/bin/python" -c 'import pytest, schemathesis, openapi_spec_validator, yaml, playwright.sync_api, axe_playwright_python' 2>/dev/null; then
        _python_env_use "$venv/bin/python" "$venv/bin"
        return 0
    fi

    rm -rf "$venv"
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
            local minor; minor=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
            echo "python3 -m venv is unavailable; installing python3-venv with apt" >&2
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null \
                && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python$minor-venv" >/dev/null 2>&1 || true; }) \
                || echo "warning: python3-venv could not be installed" >&2
            python3 -m venv "$venv" >/dev/null 2>&1 || rm -rf "$venv"
        fi
    fi

    if [[ -x "$venv/bin/python" ]]; then
        echo "installing the Python test tools into ${venv#"$root"/} (e2e/requirements.txt)" >&2
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" || return 1
        echo "$stamp" >"$venv/.kafae-requirements"
        _python_env_use "$venv/bin/python" "$venv/bin"
    else
        echo "no virtual environment possible; installing the Python test tools with pip --user" >&2
        python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location --user -r "$req" \
            || python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location --user --break-system-packages -r "$req" \
            || return 1
        _python_env_use "$(command -v python3)" "$(python3 -m site --user-base)/bin"
    fi
}

_python_env_use() {
    export TEST_PYTHON="$1"
    case ":$PATH:" in *":$2:"*) ;; *) export PATH="$2:$PATH" ;; esac
}
