"""Switching the model while a run indexes cancels the run (app.job_runner, quietly: the switch
re-indexes every folder next). The indexing strip then said 'Cancelled: indexed videos are kept,
re-scan to finish' for its summary's while; when the user then cancelled the switch's re-index,
that stale summary stayed up over nothing. The strip now goes with a run the session cancelled
itself, as with a removal's (c6ac786)."""

from __future__ import annotations

from tests.app.conftest import SESSION_TIMEOUT_MS, cached_loader, wait_idle
from tests.app.holding import HoldingEncoder, commit_each_video


def test_a_switch_that_cancels_a_run_leaves_no_cancelled_strip(qtbot, make_app_window, tmp_path, demo_clips,
                                                                demo_model, tiny_model_dir, monkeypatch):
    pausing = HoldingEncoder(cached_loader(demo_model), commit_each_video(monkeypatch))
    tiny = cached_loader(str(tiny_model_dir))
    window = make_app_window(tmp_path / "lib",
                             model_loader=lambda source: tiny if str(source) == str(tiny_model_dir) else pausing)
    s, ended = window.session, []
    s.index_event.connect(lambda ev: ended.append(ev.kind) if ev.kind in ("finished", "cancelled") else None)
    window.library_panel.ask_folder = lambda: str(demo_clips)
    window.library_panel.request_add()
    qtbot.waitUntil(lambda: pausing.paused.is_set() and s.status.videos > 0, timeout=SESSION_TIMEOUT_MS)
    s.switch_model(str(tiny_model_dir))
    pausing.go.set()
    qtbot.waitUntil(lambda: ended == ["cancelled"], timeout=SESSION_TIMEOUT_MS)
    s.cancel_indexing()  # (the user cancels what follows: the re-index)
    wait_idle(qtbot, s)
    qtbot.wait(200)
    assert not window.index_strip.isVisible(), window.index_panel.summary_text()
    assert not any(t.startswith("Indexing cancelled") for _l, t in window.message_log), window.message_log


def test_a_switch_cut_off_by_the_library_closing_leaves_no_strip_and_the_model_it_had(
        qtbot, make_app_window, tmp_path, demo_clips, demo_model, tiny_model_dir, monkeypatch):
    """The library closed (opened again) while the switch's cancel of the run was on its way: the
    run's end was never heard (the session hears nothing of a closed library's work), and the strip
    stayed as if it still indexed, its Cancel button live, after the library was open again."""
    pausing = HoldingEncoder(cached_loader(demo_model), commit_each_video(monkeypatch))
    tiny = cached_loader(str(tiny_model_dir))
    window = make_app_window(tmp_path / "lib",
                             model_loader=lambda source: tiny if str(source) == str(tiny_model_dir) else pausing)
    s = window.session
    window.library_panel.ask_folder = lambda: str(demo_clips)
    window.library_panel.request_add()
    qtbot.waitUntil(lambda: pausing.paused.is_set() and s.status.videos > 0, timeout=SESSION_TIMEOUT_MS)
    s.switch_model(str(tiny_model_dir))
    qtbot.waitUntil(lambda: "Re-indexing the library with tiny" in str(window.message_log), timeout=SESSION_TIMEOUT_MS)
    pausing.go.set()
    assert s.close()
    qtbot.wait(100)
    assert not window.index_strip.isVisible(), window.index_panel.summary_text()
    # (nor Indexing › Cancel live)
    assert not window.cancel_index_action.isEnabled()
    pausing.committed.clear()  # (nothing held from here on)
    s.open(str(tmp_path / "lib"))
    qtbot.waitUntil(lambda: s.is_ready and s.status.opened, timeout=SESSION_TIMEOUT_MS)
    assert s.library.meta.model_id == pausing.model_id  # (the switch never started)
    assert window.status_widgets.model_label.text() == f"Model: {pausing.card.title}"  # (its card names it)
