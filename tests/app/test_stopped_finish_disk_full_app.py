"""The window's words for a run whose last write, the note that it finished (``core.stopped_runs``),
met a full disk: the run failed as a full disk (every video of it in the library). Now its end is
said as a finished run's, with the note that the library could not record it (a warning), from a
real run's events through ``app.run_words.run_messages``."""

from __future__ import annotations

import errno

from app.run_words import run_messages
from core import stopped_runs
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary, store
from core.progress import Tally
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def test_the_window_says_a_finished_run_it_could_not_note(tmp_path, monkeypatch):
    for i, colour in enumerate(("red", "blue")):
        write_video(tmp_path / "videos" / f"v{i}.mp4", [Segment(2, colour)], seed=i)
    real = store.VideoLibrary.update_settings

    def full_at_finish(self, **values):
        if stopped_runs.KEY in values and values[stopped_runs.KEY] is None:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, **values)

    monkeypatch.setattr(store.VideoLibrary, "update_settings", full_at_finish)
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run(
            [str(tmp_path / "videos")]))
        assert sum(v.status == "done" for v in lib.video_table.all()) == 2
    tally = Tally()
    for ev in events:
        tally.add(ev)
    assert events[-1].kind == "finished"
    said = run_messages(events[-1], tally)
    assert ("warning", stopped_runs.unnoted_text("the next re-scan")) in said, said
    assert any(level == "info" and "Indexed 2 of 2 video files" in text for level, text in said), said
