"""A library folder remembered as not answering (library setting ``hung_folders``: a share that stopped
answering at a run) was looked at with the whole bound (120 s) when ``seekframe index NEW``, the window's
removal (``app.jobs.indexed_inside``) or a re-scan with a new root spelled their roots among the library's
folders (``folder_spelling.library_spellings``), where the run's own looks at it wait the short probe and
``run_roots._nest`` never looks at it (review rv_8, finding 3). It is compared by its spelling alone now, as
an offline one, while it still does not answer a short look (``folder_hung.not_answering_now``); one that
answers again is resolved as any library folder (review rv_9, finding 2)."""

from __future__ import annotations

import os
import threading
from types import SimpleNamespace

import pytest

from core import folder_spelling, scan_stalls


def _meta(hung, links=None):
    return SimpleNamespace(settings=SimpleNamespace(held_roots={}, hung_folders=hung, folder_links=links or {}))


@pytest.fixture
def not_answering(monkeypatch):
    """``not_answering(path)``: a look whether ``path`` is a folder hangs (a share still dropped), until the end."""
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)  # (the short look's bound: bound()'s least)
    gate, mute, real = threading.Event(), set(), os.path.isdir

    def isdir(path):
        if os.fspath(path) in mute:
            gate.wait(60)
        return real(path)

    monkeypatch.setattr(os.path, "isdir", isdir)
    yield mute.add
    gate.set()


def test_a_folder_remembered_hung_is_never_resolved_for_a_new_root(tmp_path, monkeypatch, not_answering):
    share, local, new = (str(tmp_path / n) for n in ("share", "local", "new"))
    for f in (share, local, new):
        os.mkdir(f)
    not_answering(share)
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


def test_a_new_root_inside_a_folder_remembered_hung_is_kept_as_typed(tmp_path, monkeypatch, not_answering):
    share = tmp_path / "share"
    (share / "sub").mkdir(parents=True)
    not_answering(str(share))
    looked, real = [], os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda p, *a, **kw: looked.append(os.fspath(p)) or real(p, *a, **kw))
    sub = str(share / "sub")
    assert folder_spelling.library_spellings([sub], [str(share)], _meta({str(share): 1.0}), videos=[]) == [sub]
    assert looked == []


def test_a_share_back_is_resolved_as_any_library_folder(tmp_path):
    """The library holds the share through a link (~/nas/Videos); it answers again, not re-scanned yet, and the
    user types its mount's own path: that is the library folder, not a second one whose videos are copies (by its
    recorded real path: no look at the share is needed, the share's being back or not says nothing more)."""
    mount = tmp_path / "mnt" / "Videos"
    mount.mkdir(parents=True)
    link = tmp_path / "nas"
    link.symlink_to(mount, target_is_directory=True)
    meta = _meta({str(link): 1.0}, {str(link): {"real": str(mount), "links": {}}})  # (its walk's record)
    assert folder_spelling.library_spellings([str(mount)], [str(link)], meta, videos=[]) == [str(link)]


def _looks_at(monkeypatch, *paths):
    """The looks (``os.path.isdir``) made at ``paths``, counted."""
    looked, real = [], os.path.isdir
    monkeypatch.setattr(os.path, "isdir", lambda p: looked.append(os.fspath(p)) or real(p))
    return lambda: [p for p in looked if p in paths]


def test_a_new_root_unrelated_to_a_hung_share_waits_for_no_look_at_it(tmp_path, monkeypatch):
    """``seekframe index NEW`` beside a share still dropped paid one short look (10 s) at the share, silent
    (review rv_10, findings 1-2): NEW cannot name it, as spelled or through its links."""
    share, new = str(tmp_path / "share"), tmp_path / "new"
    new.mkdir()
    looks = _looks_at(monkeypatch, share)
    meta = _meta({share: 1.0}, {share: {"real": str(tmp_path / "mnt"), "links": {}}})
    assert folder_spelling.offline_for([str(new)], [share], meta) == {share}
    assert folder_spelling.library_spellings([str(new)], [share], meta, videos=[]) == [str(new)]
    assert looks() == [], "the share was looked at for a root that cannot name it"


def test_the_mount_path_of_a_hung_share_is_its_library_folder_with_no_look(tmp_path, monkeypatch, not_answering):
    """The library holds the share through a link (~/nas); the share still does not answer and the user types its
    mount's own path, or a folder in it: the library folder by its recorded real path, not a second one."""
    link, mount = str(tmp_path / "nas"), str(tmp_path / "mnt" / "Videos")
    not_answering(mount)
    not_answering(link)
    looks = _looks_at(monkeypatch, mount, link)
    meta = _meta({link: 1.0}, {link: {"real": mount, "links": {}}})
    typed = [mount, os.path.join(mount, "2024")]
    assert folder_spelling.library_spellings(typed, [link], meta, videos=[]) == [link, os.path.join(link, "2024")]
    assert looks() == []
