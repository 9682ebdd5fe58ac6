"""What Qt and its FFmpeg print on the terminal that a user cannot act on, kept off it.

Started from a terminal, the window printed ten ``qt.multimedia.symbolsresolver`` lines (optional
libraries, PipeWire and VA-API, that this machine lacks and Qt does without) and, at every clip the
preview opened, FFmpeg's dump of the file ("Input #0, mov,mp4… Metadata… Stream #0:0…", about 15
lines): Qt's own FFmpeg (not PyAV's, which the engine reads through ``core.decoder_logs``) logs at
info, its default, to stderr. ``quiet_qt`` turns off the first through Qt's logging rules (before
the application is made); ``quiet_ffmpeg``, once a ``QMediaPlayer`` exists (its plugin loaded: Qt's
libavutil cannot be loaded before it, needing the plugin's OpenSSL stubs, and the plugin sets its
level as it loads), sets Qt's FFmpeg to say errors only, through ``av_log_set_level`` of the
libavutil PySide6 ships. A developer's ``QT_LOGGING_RULES`` or ``QT_FFMPEG_DEBUG`` still wins: Qt
reads the first after these rules, and the second leaves FFmpeg's level as Qt set it.
"""

from __future__ import annotations

import ctypes
import glob
import logging
import os

from PySide6.QtCore import QLoggingCategory

log = logging.getLogger("seekframe.app")

RULES = "\n".join(("qt.multimedia.symbolsresolver=false", "qt.multimedia.ffmpeg.info=false",
                   "qt.multimedia.ffmpeg.debug=false", "qt.multimedia.playbackengine.*.debug=false",
                   "qt.multimedia.playbackengine.*.info=false"))
AV_LOG_ERROR = 16
_PATTERNS = ("libavutil.so.*", "libavutil.*.dylib", "avutil-*.dll")


def quiet_qt() -> None:
    """Qt's multimedia lines a user cannot act on off the terminal (call before the application)."""
    QLoggingCategory.setFilterRules(RULES)


def qt_avutil() -> str | None:
    """The path of the libavutil that PySide6's FFmpeg media plugin uses, or None (a Qt without it)."""
    import PySide6

    root = os.path.dirname(PySide6.__file__)
    for folder in (os.path.join(root, "Qt", "lib"), root):
        for pattern in _PATTERNS:
            found = sorted(glob.glob(os.path.join(folder, pattern)), key=len)
            if found:
                return found[0]
    return None


def quiet_ffmpeg() -> None:
    """Qt's FFmpeg says errors only (call once a ``QMediaPlayer`` exists); never fails."""
    path = qt_avutil()
    if path is None or os.environ.get("QT_FFMPEG_DEBUG"):
        return
    try:  # (only the library the plugin loaded: never a second copy)
        ctypes.CDLL(path, mode=getattr(os, "RTLD_NOLOAD", 0)).av_log_set_level(AV_LOG_ERROR)
    except (OSError, AttributeError) as exc:  # (not loaded, or a Qt built otherwise: it says what it says)
        log.debug("Qt's FFmpeg log level left as it is (%s): %s", path, exc)
