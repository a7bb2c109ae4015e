#!/usr/bin/env bash
# setup.sh — set up SeniorLearn on Debian 12 (bookworm) and start the kiosk in a window.
#
# Installs only what is missing: the Debian packages in installer/debian-packages.txt (with sudo
# when not root), a virtual environment in .venv with the project and its dev tools, the compiled
# translations, and the demo course packs built from courses_offline/scripts. Then starts the kiosk; with no screen it runs a short smoke start on a virtual one.
# A second run changes nothing and takes a few seconds.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: ./installer/setup.sh [--no-start] [--help]

Set up SeniorLearn on Debian 12 and start the kiosk in a window.

  1. installs the missing Debian packages listed in installer/debian-packages.txt
     (apt-get, through sudo when you are not root)
  2. makes a Python virtual environment in .venv and installs SeniorLearn into it
  3. compiles the translations
  4. builds the three demo courses from courses_offline/scripts into courses_offline/packs
     (about a minute the first time; the kiosk installs them when it starts)
  5. starts the kiosk in a window; with no screen ($DISPLAY and $WAYLAND_DISPLAY unset) it
     starts it for a few seconds on a virtual screen and saves a screenshot instead

Options:
  --no-start   install only, do not start the kiosk (CI uses this)
  --help       show this help

Run it again at any time: it only does what is still missing.
The kiosk keeps its data in $SENIORLEARN_HOME when set, else in ~/.local/share/seniorlearn;
the no-screen smoke start uses .seniorlearn-home in this folder unless SENIORLEARN_HOME is set.
EOF
}

START=1
for arg in "$@"; do
  case "$arg" in
    --no-start) START=0 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg'; see ./installer/setup.sh --help" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$(readlink -f "$0")")/.."
ROOT=$PWD
PACKAGE_LIST=installer/debian-packages.txt
VENV=.venv
STAMP=$VENV/.seniorlearn-installed
STARTED_AT=$SECONDS

step() { printf '==> %s\n' "$*"; }
took() { info "done in $((SECONDS - $1)) s"; }
info() { printf '    %s\n' "$*"; }
fail() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- 1. Debian packages

wanted_packages() {  # package names from the list: first word of each line, comments dropped
  awk '{ sub(/#.*/, "") } NF { print $1 }' "$PACKAGE_LIST"
}

is_installed() {
  local status
  status=$(dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null) || return 1
  [[ $status == *"install ok installed"* ]]
}

install_packages() {
  local -a missing=() as_root=()
  local pkg
  while IFS= read -r pkg; do
    is_installed "$pkg" || missing+=("$pkg")
  done < <(wanted_packages)
  if ((${#missing[@]} == 0)); then
    info "all $(wanted_packages | wc -l) Debian packages are already installed"
    return 0
  fi
  info "missing: ${missing[*]}"
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 ||
      fail "${#missing[@]} Debian packages are missing and you are not root and sudo is not installed; as root run: apt-get install --no-install-recommends ${missing[*]}"
    if ! sudo -n true 2>/dev/null && ! [[ -t 0 ]]; then
      fail "${#missing[@]} Debian packages are missing and sudo needs a password but there is no terminal to type it in; run ./installer/setup.sh from a terminal, or as root run: apt-get install --no-install-recommends ${missing[*]}"
    fi
    as_root=(sudo)
    info "using sudo to install them (it may ask for your password)"
  fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
}

check_python() {
  command -v python3 >/dev/null 2>&1 || fail "python3 is not installed; install Debian's python3 package and run this again."
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    fail "SeniorLearn needs Python 3.11 or newer but python3 is $(python3 -V 2>&1); use Debian 12 (bookworm) or newer."
}

# ---------------------------------------------------------------- 2. Python environment

stamp_value() {  # what the installed environment was built from
  { python3 -V; sha256sum pyproject.toml; } 2>&1 | sha256sum | cut -d' ' -f1
}

make_venv() {
  if [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    info "$VENV exists"
  else
    # --clear also repairs a .venv left without pip by an earlier run that lacked python3-venv.
    info "creating $VENV"
    python3 -m venv --clear "$VENV"
    rm -f "$STAMP"
  fi
  if [[ -f $STAMP && $(<"$STAMP") == "$(stamp_value)" ]] &&
    "$VENV/bin/python" -c 'import seniorlearn' 2>/dev/null; then
    info "Python packages are up to date with pyproject.toml"
    return 0
  fi
  local -a quiet=()
  [[ -t 1 ]] || quiet=(--progress-bar off)
  info "installing Python packages (the first time downloads about 500 MB)"
  "$VENV/bin/python" -m pip install "${quiet[@]}" --upgrade pip
  "$VENV/bin/python" -m pip install "${quiet[@]}" -e '.[dev]'
  stamp_value >"$STAMP"
}

# ---------------------------------------------------------------- 3. translations

translations_current() {  # every .mo holds exactly what its .po compiles to
  # Compares content, not mtimes: a git checkout gives .po and a tracked .mo arbitrary mtimes.
  "$VENV/bin/python" - <<'PY' 2>/dev/null
import sys
try:
    from seniorlearn.core import i18n
    for po in i18n.po_files():
        mo = po.with_suffix(".mo")
        want = i18n.mo_bytes(i18n.parse_po(po.read_text(encoding="utf-8")))
        if not mo.is_file() or mo.read_bytes() != want:
            sys.exit(1)
except Exception:
    sys.exit(1)
PY
}

compile_translations() {
  if translations_current; then
    info "translations are up to date"
  else
    "$VENV/bin/python" -m seniorlearn.core.i18n | sed 's/^/    wrote /'
  fi
}

# ---------------------------------------------------------------- 4. demo courses

build_demo_courses() {
  "$VENV/bin/python" scripts/build_demo_courses.py ||
    fail "the demo courses could not be built; see the message above"
}

# ---------------------------------------------------------------- 5. start

start_kiosk() {
  if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
    step "Starting the kiosk in a window (close the window to stop it)"
    exec "$VENV/bin/seniorlearn" kiosk --windowed
  fi
  export SENIORLEARN_HOME=${SENIORLEARN_HOME:-$ROOT/.seniorlearn-home}
  local shot=$ROOT/.seniorlearn-home/first-start.png
  step "There is no screen here (DISPLAY and WAYLAND_DISPLAY are unset), so the kiosk starts for 8 seconds on a virtual screen as a check"
  mkdir -p "$SENIORLEARN_HOME" "$(dirname "$shot")"
  rm -f "$shot"
  # The timeout is a backstop in case the kiosk does not quit by itself.
  timeout -k 10 120 xvfb-run -a -s "-screen 0 1920x1080x24" \
    "$VENV/bin/seniorlearn" kiosk --windowed --quit-after 8 --screenshot "$shot" ||
    fail "the kiosk did not start and quit cleanly on the virtual screen (exit $?); see the messages above, and run .venv/bin/seniorlearn doctor"
  [[ -s $shot ]] || fail "the kiosk ran but saved no screenshot at $shot"
  step "The kiosk started; its screenshot is $shot"
}

# ---------------------------------------------------------------- main

step "Debian packages ($PACKAGE_LIST)"
t=$SECONDS
install_packages
check_python
took "$t"
step "Python environment ($ROOT/$VENV)"
t=$SECONDS
make_venv
took "$t"
step "Translations"
compile_translations
step "Demo courses (courses_offline/scripts -> courses_offline/packs)"
t=$SECONDS
build_demo_courses
took "$t"
step "Set-up finished in $((SECONDS - STARTED_AT)) s"
if ((START)); then
  start_kiosk
else
  info "not starting the kiosk (--no-start); start it with: .venv/bin/seniorlearn kiosk --windowed"
fi
