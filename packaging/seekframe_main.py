"""The frozen app's entry point (PyInstaller): one ``seekframe`` binary that dispatches exactly like
the pip-installed command (no arguments: the desktop app; otherwise the command line)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # A decode worker started with "spawn" or "forkserver" re-runs this binary; freeze_support
    # turns that run into the worker instead of a second app (it does nothing outside a build).
    multiprocessing.freeze_support()
    from core.cli_entry import main  # (a Ctrl-C while the command's modules load: said, no traceback)

    sys.exit(main())
