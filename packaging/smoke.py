"""Headless smoke test of an installed Seekframe, run from outside the checkout.

    python packaging/smoke.py BIN [--inside DIR] [--gui-seconds N]

BIN is a ``seekframe`` command: the console script of a venv the wheel was installed into, or the
frozen ``dist/seekframe/seekframe``. In a fresh temporary data home, offline and with the temporary
folder as working directory, it runs ``BIN --version``, ``BIN demo``, ``BIN index`` of the demo clips
into the demo library (the bundled demo model), ``BIN search`` for a README query, ``BIN index`` of
one clip into a new library (the default model: the bundled real-footage one), then the window
offscreen until N seconds after its model is ready (``SEEKFRAME_QUIT_AFTER_S``). It checks the
version, that the search finds the clip and moment the README names, that the model came from
inside DIR (the venv or the build, not the checkout) and that the window got its model, ran and
closed cleanly, with its icon and no error in the app's log. Prints each step; exit code 0 when everything held, 1 otherwise.
Standard library only: it runs under any Python.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY = "a yellow ball bouncing on a grass field"  # the README's demo search
EXPECTED = ("red-car-then-yellow-ball-then-white-star.mp4", 4.0, 8.0)
STEP_TIMEOUT_S = 900


class SmokeFailure(Exception):
    pass


def expected_version() -> str:
    text = (ROOT / "core" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def clean_env(work: Path) -> dict:
    """Nothing from the checkout or the user's own data: a data home, config and cache of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEEKFRAME_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(SEEKFRAME_HOME=str(work / "home"), XDG_CONFIG_HOME=str(work / "config"),
               XDG_CACHE_HOME=str(work / "cache"), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               QT_QPA_PLATFORM="offscreen")
    return env


def run(cmd: list[str], env: dict, work: Path, timeout: float = STEP_TIMEOUT_S) -> subprocess.CompletedProcess:
    print("$", " ".join(cmd[1:]) or "(no arguments)", flush=True)
    start = time.monotonic()
    try:
        out = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise SmokeFailure(f"{' '.join(cmd)} did not finish in {timeout:.0f} s") from e
    out.elapsed = time.monotonic() - start
    print(f"  exit {out.returncode} after {out.elapsed:.1f} s", flush=True)
    if out.returncode != 0:
        raise SmokeFailure(f"{' '.join(cmd)} exited {out.returncode}:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return out


def inside(path: str, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def smoke(binary: str, work: Path, within: Path | None, gui_seconds: float) -> None:
    env = clean_env(work)
    home, videos = work / "home", work / "home" / "demo-videos"
    library = home / "demo-library"  # the README's demo library (SEEKFRAME_HOME/demo-library)

    out = run([binary, "--version"], env, work)
    if out.stdout.strip() != f"seekframe {expected_version()}":
        raise SmokeFailure(f"--version printed {out.stdout.strip()!r}, not 'seekframe {expected_version()}'")

    run([binary, "demo", "--out", str(videos)], env, work)
    if len(list(videos.glob("*.mp4"))) < 10:
        raise SmokeFailure(f"demo wrote {len(list(videos.glob('*.mp4')))} clips to {videos}")

    run([binary, "index", "--library", str(library), str(videos), "-q"], env, work)
    source = json.loads((library / "library.json").read_text(encoding="utf-8"))["model_source"]
    if Path(source).parts[-2:] != ("models", "demo"):
        raise SmokeFailure(f"the demo library was indexed with {source}, not the bundled demo model")
    if within is not None and not inside(source, within):
        raise SmokeFailure(f"the bundled demo model was loaded from {source}, outside {within}")
    print(f"  model: {source}")

    out = run([binary, "search", "--library", str(library), QUERY, "-k", "3", "--json"], env, work)
    hits = json.loads(out.stdout)
    name, start, end = EXPECTED
    top = hits[0] if hits else {}
    if not (Path(top.get("path", "")).name == name and top["start"] < end and top["end"] > start):
        raise SmokeFailure(f"search {QUERY!r}: expected {name} at {start:g}-{end:g} s first, got {hits}")
    print(f"  top hit: {name} {top['start']:g}-{top['end']:g} s, score {top['score']:.3f}")

    # the default model of a new library, the bundled real-footage one: its face detector opens
    # OpenCV's Haar cascades from files no import names (a build without them failed here)
    real = home / "real-library"
    run([binary, "index", "--library", str(real), str(videos / name), "-q"], env, work)
    out = run([binary, "status", "--library", str(real), "--json"], env, work)
    status = json.loads(out.stdout)
    source = status["model_source"]
    if Path(source).parts[-2:] != ("models", "real") or (within is not None and not inside(source, within)):
        raise SmokeFailure(f"a new library was indexed with {source}, not the bundled real-footage model"
                           + (f" inside {within}" if within is not None else ""))
    if status["by_status"]["done"] != 1 or status["failed"]:
        raise SmokeFailure(f"the real-footage model did not index {name}: "
                           f"{status['by_status']}, {status['failed']}")
    print(f"  real-footage model: {source}")

    gui_env = {**env, "SEEKFRAME_QUIT_AFTER_S": str(gui_seconds), "SEEKFRAME_LIBRARY": str(library)}
    out = run([binary], gui_env, work, timeout=gui_seconds + 180)
    log_file = home / "seekframe-app.log"
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.is_file() else ""
    if out.elapsed < gui_seconds:
        raise SmokeFailure(f"the window closed after {out.elapsed:.1f} s, before {gui_seconds:g} s:\n{out.stderr[-3000:]}")
    if "once the model was ready" not in log:
        raise SmokeFailure(f"the app's log does not say its model was ready before it closed:\n{log[-3000:]}")
    problems = [line for line in (log + out.stderr).splitlines() if " ERROR " in line or "icon" in line.lower()]
    if problems:
        raise SmokeFailure("the app reported:\n" + "\n".join(problems[:20]))
    print(f"  window ran {out.elapsed:.1f} s offscreen and closed cleanly")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("binary", help="the seekframe command to test")
    p.add_argument("--inside", metavar="DIR", help="the bundled models must load from inside this folder")
    p.add_argument("--gui-seconds", type=float, default=5.0, metavar="N")
    args = p.parse_args(argv)
    binary = str(Path(args.binary).resolve())
    if not os.access(binary, os.X_OK):
        print(f"smoke: {binary} is not an executable (build it first: packaging/build.sh)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="seekframe-smoke-") as tmp:
        try:
            smoke(binary, Path(tmp), Path(args.inside) if args.inside else None, args.gui_seconds)
        except SmokeFailure as e:
            print(f"smoke: FAILED: {e}", file=sys.stderr)
            return 1
    print("smoke: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
