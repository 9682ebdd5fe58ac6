"""The window read the paths a run skipped as no file to read (a pipe, a device named) out of the
run's ``failed`` by their "skipped: " prefix (``app.run_words.split_failed``, ``IndexPanel.set_failed``).
Now they come in the events' own ``skipped`` (``core.pass_book.IndexEvent``): the run's messages
and the indexing panel say them from it, as before ("1 file skipped (fifo.mp4: ...)", the summary's
"Left out"), and list only ``failed`` as failed."""

from __future__ import annotations

from app.index_panel import IndexPanel
from app.run_words import run_messages, split_failed
from core.pass_book import IndexEvent
from core.progress import Tally

PIPE = "a named pipe, not a video file (only regular files are read)"
FIFO, BROKEN = "/v/odd/fifo.mp4", ("/v/more/broken.mp4", "not a video file or unsupported format")


def _events() -> list[IndexEvent]:
    s = {"found": 1, "to_index": 1, "offline_roots": []}
    return [IndexEvent("scanned", files_total=1, skipped=[(FIFO, PIPE)], summary=s),
            IndexEvent("file_failed", 1, 1, 0, current=BROKEN[0], error=BROKEN[1], failed=[BROKEN],
                       skipped=[(FIFO, PIPE)], summary=s),
            IndexEvent("finished", 1, 1, 0, failed=[BROKEN], skipped=[(FIFO, PIPE)], summary=s)]


def test_the_run_s_messages_say_its_skipped_apart_from_its_failed():
    tally = Tally()
    for ev in _events():
        tally.add(ev)
    said = run_messages(_events()[-1], tally)
    assert ("info", f"1 file skipped (fifo.mp4: {PIPE}).") in said, said
    failed = [t for _l, t in said if "could not be indexed" in t]
    assert len(failed) == 1 and failed[0].startswith("1 file could not be indexed (broken.mp4: "), said
    assert split_failed([BROKEN]) == ([], [BROKEN])  # (folders, files: no third list to parse out)


def test_the_panel_lists_only_the_failed_and_names_the_skipped(show_view):
    panel = show_view(IndexPanel())
    panel.start()
    for ev in _events():
        panel.on_event(ev)
    assert panel.failed() == [BROKEN]
    assert panel._failed_button.text() == "1 failed"
    summary = panel.summary_text()
    assert "; 1 could not be read" in summary and f"fifo.mp4 ({PIPE})" in summary, summary
    assert "skipped: " not in summary, summary
