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
    assert said.startswith("Indexed 1 of 3 video files (2 moments): 1 is not a video (skipped); "), said
    assert "1 could not be read" in said, said
    assert "Skipped (not videos): 1 empty file" in said, said
    assert "Left out: empty.mkv (not a video: an empty file" in said, said


def test_the_strip_says_a_renamed_folders_only_new_file_held_no_video_and_in_the_status_bars_nouns(show_view,
                                                                                                  tmp_path):
    """A renamed folder of a video and a list saved as list.mov: the video is found moved, list.mov read again
    at its new path; the strip said 'Indexed 0 files (0 moments); 1 video moved …' (the CLI 'Indexed 0 of 0
    files'). It says what happened, as the CLI does; and a first run's strip counts 'video files', as the status
    bar's 'Indexed 1 of 2 video files …: 1 is not a video (skipped)' and the 'Found 2 video files' before it."""
    from app.run_words import run_messages
    from core.indexer import MomentIndexer
    from core.library import VideoLibrary
    from core.progress import Tally
    from tests.fakes import ColourMeanEncoder
    from tests.videos import write_text_as_video

    folder, renamed = tmp_path / "videos", tmp_path / "renamed"
    write_video(folder / "beach.mp4", [Segment(1, "yellow")])
    write_text_as_video(folder / "list.mov")
    panel = show_view(IndexPanel())
    with VideoLibrary(tmp_path / "lib") as lib:
        for run in (folder, renamed):
            if run == renamed:
                folder.rename(renamed)
            panel.start()
            tally = Tally()
            for ev in MomentIndexer(lib, ColourMeanEncoder()).run([str(run)]):
                panel.on_event(ev)
                tally.add(ev)
            said = panel.summary_text()
            if run == folder:
                assert said.startswith("Indexed 1 of 2 video files (1 moment): 1 is not a video (skipped). ") and "Skipped (not videos): 1 text file" in said, said
                bar = run_messages(ev, tally)[0][1]
                assert bar.startswith("Indexed 1 of 2 video files (") and bar.endswith(
                    "): 1 is not a video (skipped)."), bar
    assert said.startswith("Nothing indexed: the 1 file to index is not a video (skipped); 1 video moved"), said
    assert "Skipped (not videos): 1 text file" in said and "Indexed 0" not in said, said
