"""While an index run's header read of one video in a library folder was slow (a big MP4 whose index is at
its end on slow Wi-Fi, a disk waking, an online-only cloud file: more than ``HEADER_LOOK_S`` but it does
answer), every other result from that library folder said "offline" in the window, which runs the index
run in its own process (review rv_4, finding 2): ``bounded_meta.stuck_in`` counted any stuck look under the
folder. It counts the folder's own looks and the looks at a file the user typed (``clirefs.look_typed``,
keyed by the file's own folder: ``similar FILE@T`` in a sub-folder still waits once, tests/
test_hung_share_lookups.py); a header read stuck no longer says its neighbours offline."""

from __future__ import annotations

import os
import threading

import pytest

from core import bounded_meta, clirefs, file_look, index_passes, scan_stalls
from core.library.records import VideoRecord


@pytest.fixture
def gate():
    """An event the stuck looks wait on, set at the end (their threads end then)."""
    released = threading.Event()
    yield released
    released.set()


def _folder(tmp_path, sub="sub"):
    """The library folder, its two videos in ``sub`` ("": in the library folder itself, the common layout)."""
    root = tmp_path / "share"
    (root / sub).mkdir(parents=True, exist_ok=True)
    for name in ("slow.mp4", "other.mp4"):
        (root / sub / name).write_bytes(b"x" * 64)
    return root


@pytest.mark.parametrize("sub", ["sub", ""])
def test_a_header_read_stuck_says_no_other_file_of_its_folder_offline(tmp_path, monkeypatch, gate, sub):
    """(sub "": the videos directly in the library folder, ~/Videos/big.mp4; still "offline" after 22119fd,
    the header read keyed by its file's folder, the library folder itself: review rv_8, finding 2)"""
    root = _folder(tmp_path, sub)
    reading = []  # (the header read: started, then ended)

    def hangs(path, timeout_s):
        reading.append("started")
        gate.wait(60)
        reading.append("ended")
        return 0.0

    monkeypatch.setattr(index_passes, "_header_length", hangs)
    slow = root / sub / "slow.mp4"
    rec = VideoRecord(video_id="0" * 16, path=str(slow), root=str(root), size=64,
                      mtime=1.0, content_hash="h", duration=7.0)
    assert index_passes.header_seconds(rec, timeout_s=1.0) == 7.0  # (its record's length after ``bound``'s
    # least, 1 s: the read still stuck)
    assert reading == ["started"]
    other = root / sub / "other.mp4"
    st = other.stat()
    assert not bounded_meta.stuck_in(str(root))
    assert file_look.file_now(str(other), str(root), (st.st_size, st.st_mtime)) == ("", st)
    assert not file_look.file_gone(str(other), str(root))


def test_a_header_read_stuck_says_no_library_entry_that_is_the_file_offline(tmp_path, monkeypatch, gate):
    """A library entry that is one video (``seekframe index ~/lecture.mp4``: its root is the file itself) was said
    offline, and missing in the window's status, while its own header read was stuck: f83321a keyed the read by the
    file, the entry's own key (review rv_9, finding 1)."""
    lecture = tmp_path / "lecture.mp4"
    lecture.write_bytes(b"x" * 64)
    monkeypatch.setattr(index_passes, "_header_length", lambda path, timeout_s: gate.wait(60) and 0.0)
    rec = VideoRecord(video_id="0" * 16, path=str(lecture), root=str(lecture), size=64,
                      mtime=1.0, content_hash="h", duration=7.0)
    assert index_passes.header_seconds(rec, timeout_s=1.0) == 7.0  # (the read still stuck)
    st = lecture.stat()
    assert not bounded_meta.stuck_in(str(lecture))
    assert file_look.file_now(str(lecture), str(lecture), (st.st_size, st.st_mtime)) == ("", st)
    assert bounded_meta.answer(str(lecture), os.path.isfile, str(lecture), timeout_s=1.0) is True  # (the status's look)


def test_a_typed_clip_s_look_stuck_still_says_its_library_folder_offline_at_once(tmp_path, monkeypatch, gate):
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)  # (the typed look's bound; the results' is not waited)
    root = _folder(tmp_path)
    clip = root / "sub" / "slow.mp4"
    assert clirefs.look_typed(str(clip), lambda: gate.wait(60), otherwise="none") == "none"
    other = root / "sub" / "other.mp4"
    assert file_look.file_now(str(other), str(root), (64, other.stat().st_mtime)) == ("offline", None)
