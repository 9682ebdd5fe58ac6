"""A library of the released version (before 7f5c30d) recorded a text file saved under a video's name
(notes.mov) as failed, 'not a video file or unsupported format', the words it gave any file FFmpeg
could not open whose first bytes it did not know. The file unchanged, no run read it again, so that
library said '1 failed' for good (`seekframe status`, the window's count) and a nightly `index -q`
exited 1 every night until --retry-failed or Try again (review rv_7, finding 2). The next run looks at
such a failure once: a text file is then recorded as not a video; a file of a format no reader here
opens stays failed, under this version's words, and is not looked at again."""

from __future__ import annotations

import core.cli
from core.cli import main
from core.library import VideoLibrary
from core.library_status import library_status
from core.unopenable import UNKNOWN
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_text_as_video, write_video

RELEASED = "not a video file or unsupported format"  # (the released version's words for both)


def _records(lib: str) -> dict:
    with VideoLibrary(lib, read_only=True) as library:
        return {v.path.rsplit("/", 1)[-1]: v for v in library.video_table.view().values()}


def test_an_earlier_version_s_text_file_failure_is_looked_at_once(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder, lib = tmp_path / "videos", str(tmp_path / "lib")
    write_video(folder / "clip.mp4", [Segment(1, "red")], seed=1)
    write_text_as_video(folder / "notes.mov")
    (folder / "odd.mp4").write_bytes(b"\x01\x02 not a known format" * 100)  # (no reader opens it)
    main(["index", str(folder), "--library", lib, "-q"])
    with VideoLibrary(lib) as library:  # (as the released version recorded both, its reader this one's)
        known = [v for v in library.video_table.view().values() if not v.path.endswith("clip.mp4")]
        library.video_table.record_failures([(v, RELEASED) for v in known])
    with VideoLibrary(lib, read_only=True) as library:
        status = library_status(library)
    assert len(status.failed) == 2 and status.to_retry == 2  # (the next index tries them: said so)
    capsys.readouterr()

    assert main(["index", str(folder), "--library", lib, "-q"]) == 1  # (odd.mp4: still a failure)
    records = _records(lib)
    assert records["odd.mp4"].error == UNKNOWN  # (old: still the released words, never looked at)
    with VideoLibrary(lib, read_only=True) as library:
        status = library_status(library)
    assert [p for p, _ in status.failed] == [str(folder / "odd.mp4")] and status.to_retry == 0
    assert [p for p, _ in status.not_videos] == [str(folder / "notes.mov")]
    assert main(["status", "--library", lib]) == 0
    assert "Videos:  2 (1 done, 1 failed)" in capsys.readouterr().out

    main(["index", str(folder), "--library", lib, "-q"])  # (its one look was taken: not again)
    assert _records(lib)["odd.mp4"].indexed_at == records["odd.mp4"].indexed_at


def test_a_share_that_stalls_is_found_so_before_such_a_file_is_decoded():
    """``scan_stalls.hash_ahead`` reads first a file the run decodes unread by the plan, to find a share that
    stalls before the decode waits for it: it left out these failures, which sync tries again (review rv_9,
    finding 3); its rule is sync's now (``errors.failed_earlier``)."""
    from core.library.records import FAILED, VideoRecord
    from core.scan_stalls import _decode_rule
    from core.video_info import READER

    def failed(error):
        return VideoRecord(video_id="0" * 16, path="/share/notes.mov", root="/share", size=64, mtime=1.0,
                           content_hash="h", status=FAILED, error=error, reader=READER)

    to_decode = _decode_rule()
    assert to_decode(failed(RELEASED))  # (an earlier version's words: looked at once)
    assert not to_decode(failed(UNKNOWN))  # (this version's: not)
