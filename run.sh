#!/usr/bin/env bash
# One entry point for people and CI. Every command first makes sure the
# machine has what it needs (CJK fonts, a virtual environment with the pinned
# packages); that step is idempotent and costs nothing when already done.
# `./run.sh help` prints the list below (the lines starting "#   ./run.sh")
# and installs nothing.
#
#   ./run.sh report [ARGS]     rebuild and publish the report; ARGS go to Snakemake (-n, --config year=2019)
#   ./run.sh test [ARGS]       run the test suite; ARGS go to pytest (-k docs)
#   ./run.sh check-figures     rebuild from clean and compare with the SHA-256 manifest
#   ./run.sh update-manifest   rebuild from clean and rewrite the manifest on purpose
#   ./run.sh bench [ARGS]      benchmark cold, no-op and incremental builds (tools/benchmark.py)
#   ./run.sh lint              ruff, snakefmt --check, snakemake --lint
#   ./run.sh cluster [ARGS]    build on a SLURM cluster (profiles/slurm; run on its login node); ARGS go to Snakemake
#   ./run.sh cluster-proof     start a one-node SLURM here, build through it, compare with a local build
#   ./run.sh proof             every page of the PDF and DOCX as PNG, contact sheets (report/build/proof/)
#   ./run.sh docs [serve]      build the documentation site strictly into site/ (serve: preview it)
#   ./run.sh help              this list (also -h, --help); without a command: report
set -euo pipefail

cd "$(dirname "$0")"
VENV=.venv
PY="$VENV/bin/python"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The first Python >= 3.11 on PATH (snakemake 9 and pandas 3 need it).
find_python() {
  local candidate
  for candidate in python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
}

apt_install() {
  echo "Installing system packages: $*" >&2
  as_root apt-get update -qq
  # (waits for another apt run instead of failing on its lock)
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=600 \
    install -y -qq "$@" >/dev/null
}

# Debian's Chromium, driven by Playwright, for the tests of the HTML edition
# (Playwright's own browser download is not used).
setup_browser() {
  command -v chromium >/dev/null || apt_install chromium
}

setup_system() {
  # Debian/Ubuntu packages: the CJK fonts, a Python >= 3.11 with venv support.
  local need=()
  [ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
  PYTHON=$(find_python)
  if [ -z "$PYTHON" ]; then
    need+=(python3.11 python3.11-venv) # e.g. Ubuntu 22.04, whose python3 is 3.10
  elif ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    need+=("$(basename "$PYTHON")-venv")
  fi
  if [ ${#need[@]} -gt 0 ]; then
    apt_install "${need[@]}"
  fi
  PYTHON=$(find_python)
  [ -n "$PYTHON" ] || { echo "Python >= 3.11 is needed and could not be installed" >&2; exit 1; }
}

setup_render_tools() {
  # The proof step and the layout tests render pages: LibreOffice (DOCX -> PDF,
  # headless, no GUI libraries) and poppler (PDF -> PNG); Calc opens the tables'
  # workbook (report-tables.xlsx).
  local need=()
  command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
  [ -f /usr/lib/libreoffice/program/libsclo.so ] || need+=(libreoffice-calc-nogui)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  # the 修订 copy's tests read it back through LibreOffice's UNO API, from the
  # system's Python (LibreOffice recommends python3-uno; apt may skip recommends)
  /usr/bin/python3 -c "import uno" 2>/dev/null || need+=(python3-uno)
  if [ ${#need[@]} -gt 0 ]; then
    apt_install "${need[@]}"
  fi
}

setup_python() {
  local stamp="$VENV/.requirements.lock.sha256"
  local want
  want=$(sha256sum requirements.lock | cut -d' ' -f1)
  if [ -x "$PY" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  echo "Creating $VENV with the pinned packages of requirements.lock" >&2
  [ -x "$PY" ] || "$PYTHON" -m venv "$VENV"
  # (the grep drops pip's notes about package folders this machine lacks)
  "$PY" -m pip install --quiet --disable-pip-version-check -r requirements.lock \
    2> >(grep -v "^WARNING: Location 'file:" >&2)
  echo "$want" >"$stamp"
}

setup() {
  setup_system
  setup_python
  # Fixed environment for byte-identical outputs (the date: nanjiang.common.epoch's
  # default unless the caller set SOURCE_DATE_EPOCH).
  SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(PYTHONPATH=scripts "$PY" -c \
    'from nanjiang.common.epoch import DEFAULT_EPOCH; print(DEFAULT_EPOCH)')}
  export SOURCE_DATE_EPOCH PYTHONHASHSEED=0 TZ=UTC LC_ALL=C.UTF-8
  export MPLCONFIGDIR="$PWD/.cache/matplotlib"
  export PATH="$PWD/$VENV/bin:$PATH"
}

# Debian's SLURM (slurmctld, slurmd, client commands) and munge, for the proof.
setup_slurm() {
  local need=()
  command -v slurmctld >/dev/null || need+=(slurmctld)
  command -v slurmd >/dev/null || need+=(slurmd)
  command -v sbatch >/dev/null || need+=(slurm-client)
  command -v munged >/dev/null || need+=(munge)
  if [ ${#need[@]} -gt 0 ]; then
    apt_install "${need[@]}"
  fi
}

# False when the Snakemake options only inspect or maintain (nothing is built).
builds_report() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --unlock | -n | --dry-run | --dryrun | --lint | --list* | -l | --summary | -S | \
        --detailed-summary | -D | --dag | --rulegraph | --filegraph | --touch | -t | \
        --cleanup-metadata | --cleanup-shadow | --delete-all-output | --delete-temp-output | \
        --help | -h | --version | -v | validate)
        return 1
        ;;
    esac
  done
  # (a publication was made in this folder: its record must hold)
  [ -f report/build/work/published.json ]
}

# The commands, one line each: the header of this file.
usage() {
  echo "Usage: ./run.sh [COMMAND] [ARGS...]"
  echo
  sed -n 's/^#   \.\/run\.sh /  /p' "$(basename "$0")" # (run.sh, in the folder cd'ed to)
}

cmd=${1:-report}
case "$cmd" in
  # Snakemake's options without a command: the report's (./run.sh -n)
  -h | --help) ;;
  -*) set -- report "$@" && cmd=report ;;
esac
shift || true
case "$cmd" in
  help | -h | --help)
    usage
    ;;
  report)
    setup
    python tools/clear_stale_lock.py
    snakemake --cores 4 "$@"
    if builds_report "$@"; then
      python tools/published.py
    fi
    ;;
  test)
    setup
    setup_browser
    setup_render_tools
    python -m pytest "$@"
    ;;
  check-figures)
    setup
    python tools/reproducibility.py check "$@"
    ;;
  update-manifest)
    setup
    python tools/reproducibility.py update "$@"
    ;;
  bench)
    setup
    python tools/benchmark.py "$@"
    ;;
  cluster)
    setup
    python tools/clear_stale_lock.py
    snakemake --profile profiles/slurm "$@"
    ;;
  cluster-proof)
    setup
    setup_slurm
    tools/cluster/slurm_proof.sh "$@"
    ;;
  proof)
    setup
    setup_render_tools
    snakemake --cores 4
    python tools/proof.py "$@"
    ;;
  lint)
    setup
    ruff check scripts tests tools
    snakefmt --check Snakefile rules
    snakemake --lint
    ;;
  docs)
    setup
    if [ "${1:-}" = serve ]; then
      shift
      mkdocs serve "$@"
    else
      mkdocs build --strict "$@"
    fi
    ;;
  *)
    echo "unknown command '$cmd'" >&2
    usage >&2
    exit 2
    ;;
esac
