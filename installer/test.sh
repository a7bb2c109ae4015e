#!/usr/bin/env bash
# test.sh — run SeniorLearn's whole test suite (pytest) from the .venv that setup.sh made.
#
# Extra arguments go to pytest (e.g. ./installer/test.sh -x tests/core). With no $DISPLAY the
# suite runs on a virtual X screen (xvfb-run), since some tests need a real X server.
# Exits with pytest's status; "no tests collected" (pytest's 5) counts as a failure.
# The tests run in one process per CPU (pytest-xdist), each test file in one of them, so a
# file's shared fixtures (the built .deb, a Ralph server) are made once;
# SENIORLEARN_TEST_WORKERS=1 runs them all in this one process instead.
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  echo "Usage: ./installer/test.sh [PYTEST ARGUMENTS...]   (run ./installer/setup.sh first)"
  exit 0
fi
[[ -x .venv/bin/python ]] ||
  { echo "test.sh: there is no .venv here yet; run ./installer/setup.sh --no-start first." >&2; exit 1; }

# The sync tests send to a real Learning Record Store: Ralph, from PyPI, in a venv of its own
# (its dependencies must not mix with the kiosk's).
if [[ ! -x .ralph-venv/bin/ralph ]]; then
  echo "==> Installing Ralph (the LRS the sync tests send to) into .ralph-venv"
  python3 -m venv .ralph-venv
  .ralph-venv/bin/pip install --quiet "ralph-malph[cli,lrs]==5.1.0" requests
fi

# The package test (tests/test_deb.py) builds the .deb, checks it with lintian and installs it
# into a debootstrapped root: as root (CI), those two tools are installed here when missing.
if ((EUID == 0)); then
  missing=()
  for tool in lintian debootstrap systemd-nspawn; do command -v "$tool" >/dev/null 2>&1 || missing+=("${tool/#systemd-nspawn/systemd-container}"); done
  if ((${#missing[@]})); then
    echo "==> Installing ${missing[*]} (the Debian package test needs them)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
      { DEBIAN_FRONTEND=noninteractive apt-get update >/dev/null &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
  fi
fi

workers=${SENIORLEARN_TEST_WORKERS:-auto}
spread=()
[[ $workers == 1 ]] || spread=(-n "$workers" --dist loadfile)
cmd=(.venv/bin/python -m pytest "${spread[@]}" "$@")
if [[ -z ${DISPLAY:-} ]]; then
  command -v xvfb-run >/dev/null 2>&1 ||
    { echo "test.sh: there is no screen and xvfb-run is missing; run ./installer/setup.sh --no-start first." >&2; exit 1; }
  echo "==> No \$DISPLAY: running the tests on a virtual screen (xvfb-run)"
  cmd=(xvfb-run -a -s "-screen 0 1920x1080x24" "${cmd[@]}")
fi

status=0
"${cmd[@]}" || status=$?
if ((status == 5)); then
  echo "test.sh: pytest collected no tests, which counts as a failure; check tests/ and the arguments given." >&2
  exit 1
fi
exit "$status"
