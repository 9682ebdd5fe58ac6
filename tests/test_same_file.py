"""One rule for "is this file still the one indexed": the library's (``core.sync``: a file left
alone, or changed while it was read) and the app's (``app.file_state``, ``app.found``: a search
result's file changed since) are ``core.scan.same_file``."""

from __future__ import annotations

from core.scan import MTIME_SLACK_S, same_file


def test_same_size_and_a_time_within_the_slack_is_the_same_file():
    indexed = (1000, 1_700_000_000.25)
    assert same_file(indexed, 1000, 1_700_000_000.25)
    assert same_file(indexed, 1000, 1_700_000_000.25 + MTIME_SLACK_S / 2)  # a float's rounding
    assert same_file(indexed, 1000, 1_700_000_000.25 - MTIME_SLACK_S / 2)
    assert not same_file(indexed, 1001, 1_700_000_000.25)  # another size
    assert not same_file(indexed, 1000, 1_700_000_000.25 + 2 * MTIME_SLACK_S)  # touched since
    assert not same_file(indexed, 1000, 1_700_000_000.25 - 2 * MTIME_SLACK_S)
    assert MTIME_SLACK_S == 1e-3


def test_file_now_says_what_is_at_a_path_against_the_file_indexed_there(tmp_path):
    """The one rule the app's results and looks use: gone (its folder there), offline (its folder
    not there: a drive unplugged), changed (another size), touched (another time only), or ''."""
    import os

    from core.scan import file_now

    folder = tmp_path / "videos"
    folder.mkdir()
    clip = folder / "a.mp4"
    clip.write_bytes(b"x" * 100)
    st = os.stat(clip)
    indexed = (st.st_size, st.st_mtime)
    assert file_now(str(clip), str(folder), indexed)[0] == ""
    assert file_now(str(clip), str(folder), None)[0] == ""  # (nothing to compare with)
    os.utime(clip, (st.st_atime, st.st_mtime + 10))
    state, now = file_now(str(clip), str(folder), indexed)
    assert state == "touched" and now.st_size == 100
    clip.write_bytes(b"y" * 50)
    assert file_now(str(clip), str(folder), indexed)[0] == "changed"
    (folder / "b.mp4").write_bytes(b"z")  # (the folder holds something: its drive is there)
    clip.unlink()
    assert file_now(str(clip), str(folder), indexed) == ("gone", None)
    assert file_now(str(tmp_path / "unplugged" / "a.mp4"), str(tmp_path / "unplugged"), indexed) == ("offline", None)
