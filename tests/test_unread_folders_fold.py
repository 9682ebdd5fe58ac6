"""``seekframe index PARENT`` takes in the library folder PARENT/sub (a fold) before it walks
PARENT. Before, the fold's write dropped the records of the folders sub's last index could not
read (library setting ``unread_folders``), so a run cut short during its walk (Ctrl-C, the app's
Stop) left status telling nothing of them until the next whole run, though nothing had read them.
Now they stay, sub's folders now PARENT's, until a walk of PARENT that finished replaces them."""

from __future__ import annotations

import sys

import pytest

import core.indexer
from tests.test_index_folder_too_long import _too_long
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401
from tests.test_unread_folders_offline import unread

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="PATH_MAX of 4096 bytes")


def test_a_fold_cut_short_in_its_walk_keeps_the_folded_folder_s_unread_folders(tmp_path, capsys, monkeypatch):
    parent, lib = tmp_path / "parent", tmp_path / "lib"
    sub = make_folder(parent / "sub", 2)
    _too_long(sub)
    run(capsys, "index", sub, "--library", lib)  # (1: a folder could not be read)
    recorded = unread(capsys, lib)
    assert len(recorded) == 1 and recorded[0].startswith(str(sub)), recorded
    walk = core.indexer.scan

    def cut_short(*args, **kwargs):
        walk(*args, **kwargs)
        raise KeyboardInterrupt  # (Ctrl-C during the walk)

    with monkeypatch.context() as m:
        m.setattr(core.indexer, "scan", cut_short)
        assert run(capsys, "index", parent, "--library", lib)[0] == 130
    assert set(folder_status(capsys, lib)) == {str(parent)}  # (the fold was written)
    assert unread(capsys, lib) == recorded  # (not read since: still told)
    run(capsys, "index", parent, "--library", lib)  # (a walk that finished: read again, the same)
    assert unread(capsys, lib) == recorded and set(folder_status(capsys, lib)) == {str(parent)}
