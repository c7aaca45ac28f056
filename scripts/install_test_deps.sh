#!/usr/bin/env bash
# Installs what the test suite needs beyond .venv, from Debian's packages: the sandbox and
# every language runtime (scripts/install_runtimes.sh), Debian's chromium for the
# dashboard's browser tests (driven by Playwright; never downloaded), docker-compose to
# check the compose file. Does nothing when all are there. Used by `make test`, and so
# by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
extra="docker-compose chromium fonts-liberation"
# shellcheck disable=SC2086
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    if ! dpkg -s $extra >/dev/null 2>&1; then
        echo "missing Debian packages for the tests: $extra and the runtimes in" \
            "scripts/install_runtimes.sh (run this script as root)" >&2
        exit 1
    fi
    exit 0
fi
./scripts/install_runtimes.sh
# shellcheck disable=SC2086
if ! dpkg -s $extra >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends $extra >/dev/null \
        || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $extra >/dev/null; }
fi
