"""``seekframe``'s entry point (``pyproject.toml``'s ``[project.scripts]``, the frozen build's
``packaging/seekframe_main.py``): the command's modules imported, then ``core.cli.main`` run.

A Ctrl-C in the command's first half second or so, while ``core.cli``'s imports load (NumPy,
PyAV, argparse) or ``main`` reads its arguments, came out of the script before ``main``'s handler
(which covers the command itself): a traceback of whatever module was loading, exit status -2, or
NumPy's page on a broken installation (an interrupt inside its C extension's import is raised as
an ImportError). Here it is said in one line, exit 130 as ``main`` says a later one; nothing was
opened or written yet (the desktop app, once its window is up, closes on a Ctrl-C). A command started
with SIGINT ignored (a script's background job, `seekframe index ~/Videos &`, where the shell has no
job control) keeps ignoring it: before, a Ctrl-C meant for the script stopped it in that half second
alone."""

from __future__ import annotations

import signal
import sys

INTERRUPTED_AT_START = "seekframe: interrupted before it began; nothing was done."


def main() -> int:
    hit: list[int] = []

    def interrupted(signum, frame):
        hit.append(signum)
        raise KeyboardInterrupt

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:  # (started ignoring it, a script's background job: kept)
        from core.cli import main as run_command

        return run_command()
    before = signal.signal(signal.SIGINT, interrupted)  # (what an import raises for it may be another error)
    try:
        from core.cli import main as run_command
    except BaseException:
        if not hit:
            raise
        print(INTERRUPTED_AT_START, file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGINT, before)
    try:
        return run_command()
    except KeyboardInterrupt:  # (before main's own handler: its arguments read, the app's modules loading)
        print(INTERRUPTED_AT_START, file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
