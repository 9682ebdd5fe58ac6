"""`seekframe index FOLDER`, FOLDER still to be removed (the rest of a stopped `seekframe forget` of
several), keeps it before the library opens (``forget_request.keep_again_at``) and said so at once:
'added again, it is kept and indexed'. When the run then failed (a model that does not load, a full
disk) nothing had been indexed, so half of that was said too early. The folder is kept all the same
(the user added it again: its removal stays dropped, its videos in the library), and the words now say
only that, before the run, which says its own end or failure, in the CLI and the window alike
(``kept_text``)."""

from __future__ import annotations

import json

from core.cli import main
from core.library.forget_request import kept_text
from core.library.meta import read_meta
from tests.app.test_forget_request_readded import _stopped_with_rest


def test_a_failed_index_never_said_it_indexed(demo_library, demo_clips, capsys, tmp_path):
    folder = str(demo_clips)
    _stopped_with_rest(demo_library, folder)
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "config.json").write_text("{not json")
    code = main(["index", folder, "--library", str(demo_library), "--model", str(broken)])
    out, err = capsys.readouterr()
    assert code == 2 and "config.json" in err, (out, err)
    said = [line for line in err.splitlines() if "still to be removed" in line]
    assert said == [f"seekframe: {kept_text([folder])}"], err
    assert "indexed" not in said[0] and f"{folder} was still to be removed" in said[0], said
    assert "added again, it is kept, with its videos, and that removal of it is dropped." in said[0], said
    meta = read_meta(demo_library)  # (kept, as said: its removal dropped, its 12 videos still there)
    assert meta.forget_request is None and meta.settings.folders == [folder] and not meta.removed
    assert main(["status", "--library", str(demo_library), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["by_status"]["done"] == 12
