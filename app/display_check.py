"""Before Qt starts: can a window be shown here at all?

Without a display, or without the library Qt's X11 plugin needs, ``QApplication`` aborts the
process (exit 134) with "Reinstalling the application may fix this problem", which is not what is
wrong. ``display_problem`` looks first (Linux and the BSDs; elsewhere Qt always has a screen) and
says what to do instead: a desktop session, ``QT_QPA_PLATFORM=offscreen``, or the command line.
No Qt import here.
"""

from __future__ import annotations

import ctypes
import os
import sys

UNIX = ("linux", "freebsd", "openbsd", "netbsd")
OTHER_WAYS = ("  - or run the window without a screen (nothing is shown; for scripts and screenshots):\n"
              "      QT_QPA_PLATFORM=offscreen seekframe\n"
              "  - or use the command line, which needs no display:\n"
              "      seekframe index ~/Videos\n"
              "      seekframe search \"a dog on the beach\"\n"
              "    (seekframe --help lists every command)")
NO_DISPLAY = ("seekframe: there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY "
              "is set: a remote shell, a container or a server?).\n"
              "  - run it in a desktop session, or over `ssh -X`\n" + OTHER_WAYS)
NO_XCB_CURSOR = ("seekframe: the window needs the X11 library libxcb-cursor, which is not installed "
                 "(Qt cannot start without it).\n"
                 "  - install it: sudo apt install libxcb-cursor0 (Debian, Ubuntu), "
                 "sudo dnf install xcb-util-cursor (Fedora)\n" + OTHER_WAYS)


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
        return True
    except OSError:
        return False


def display_problem(env=None, platform: str = sys.platform, loads=_loads) -> str:
    """'' when Qt can show a window here; else what is wrong and what to do (for stderr)."""
    env = os.environ if env is None else env
    if not platform.startswith(UNIX):
        return ""
    qpa = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if qpa and qpa != "xcb":
        return ""  # offscreen, wayland, vnc, …: Qt was told what to use
    if not qpa and env.get("WAYLAND_DISPLAY"):
        return ""  # a Wayland session: Qt's Wayland plugin
    if not env.get("DISPLAY"):
        return NO_DISPLAY
    if platform.startswith("linux") and not loads("libxcb-cursor.so.0"):
        return NO_XCB_CURSOR  # Qt 6.5+ cannot load its X11 plugin without it
    return ""
