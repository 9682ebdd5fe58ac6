"""Decoders that kill the Ray worker running them, for tests/test_cluster.py and tests/test_cluster_faults.py
(importable by the workers: the test puts the checkout on their PYTHONPATH).

The decoder runs in a decode process of the Ray worker (``core.decode_pool``), so it kills that
worker, its parent, with SIGKILL (as the OOM killer or a lost node would), not itself.
``die_once*.mp4``: the first time, leaving a marker beside the file; the retry decodes it.
``die_always*.mp4``: every time. Each death adds a line to the marker (``<file>.died``).
Anything else: ``core.decode_pool.decode_file``. ``logged``: ``decode``, logging each file read.
``unmounted``: a file a worker cannot see (no share mounted there); ``unmounted_reworded``: the same,
its 'file not found' in other words.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from pathlib import Path

from core.decode_pool import decode_file
from core.errors import MediaError

UNREADABLE = "cannot read the file (Permission denied)"  # (core.unopenable.unopenable_reason's)


def decode(path, spec):
    name = Path(path).name
    marker = Path(f"{path}.died")
    if name.startswith("die_always") or (name.startswith("die_once") and not marker.exists()):
        with open(marker, "a", encoding="utf-8") as f:
            f.write("died\n")
        os.kill(mp.parent_process().pid, signal.SIGKILL)
        time.sleep(60)  # this process follows its parent (core.decode_pool watches it)
    return decode_file(path, spec)


def logged(path, spec):
    """``decode``, each file's name logged in ``decoded.log`` beside its folder; the first file
    named ``locked*.mp4`` read fails as a file that cannot be read (``UNREADABLE``)."""
    beside = Path(path).parent.parent
    with open(beside / "decoded.log", "a", encoding="utf-8") as f:
        f.write(Path(path).name + "\n")
    if Path(path).name.startswith("locked"):
        try:
            os.close(os.open(beside / "locked once", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            pass
        else:
            raise MediaError(path, UNREADABLE)
    return decode(path, spec)


def kills_the_first_twin(path, spec):
    """``decode``; the first file named ``twin*.mp4`` read kills its Ray worker each time it is
    read (its node short of memory for another program), so that its task fails twice; its copies
    read (its name is in ``first twin`` beside its folder)."""
    beside, name = Path(path).parent.parent, Path(path).name
    if name.startswith("twin"):
        try:
            fd = os.open(beside / "first twin", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            pass
        else:
            os.write(fd, name.encode())
            os.close(fd)
        if (beside / "first twin").read_text(encoding="utf-8") == name:
            os.kill(mp.parent_process().pid, signal.SIGKILL)
            time.sleep(60)  # (as decode: this process follows its parent)
    return decode(path, spec)


def unmounted(path, spec):
    """``decode``; a file named ``unmounted*.mp4`` is read as a worker on another machine without
    the driver's share sees it: not there (``core.video_open``'s 'file not found')."""
    if Path(path).name.startswith("unmounted"):
        path = str(Path(path).parent / "not mounted here" / Path(path).name)
    return decode(path, spec)


def unmounted_reworded(path, spec):
    """``unmounted``, the reason reworded as a later version of ``core.video_open`` might word it, its
    kind (``core.errors.MediaError.kind``) kept: what a worker's failure is must not hang on its words."""
    try:
        return unmounted(path, spec)
    except MediaError as exc:
        kind = {"kind": exc.kind} if hasattr(exc, "kind") else {}
        raise MediaError(exc.path, "there is no file at this path", **kind) from None


def another_model():
    """A worker's encoder of another model than the driver's ``ColourMeanEncoder`` (the model's
    folder on that machine holding another model)."""
    from tests.fakes import ColourMeanEncoder

    encoder = ColourMeanEncoder()
    encoder.model_id = "another-model-0000"
    return encoder
