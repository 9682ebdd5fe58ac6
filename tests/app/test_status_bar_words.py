"""What the status bar says, as the rest of the window says it: an index run's end names what its
scan found besides the files it read (a copy of an indexed video took its moments, unread; as the
CLI's "Found 3 videos: … 1 copy of an indexed video"), not "Indexed 0 of 1 file (0 moments)" alone
for a folder of three; and the model is named by its card's title, as the welcome page, the model
dialog and the card say it ("Seekframe everyday scenes (bundled)"), not by its id."""

from __future__ import annotations

import shutil

from tests.app.conftest import wait_indexing


def test_a_run_that_found_a_copy_of_an_indexed_video_says_so(qtbot, make_app_window, demo_library, demo_clips,
                                                             tmp_path):
    more = tmp_path / "more"
    more.mkdir()
    shutil.copy(demo_clips / "red-ball-beach.mp4", more / "beach copy.mp4")  # indexed already, under demo_clips
    (more / "broken.mp4").write_bytes(bytes(range(256)) * 20)
    (more / "empty.mkv").write_bytes(b"")  # a copy that never finished
    window = make_app_window(demo_library)
    window.message_log.clear()
    wait_indexing(qtbot, window.session, lambda: window.session.add_folder(str(more)))
    qtbot.waitUntil(lambda: any(t.startswith("Found") for _l, t in window.message_log), timeout=10_000)
    said = [t for level, t in window.message_log if level == "info" and t.startswith("Found")]
    assert said == ["Found 3 video files: 1 copy of an indexed video (its moments copied, not read again). Indexed "
                    "0 of 2 video files (0 moments): 1 is not a video (skipped), 1 failed."], \
        window.message_log
    assert any(level == "warning" and "broken.mp4" in t for level, t in window.message_log)  # (as before)


def test_the_status_bar_names_the_model_by_its_cards_title(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    card = window.session.encoder.card
    assert card.title == "Seekframe demo model" != window.session.status.model_name  # (its id: seekframe-demo)
    qtbot.waitUntil(lambda: window.status_widgets.model_label.text() == f"Model: {card.title}", timeout=10_000)


def test_a_model_without_a_card_of_its_own_keeps_its_name():
    from app.requests import SessionStatus
    from core.encoders.card import CLIP_CARD

    assert SessionStatus(model_name="clip-vit-b-32", model_card=CLIP_CARD).model_title == "clip-vit-b-32"
    assert SessionStatus(model_name="student-1").model_title == "student-1"
