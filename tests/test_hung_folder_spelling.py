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


@pytest.fixture
def slow(monkeypatch):
    """``slow(path)``: each look at ``path``, or at anything in it (``isdir``, ``stat``, ``lstat``), answers after
    twice the short look's bound (a share back, but slow); the calls made so listed."""
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    folders, made = [], []

    def slowed(name):
        real = getattr(os, name) if name != "isdir" else os.path.isdir

        def call(path, *a, **kw):
            p = "" if isinstance(path, int) else os.fspath(path)
            if any(p == f or p.startswith(f + os.sep) for f in folders):
                made.append((name, p))
                threading.Event().wait(2 * scan_stalls.PROBE_S)
            return real(path, *a, **kw)
        return call

    for name in ("stat", "lstat"):
        monkeypatch.setattr(os, name, slowed(name))
    monkeypatch.setattr(os.path, "isdir", slowed("isdir"))
    return lambda path: folders.append(os.fspath(path)) or made


def test_a_slow_share_typed_through_another_link_to_its_mount_is_its_library_folder(tmp_path, slow):
    """The library holds the share through a link (~/nas); remembered as not answering, it is back but slower than
    the short look, and the user types it through another link to its mount (/data/Videos, /data a link to /mnt):
    its walk met the share's recorded real path, so it is that library folder, not a second one whose videos are
    copies (it was taken as dropped, compared by the spelling ~/nas alone, then the typed path resolved)."""
    mount = tmp_path / "mnt" / "Videos"
    (mount / "2024").mkdir(parents=True)
    (tmp_path / "nas").symlink_to(mount, target_is_directory=True)
    (tmp_path / "data").symlink_to(tmp_path / "mnt", target_is_directory=True)
    link = str(tmp_path / "nas")
    slow(link)  # (a look at the link's target: the share's)
    made = slow(mount)
    meta = _meta({link: 1.0}, {link: {"real": str(mount), "links": {}}})
    typed = [str(tmp_path / "data" / "Videos"), str(tmp_path / "data" / "Videos" / "2024")]
    assert folder_spelling.library_spellings(typed, [link], meta, videos=[]) == [link, os.path.join(link, "2024")]
    assert made == [], made  # (the share not looked at: its walk's answer is the spelling)


def test_a_share_that_answers_the_short_look_but_not_its_resolving_is_compared_by_its_spelling(tmp_path,
                                                                                              monkeypatch):
    """A share remembered as not answering whose folder's ``stat`` answers the short look (from the attribute
    cache) while resolving its path (``lstat``) still does not: the look that says it answers is the one whose
    answer is used (its path resolved, within the short bound), not a second look after it, which waited the whole
    bound and then took a link to it for a new folder."""
    from core import bounded_read

    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 5.0)  # (the whole bound: the old code's second look)
    share = tmp_path / "share"
    (share / "2024").mkdir(parents=True)
    (tmp_path / "lnk").symlink_to(share / "2024", target_is_directory=True)
    gate, real_lstat, made = threading.Event(), os.lstat, []

    def lstat(path, *a, **kw):
        if os.fspath(path).startswith(str(share)):
            made.append(os.fspath(path))
            gate.wait(60)
        return real_lstat(path, *a, **kw)

    monkeypatch.setattr(os, "lstat", lstat)
    try:
        spelled = folder_spelling.library_spellings([str(tmp_path / "lnk")], [str(share)], _meta({str(share): 1.0}),
                                                    videos=[])
    finally:
        gate.set()
    assert spelled == [str(share / "2024")]
    assert len(made) == 1, made  # (one look resolved the share, and no second one)
