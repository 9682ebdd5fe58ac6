"""The indexing panel's summary names the files a run found to hold no video, as `seekframe index`
does: a folder of a clip, an empty .mkv (a copy that never finished) and a broken .mp4 ended in
'Indexed 1 file (3 moments); 1 could not be read', the empty file never mentioned, where the command
line says 'Skipped (not videos): 1 empty file.' and names it."""

from __future__ import annotations

from app.index_panel import IndexPanel
from tests.videos import Segment, write_video


def test_a_file_the_run_skipped_is_said_beside_those_indexed(show_view, tmp_path):
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary
    from tests.fakes import ColourMeanEncoder

    folder = tmp_path / "videos"
    write_video(folder / "beach.mp4", [Segment(4, "yellow"), Segment(4, "blue", "red")])
    (folder / "empty.mkv").write_bytes(b"")
    (folder / "broken.mp4").write_bytes(bytes(range(256)) * 20)
    panel = show_view(IndexPanel())
    with VideoLibrary(tmp_path / "lib") as lib:
        panel.start()
        for ev in MomentIndexer(lib, ColourMeanEncoder()).run([str(folder)]):
            panel.on_event(ev)
    said = panel.summary_text()
    assert said.startswith("Indexed 1 file ("), said
    assert "1 could not be read" in said, said
    assert "Skipped (not videos): 1 empty file" in said, said
    assert "Left out: empty.mkv (not a video: an empty file" in said, said
