"""A library of an earlier version lists the files that version could not index (a clip cut short, which
0fd2f02 failed as 'truncated: decodes only 11.8 s of 30.2 s'), and the next `seekframe index` tries
each of them again (``core.sync``'s retry: this reader may read what an earlier one could not; the run
says 'Trying again 2 videos an earlier version could not read'). `seekframe status` listed them under
'Failed files:' and said nothing of that, so a user who updated read them as lost for good (the s54 audit:
a library of 0fd2f02 opened by HEAD). It now says the next index tries them again."""

from __future__ import annotations

import json

from core.cli_status import print_library_status
from core.library import VideoLibrary
from core.library.records import VideoRecord
from core.library_status import library_status
from core.unopenable import UNKNOWN
from core.video_info import READER


def _failed(lib, i: int, why: str, reader: int) -> None:
    rec = VideoRecord(f"{i:016x}", f"/media/clip{i}.mp4", "/media", 10 + i, 1.7e9, f"h{i}")
    lib.video_table.record_failure(rec, why)
    lib.video_table.set_reader([rec.video_id], reader)


def test_status_says_the_next_index_tries_again_what_an_earlier_version_failed(tmp_path, capsys):
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.bind_model("tiny-000000000001", "/models/tiny", 4)
        _failed(lib, 0, "truncated: decodes only 11.8 s of 30.2 s", 0)  # (an earlier version's)
        _failed(lib, 1, "not a video file or unsupported format", 0)
        _failed(lib, 2, UNKNOWN, READER)  # (this version's: not again)
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        assert library_status(lib).to_retry == 2
        capsys.readouterr()
        assert print_library_status(lib, as_json=False) == 0
        out = capsys.readouterr().out
        assert "the next `seekframe index` tries 2 of them again: an earlier version could not read them" in out
        assert print_library_status(lib, as_json=True) == 0
        assert json.loads(capsys.readouterr().out)["to_retry"] == 2
