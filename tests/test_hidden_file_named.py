"""A hidden video named on its own (``seekframe index ~/Videos/.surprise.mp4``): a folder's walk
skips hidden files, but one the user names is indexed, not refused as "neither a folder nor a
video file (videos end in ... .mp4 ...)"."""

from __future__ import annotations

from core.cli_args import check_index_paths
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.scan import scan
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def test_a_hidden_video_named_alone_is_indexed(tmp_path):
    hidden = write_video(tmp_path / "videos" / ".surprise.mp4", [Segment(2, "red")], seed=1)
    write_video(tmp_path / "videos" / "shown.mp4", [Segment(2, "blue")], seed=2)
    check_index_paths([str(hidden)])  # (no SeekframeError)
    assert list(scan([str(hidden)]).files) == [str(hidden)]
    assert list(scan([str(tmp_path / "videos")]).files) == [str(tmp_path / "videos" / "shown.mp4")]  # walked: skipped
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(hidden)]))
        assert events[-1].kind == "finished" and not events[-1].failed
        assert [(v.path, v.status) for v in lib.video_table.all()] == [(str(hidden), "done")]
