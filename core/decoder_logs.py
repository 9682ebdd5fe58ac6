"""Keep FFmpeg's and OpenCV's own log lines ("[mov,mp4,… @ 0x…] moov atom not found") off the
terminal: the command line says why each file failed in its own words, once.

The variables are read when OpenCV starts its FFmpeg backend and are inherited by decode worker
processes, so :func:`quiet_decoder_logs` runs first thing in the CLI; a library already imported
is quietened directly. A variable the user set is kept (``OPENCV_FFMPEG_LOGLEVEL=24``: warnings).
"""

from __future__ import annotations

import logging
import os
import sys

QUIET_ENV = {
    "OPENCV_LOG_LEVEL": "OFF",  # OpenCV's own messages
    "OPENCV_FFMPEG_LOGLEVEL": "-8",  # AV_LOG_QUIET for the FFmpeg inside OpenCV
}


def quiet_decoder_logs() -> None:
    for name, value in QUIET_ENV.items():
        os.environ.setdefault(name, value)
    cv2 = sys.modules.get("cv2")
    if cv2 is not None and hasattr(cv2, "setLogLevel") and os.environ["OPENCV_LOG_LEVEL"] == "OFF":
        cv2.setLogLevel(0)  # LOG_LEVEL_SILENT
    # PyAV hands FFmpeg's messages to Python logging ("libav.*" loggers) when its level is set;
    # with no handler, logging's last resort would print them on stderr. They stay captured for
    # PyAV's own errors ("last error log: …"), which core.media turns into a file's reason.
    logging.getLogger("libav").setLevel(logging.CRITICAL + 1)
