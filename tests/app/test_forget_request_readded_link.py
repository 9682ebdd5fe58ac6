"""A folder still to be removed (the rest of a stopped `seekframe forget` of several) added again
through a link to it: ed3c5a5 kept it only when named as the library spells it, so `seekframe index
~/lnk` removed it at its open ('12 videos removed') and embedded its 12 videos again under the link's
spelling, and the window's add of the link did the same, where `seekframe forget ~/lnk` takes the link
for the folder. Now the link is the folder for this too (``forget_request.kept_again`` maps the roots as
the run does: ``folder_spelling.library_spellings``): kept, said, nothing removed."""

from __future__ import annotations

import os


from core.cli import main
from core.library.forget_request import kept_text
from core.library.meta import read_meta
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_forget_request_readded import _stopped_with_rest, window_with_rest


def test_seekframe_index_through_a_link_keeps_the_folder(demo_library, demo_clips, demo_model, capsys, tmp_path):
    folder, link = str(demo_clips), tmp_path / "lnk"
    os.symlink(folder, link)
    _stopped_with_rest(demo_library, folder)
    code = main(["index", str(link), "--library", str(demo_library), "--model", demo_model])
    out, err = capsys.readouterr()
    assert code == 0, (out, err)
    assert f"seekframe: {kept_text([folder])}" in err and "videos removed" not in err, err
    meta = read_meta(demo_library)
    assert meta.forget_request is None and meta.settings.folders == [folder] and not meta.removed


def test_the_window_keeps_the_folder_added_through_a_link(qtbot, make_app_window, demo_library, demo_clips, tmp_path):
    folder, link = str(demo_clips), tmp_path / "lnk"
    os.symlink(folder, link)
    session = window_with_rest(qtbot, make_app_window, demo_library, folder)
    session.add_folder(str(link), looked=True)
    qtbot.waitUntil(lambda: any(kept_text([folder]) == t for _l, t in session.messages), timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not session.indexing, timeout=SESSION_TIMEOUT_MS)
    meta = read_meta(demo_library)
    assert meta.forget_request is None and meta.settings.folders == [folder] and not meta.removed, session.messages
