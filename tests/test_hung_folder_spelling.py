"""A library folder remembered as not answering (library setting ``hung_folders``: a share that stopped
answering at a run) was looked at with the whole bound (120 s) when ``seekframe index NEW``, the window's
removal (``app.jobs.indexed_inside``) or a re-scan with a new root spelled their roots among the library's
folders (``folder_spelling.library_spellings``), where the run's own looks at it wait the short probe and
``run_roots._nest`` never looks at it (review rv_8, finding 3). It is compared by its spelling alone now, as
an offline one: ``offline_for`` holds it."""

from __future__ import annotations

import os
from types import SimpleNamespace

from core import folder_spelling


def _meta(hung):
    return SimpleNamespace(settings=SimpleNamespace(held_roots={}, hung_folders=hung))


def test_a_folder_remembered_hung_is_never_resolved_for_a_new_root(tmp_path, monkeypatch):
    share, local, new = (str(tmp_path / n) for n in ("share", "local", "new"))
    for f in (share, local, new):
        os.mkdir(f)
    looked, real = [], os.path.realpath

    def realpath(path, *args, **kw):
        looked.append(os.fspath(path))
        return real(path, *args, **kw)

    monkeypatch.setattr(os.path, "realpath", realpath)
    meta = _meta({share: 1.0})
    assert folder_spelling.library_spellings([new], [share, local], meta, videos=[]) == [new]
    assert share not in looked, "a share remembered as not answering was looked at, a whole bound"
    assert local in looked  # (the others are, as ever)
    assert folder_spelling.offline_for([new], [share, local], meta) == {share}  # (app.jobs.offline_before's)


def test_a_new_root_inside_a_folder_remembered_hung_is_kept_as_typed(tmp_path, monkeypatch):
    share = tmp_path / "share"
    (share / "sub").mkdir(parents=True)
    looked, real = [], os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda p, *a, **kw: looked.append(os.fspath(p)) or real(p, *a, **kw))
    sub = str(share / "sub")
    assert folder_spelling.library_spellings([sub], [str(share)], _meta({str(share): 1.0}), videos=[]) == [sub]
    assert looked == []
