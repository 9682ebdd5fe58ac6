"""A library folder on a disk waking up (15-20 s), whose look by the window's status probe (bounded 10 s) was
still stuck when the user added a link to it: ``bounded_meta.answer`` took the stuck look as no answer at
once, so ``as_library_folder`` compared that folder by its spelling alone and the link was added as a
second library folder, its videos found again under another name (review rv_4, finding 3). The library
folder's look (``_real``), and the added folder's own resolve, wait for a stuck look within the bound now
(``bounded_meta.waited``), as the CLI's check of a named folder does."""

from __future__ import annotations

import os
import threading

import pytest

from core import bounded_meta
from core.folder_spelling import as_library_folder


@pytest.fixture
def waking(tmp_path):
    """(stuck(key): a look of ``key`` left stuck, as a probe's past its bound; the disk wakes 0.3 s later)."""
    gate, timers = threading.Event(), []

    def stuck(key):
        with pytest.raises(TimeoutError):
            bounded_meta.call(str(key), gate.wait, 60, timeout_s=1.0)  # (``bound``'s least)
        assert bounded_meta.stuck(str(key))
        timers.append(threading.Timer(0.3, gate.set))
        timers[-1].start()

    yield stuck
    gate.set()
    for t in timers:
        t.join()


def _library_folder_through_a_link(tmp_path):
    """The library folder spelled through a link (``/mnt/videos`` -> the disk's ``real``)."""
    real, spelled = tmp_path / "real", tmp_path / "videos"
    real.mkdir()
    os.symlink(real, spelled)
    return real, str(spelled)


def test_a_link_added_while_the_library_folder_s_look_is_stuck_is_that_library_folder(tmp_path, waking):
    real, folder = _library_folder_through_a_link(tmp_path)
    waking(folder)
    assert as_library_folder(str(real), [folder]) == folder


def test_a_folder_added_while_its_own_look_is_stuck_is_still_told_as_the_library_folder(tmp_path, waking):
    real, folder = _library_folder_through_a_link(tmp_path)
    os.symlink(real, tmp_path / "again")
    waking(tmp_path / "again")
    assert as_library_folder(str(tmp_path / "again"), [folder]) == folder
