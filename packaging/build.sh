#!/usr/bin/env bash
# Build Seekframe's one-folder desktop app with PyInstaller: dist/seekframe/seekframe (the app and
# the command line in one binary). --smoke then runs the build headless (packaging/smoke.py).
#   packaging/build.sh [--smoke]        PYTHON=... picks the environment (default: .venv/bin/python)
#   DIST=... and WORK=... put the build and PyInstaller's work files elsewhere (default: dist, build/pyinstaller)
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option $arg (use --smoke or --help)" >&2; exit 2 ;;
  esac
done

PYTHON=${PYTHON:-.venv/bin/python}
DIST=${DIST:-dist}
WORK=${WORK:-build/pyinstaller}
if [ ! -x "$PYTHON" ]; then
  echo "build.sh: no Python at $PYTHON; install Seekframe first (README) or set PYTHON" >&2
  exit 2
fi
# PyInstaller and the app's own dependencies (the CPU torch wheel: constraints.txt pins it).
if ! "$PYTHON" -c "import PyInstaller, PySide6" 2>/dev/null; then
  "$PYTHON" -m pip install -q -c constraints.txt -e ".[gui,build]"
fi
if "$PYTHON" -c "import torch, sys; sys.exit(0 if torch.version.cuda is None else 1)"; then :; else
  echo "build.sh: warning: this torch is a CUDA build; the folder will carry the CUDA libraries" >&2
fi

start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/seekframe.spec
echo "Built $DIST/seekframe/seekframe in $(( $(date +%s) - start )) s; $(du -sh "$DIST/seekframe" | cut -f1) on disk."
# Its desktop entry, pointing at this build (run desktop_entry.py again after moving the folder).
"$PYTHON" packaging/desktop_entry.py "$DIST/seekframe/seekframe" \
  --icon "$DIST/seekframe/_internal/core/resources/icons/seekframe.svg"

if [ "$smoke" = 1 ]; then
  "$PYTHON" packaging/smoke.py "$DIST/seekframe/seekframe" --inside "$DIST/seekframe"
fi
