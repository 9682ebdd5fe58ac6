import os
import sys

import pytest

from core.scan import content_hash, is_under, scan


def touch(path, data=b"video"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_finds_videos_skips_hidden_and_other_files(tmp_path):
    touch(tmp_path / "a.mp4")
    touch(tmp_path / "sub" / "B.MKV")
    touch(tmp_path / ".hidden.mp4")
    touch(tmp_path / ".cache" / "c.mp4")
    touch(tmp_path / "notes.txt")
    touch(tmp_path / "sub" / "deeper" / "vidéo 東京.webm")
    found = scan([str(tmp_path)])
    names = sorted(os.path.relpath(p, tmp_path) for p in found.files)
    assert names == ["a.mp4", os.path.join("sub", "B.MKV"), os.path.join("sub", "deeper", "vidéo 東京.webm")]
    assert not found.offline_roots


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_loop_terminates_and_links_are_deduplicated(tmp_path):
    touch(tmp_path / "x" / "a.mp4")
    os.symlink(tmp_path, tmp_path / "x" / "loop")  # x/loop -> root: a cycle
    os.symlink(tmp_path / "x" / "a.mp4", tmp_path / "alias.mp4")
    os.symlink(tmp_path / "missing.mp4", tmp_path / "dangling.mp4")
    found = scan([str(tmp_path)])
    assert len(found.files) == 1  # a.mp4 once, whatever the number of ways to reach it
    assert not found.problems


def test_missing_root_is_offline_not_empty(tmp_path):
    touch(tmp_path / "here" / "a.mp4")
    gone = tmp_path / "unmounted-drive"
    found = scan([str(tmp_path / "here"), str(gone)])
    assert found.offline_roots == [str(gone)]
    assert len(found.files) == 1


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads everything")
def test_unreadable_subfolder_is_a_problem_not_a_crash(tmp_path):
    touch(tmp_path / "locked" / "a.mp4")
    touch(tmp_path / "b.mp4")
    os.chmod(tmp_path / "locked", 0)
    try:
        found = scan([str(tmp_path)])
    finally:
        os.chmod(tmp_path / "locked", 0o755)
    assert [os.path.basename(p) for p in found.files] == ["b.mp4"]
    assert found.problems


def test_single_file_root(tmp_path):
    f = touch(tmp_path / "one.mov")
    assert list(scan([str(f)]).files) == [str(f)]


def test_content_hash_tracks_content_not_name(tmp_path):
    big = os.urandom(5 * (1 << 20))
    a = touch(tmp_path / "a.mp4", big)
    b = touch(tmp_path / "renamed.mp4", big)
    c = touch(tmp_path / "c.mp4", big[:-1] + bytes([big[-1] ^ 1]))  # last byte differs
    d = touch(tmp_path / "d.mp4", big[: 2 << 20] + bytes([big[2 << 20] ^ 1]) + big[(2 << 20) + 1 :])
    assert content_hash(str(a)) == content_hash(str(b))
    assert content_hash(str(a)) != content_hash(str(c))
    assert content_hash(str(a)) != content_hash(str(d))  # inside the sampled middle chunk


def test_is_under():
    assert is_under("/a/b/c.mp4", "/a/b")
    assert is_under("/a/b/c.mp4", "/a/b/")
    assert not is_under("/a/bc/c.mp4", "/a/b")
    assert is_under("/x.mp4", "/")
