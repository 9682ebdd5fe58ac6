"""A search result behind a link in its library folder (``~/Videos/cam`` -> ``/mnt/cam``) whose file is
not there: its drive unplugged when the link leads nowhere or to an empty folder now (an unplugged
drive's mount point), as the re-scan keeps it (offline: ``core.sync_mounts.links_emptied``); gone
when the link's folder still holds files, as the re-scan removes it. ``core.scan.file_gone`` said
every such file gone while the re-scan kept it offline (the window's results, ``seekframe search``'s
'(file gone since it was indexed)')."""

from __future__ import annotations

import os

from core.scan import file_gone, file_now


def _library_folder(tmp_path):
    root, mnt = tmp_path / "clips", tmp_path / "mnt" / "cam"
    root.mkdir()
    mnt.mkdir(parents=True)
    (root / "white.mp4").write_bytes(b"x")
    os.symlink(mnt, root / "cam")
    return root, mnt


def test_a_file_behind_a_link_to_an_empty_folder_is_offline(tmp_path):
    root, _ = _library_folder(tmp_path)
    path = str(root / "cam" / "day1" / "red.mp4")
    assert not file_gone(path, str(root))
    assert file_now(path, str(root), (10, 1.0))[0] == "offline"


def test_a_file_behind_a_link_leading_nowhere_is_offline(tmp_path):
    root, mnt = _library_folder(tmp_path)
    mnt.rmdir()
    assert not file_gone(str(root / "cam" / "red.mp4"), str(root))


def test_a_file_behind_a_link_to_a_folder_with_files_is_gone(tmp_path):
    root, mnt = _library_folder(tmp_path)
    (mnt / "blue.mp4").write_bytes(b"y")
    assert file_gone(str(root / "cam" / "red.mp4"), str(root))
    assert file_gone(str(root / "red.mp4"), str(root))  # (beside the link: gone, as before)
