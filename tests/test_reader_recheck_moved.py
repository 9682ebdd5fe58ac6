"""A video of an earlier reader's library that the user moved (renamed, or put in another folder of the
library) before updating is checked by the first re-scan too, as an unchanged or touched one is. Before,
the re-scan took it as moved and left it as the earlier reader read it: `seekframe status` still said
'To check: 1 video indexed by an earlier version' after it, a phone's portrait clip stayed read sideways
until a second re-scan (the s54 audit: a library of 0fd2f02 with a clip moved, re-scanned by HEAD)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from core.library.records import DONE
from core.video_info import READER
from tests.test_reader_recheck import RED, by_name, indexed_by_reader_1, run, status_text, top_colour
from tests.test_reader_recheck import videos  # noqa: F401  (the fixture)


def test_a_moved_video_of_an_earlier_reader_is_checked_by_the_same_rescan(tmp_path, videos, capsys):  # noqa: F811
    folder = tmp_path / "videos"
    (folder / "trip").mkdir(parents=True)
    shutil.copy2(videos / "plain.mp4", folder / "plain.mp4")
    shutil.copy2(videos / "turned.mp4", folder / "trip" / "turned.mp4")
    lib = tmp_path / "lib"
    before = indexed_by_reader_1(lib, folder)
    assert not np.allclose(top_colour(before["turned.mp4"][1]), RED, atol=30)  # read sideways

    (folder / "kept").mkdir()
    (folder / "trip" / "turned.mp4").rename(folder / "kept" / "turned.mp4")  # moved before the update
    events = run(lib, folder)
    assert (events[0].summary["moved"], events[0].summary["recheck"]) == (1, 2)
    after = by_name(lib)
    turned, moments = after["turned.mp4"]
    assert turned.path == str(folder / "kept" / "turned.mp4") and turned.video_id == before["turned.mp4"][0].video_id
    assert (turned.status, turned.reader) == (DONE, READER)
    assert np.allclose(top_colour(moments), RED, atol=8)  # upright now
    assert after["plain.mp4"][0].reader == READER
    assert "To check" not in status_text(lib, capsys)
    again = run(lib, folder)
    assert (again[0].summary["recheck"], again[0].summary["to_index"], again[0].summary["moved"]) == (0, 0, 0)
