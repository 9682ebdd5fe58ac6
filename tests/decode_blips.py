"""A decoder whose failures are of the moment, or of the content, for ``tests.test_failed_retry``:
importable by the decode processes (light: a heavy import there would eat the hang bound)."""

from __future__ import annotations

import os
import time

EIO = "cannot read the file (Input/output error)"  # (core.unopenable.unopenable_reason's words for EIO)
DENIED = "cannot read the file (Permission denied)"  # (unopenable_reason's words for EACCES)
BROKEN = "damaged video stream (Invalid data found when processing input)"


def decode(path, spec):
    """``decode_file``, but ``flaky*`` fails with EIO while a file "blip" is beside the videos' folder,
    ``hang*`` hangs, ``broken*`` fails on its content and ``locked*``'s read is denied though it
    opens (a byte-range lock, a security module that refuses the read); each decode is logged in "opened" there."""
    from core.decode_pool import decode_file
    from core.errors import MediaError

    beside, name = os.path.dirname(os.path.dirname(path)), os.path.basename(path)
    with open(os.path.join(beside, "opened"), "a", encoding="utf-8") as f:
        f.write(name + "\n")
    if name.startswith("flaky") and os.path.exists(os.path.join(beside, "blip")):
        raise MediaError(path, EIO)
    if name.startswith("hang"):
        time.sleep(600)
    if name.startswith("locked"):
        raise MediaError(path, DENIED)
    if name.startswith("broken"):
        raise MediaError(path, BROKEN)
    return decode_file(path, spec)
