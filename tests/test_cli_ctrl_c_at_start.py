"""A Ctrl-C in the first half second of any ``seekframe`` command, while ``core.cli``'s modules
load, came out of the installed script's ``from core.cli import main`` before ``main``'s own
handler: a traceback of the module being loaded (NumPy, argparse, dataclasses...), exit status -2,
or NumPy's page on a broken installation where the interrupt landed in its C extension's import
(measured on the real command: a traceback for a Ctrl-C 0.04-0.6 s after the start of `seekframe
status`). The entry point is now ``core.cli_entry.main``: said in one line, exit 130."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_proc import ROOT, cli_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT sent to itself")

# The command run through ENTRY (pyproject's, as the installed script runs it), a SIGINT sent to itself while MODULE is being imported
# (a meta path finder asked for it first); HOW: "interrupt" lets the KeyboardInterrupt go up, "c-ext"
# turns it into an ImportError, as an interrupt inside a C extension's import comes out.
PROBE = r"""
import os, signal, sys, time
ENTRY, MODULE, HOW = sys.argv[1], sys.argv[2], sys.argv[3]
del sys.argv[1:4]

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == MODULE:
            sys.meta_path.remove(self)
            try:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(5)
            except KeyboardInterrupt:
                if HOW == "c-ext":
                    raise ImportError("PyCapsule_Import could not import module 'datetime'")
                raise
        return None

sys.meta_path.insert(0, Interrupt())
module, _, name = ENTRY.partition(":")
main = getattr(__import__(module, fromlist=[name]), name)
sys.exit(main())
"""


def _entry() -> str:
    found = re.search(r"\[project\.scripts\]\s*\nseekframe\s*=\s*\"([^\"]+)\"", (ROOT / "pyproject.toml").read_text())
    assert found, "pyproject.toml names no seekframe script"
    return found.group(1)


def _run(module: str, how: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE, _entry(), module, how, *args], cwd=ROOT, env=cli_env(),
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("module, how", [("core.cli_status", "interrupt"), ("numpy", "interrupt"),
                                         ("numpy", "c-ext"), ("argparse", "interrupt")])
def test_a_ctrl_c_while_the_command_loads_is_said_in_one_line(module, how, tmp_path):
    done = _run(module, how, "status", "--library", tmp_path / "lib")
    assert "Traceback" not in done.stderr and "numpy" not in done.stderr.lower(), done.stderr
    assert done.stderr.strip() == "seekframe: interrupted before it began; nothing was done.", done.stderr
    assert done.returncode == 130, (done.returncode, done.stderr)
    assert not (tmp_path / "lib").exists()  # (nothing was done, as said)


def test_a_command_runs_through_the_entry_point_as_before(tmp_path):
    done = _run("no.such.module", "interrupt", "forget", tmp_path / "nowhere", "--library", tmp_path / "lib")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr  # (main's own answer)
    done = _run("no.such.module", "interrupt", "--version")
    assert done.returncode == 0 and done.stdout.startswith("seekframe"), (done.stdout, done.stderr)


def test_the_installed_command_and_the_frozen_build_start_there():
    assert _entry() == "core.cli_entry:main"
    frozen = (ROOT / "packaging" / "seekframe_main.py").read_text()
    assert "from core.cli_entry import main" in frozen and "from core.cli import main" not in frozen


IGNORED_PROBE = r"""
import os, signal, sys, time
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "core.cli_status":
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)  # (a handler, where there is one, runs here)
        return None

sys.meta_path.insert(0, Interrupt())
from core.cli_entry import main
code = main()
print("after:", "ignored" if signal.getsignal(signal.SIGINT) is signal.SIG_IGN else "handled", file=sys.stderr)
sys.exit(code)
"""


def test_a_command_started_with_ctrl_c_ignored_keeps_ignoring_it(tmp_path):
    """A command started with SIGINT ignored (a script's `seekframe index ~/Videos &`: a background job
    of a shell without job control ignores it, so a Ctrl-C meant for the script leaves it running) was
    stopped by a Ctrl-C in its first half second, "interrupted before it began", and ignored it after:
    the entry point's handler for the imports took the place of the ignore it inherited."""
    import signal

    done = subprocess.run([sys.executable, "-c", IGNORED_PROBE, "status", "--library", tmp_path / "lib"], cwd=ROOT,
                          env=cli_env(), capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert "interrupted" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2 and "No library at" in done.stderr, (done.returncode, done.stderr)  # (the command ran)
    assert "after: ignored" in done.stderr, done.stderr
