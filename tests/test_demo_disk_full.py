"""`seekframe demo` on a full disk: OpenCV's writer says nothing of a write refused, so the clip it
was writing was put in place cut short (64 KiB of a clip, unreadable, as if whole), and the next
clip's writer, failing to open, ended the command in a traceback asking the user to report a fault
of Seekframe's. Now a clip that does not read back whole is not put in place, and a full disk is
said as one (the disk-full exit code), with the demo's own words."""

from __future__ import annotations

import cv2

from core.cli import EXIT_DISK_FULL, main
from tests.mounts import mounts  # noqa: F401  (the fixture)


def test_demo_on_a_full_disk_says_so_and_leaves_no_clip_cut_short(tmp_path, capsys, mounts):
    out = mounts.tmpfs(tmp_path / "small", size="64k") / "clips"
    assert main(["demo", "--out", str(out)]) == EXIT_DISK_FULL
    err = capsys.readouterr().err
    assert f"the disk holding {out} is full" in err and "The demo clips written so far are whole; no library " \
           "was changed. Free some space (or raise the limit), then run the same command again." in err, err
    assert "Traceback" not in err and "report" not in err, err
    for clip in out.glob("*.mp4"):  # (those written whole read back with every frame)
        video = cv2.VideoCapture(str(clip))
        assert video.isOpened() and video.get(cv2.CAP_PROP_FRAME_COUNT) > 0, clip
        video.release()
    assert not list(out.glob(".*.part.mp4"))
