"""`seekframe index FOLDER OTHER` where FOLDER is still to be removed (the rest of a stopped
`seekframe forget` of several) and OTHER is not there: the command is refused (exit 2, OTHER does
not exist) and indexes nothing, so it drops nothing either. It used to drop FOLDER's removal before
its checks and say 'added again, it is kept and indexed', then refuse: the removal the user asked
for gone, by a command that did nothing (``forget_request.keep_again_at`` now checks the paths first)."""

from __future__ import annotations

from core.cli import main
from core.library.forget_request import kept_text
from core.library.meta import read_meta
from tests.app.test_forget_request_readded import _stopped_with_rest


def test_a_refused_index_keeps_the_removal(demo_library, demo_clips, demo_model, capsys, tmp_path):
    folder, missing = str(demo_clips), tmp_path / "not-there"
    _stopped_with_rest(demo_library, folder)
    code = main(["index", folder, str(missing), "--library", str(demo_library), "--model", demo_model])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert f"{missing} does not exist" in err and kept_text([folder]) not in err, err
    meta = read_meta(demo_library)
    assert meta.forget_request == [folder] and meta.settings.folders == [folder]  # (as it was: nothing dropped)
