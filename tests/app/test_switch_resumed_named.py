"""A window opened on a library whose model switch was interrupted said "Finishing the switch to the
model /home/…/models/tiny that was interrupted" (the switch's record, a path) where the status bar and
the model dialog name that model by its card's title. It says the title now, read in the opening worker
(``app.model_names.switch_title``), a read-only window's "being switched to the model …" too (s58 x12)."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.app.conftest import SESSION_TIMEOUT_MS

TITLE = "Tiny scenes (a test card)"


@pytest.mark.parametrize("read_only", [False, True])
def test_a_resumed_switch_names_its_model_by_its_cards_title(qtbot, make_session, loader, demo_library,
                                                            tiny_model_dir, tmp_path, read_only):
    from core.library import VideoLibrary
    from core.library.lock import lock_library

    folder = shutil.copytree(tiny_model_dir, tmp_path / "models" / "tiny")
    (folder / "card.json").write_text(json.dumps({"title": TITLE, "summary": "for a test", "domain": "real"}))
    tiny = loader(str(folder))
    with VideoLibrary(demo_library) as lib:  # a switch killed right after its record was written
        lib.reset_for_model(tiny.model_id, str(folder), tiny.embed_dim)
        assert lib.model_switch
    lock = lock_library(demo_library) if read_only else None  # (another process writes the library)
    try:
        s = make_session(demo_library)
        said = [text for _level, text in s.messages if "switch" in text]
        qtbot.waitUntil(lambda: s.read_only or not s.indexing, timeout=SESSION_TIMEOUT_MS)
    finally:
        if lock is not None:
            lock.release()
    start = (f"This library is being switched to the model {TITLE};" if read_only
             else f"Finishing the switch to the model {TITLE} that was interrupted:")
    assert len(said) == 1 and said[0].startswith(start), said
    assert str(folder) not in said[0]
